import { defineRule } from '../src/engine/api';

/** A stage cannot copy from itself (hadolint DL3023). */
export default defineRule({
  meta: {
    id: 'copy-from-self',
    aliases: ['DL3023'],
    severity: 'error',
    category: 'correctness',
    fixable: false,
    description: 'COPY --from cannot reference its own FROM alias',
    messages: { self: 'COPY --from={{ref}} refers to the stage it is in; a stage cannot copy from itself' },
  },
  create(context) {
    return {
      COPY(ins) {
        const flag = ins.flags.find((f) => f.name === 'from');
        const stage = context.model.stages[ins.stageIndex];
        if (!flag || !flag.expanded || !stage) return;
        const ref = flag.expanded.toLowerCase();
        if ((stage.name !== null && ref === stage.name) || ref === String(stage.index)) context.report({ messageId: 'self', data: { ref: flag.expanded }, range: flag.range });
      },
    };
  },
});
