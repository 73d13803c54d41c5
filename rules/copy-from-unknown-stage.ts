import { defineRule } from '../src/engine/api';

/**
 * `COPY --from=name` where no earlier stage has that name: BuildKit then pulls an image called `name`, which is
 * rarely what was meant (hadolint DL3022). Values with `:`, `/` or `@` are image references and are accepted.
 */
export default defineRule({
  meta: {
    id: 'copy-from-unknown-stage',
    aliases: ['DL3022'],
    severity: 'warning',
    category: 'correctness',
    fixable: false,
    description: 'COPY --from should reference a previously defined FROM alias',
    messages: {
      unknown: 'COPY --from={{ref}} names no earlier stage; BuildKit will try to pull an image called "{{ref}}"',
      index: 'COPY --from={{ref}} refers to stage {{ref}}, but only {{count}} stage(s) come before it',
      later: 'COPY --from={{ref}} names a stage defined later (line {{line}}); define a stage before the stages that copy from it',
    },
  },
  create(context) {
    const model = context.model;
    return {
      COPY(ins) {
        const flag = ins.flags.find((f) => f.name === 'from');
        if (!flag || !flag.expanded) return;
        const ref = flag.expanded;
        if (/[:/@$]/.test(ref) || ref.includes('${')) return;
        if (/^\d+$/.test(ref)) {
          if (Number(ref) > ins.stageIndex) context.report({ messageId: 'index', data: { ref, count: ins.stageIndex }, range: flag.range });
          return;
        }
        const lower = ref.toLowerCase();
        if (model.stages.some((s) => s.name === lower && s.index < ins.stageIndex)) return;
        // Self references are reported by copy-from-self.
        if (model.stages[ins.stageIndex]?.name === lower) return;
        const later = model.stages.find((s) => s.name === lower && s.index > ins.stageIndex);
        if (later) context.report({ messageId: 'later', data: { ref, line: later.from.range.start.line }, range: flag.range });
        else context.report({ messageId: 'unknown', data: { ref }, range: flag.range });
      },
    };
  },
});
