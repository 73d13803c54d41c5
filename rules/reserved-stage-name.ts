import { defineRule } from '../src/engine/api';

const RESERVED = new Set(['scratch', 'context']);

/**
 * `scratch` and `context` are not usable stage names: `FROM scratch` always means the empty image, and `context`
 * names the build context in `COPY --from` (hadolint DL3063, BuildKit ReservedStageName). Compared without
 * regard to case, as BuildKit does.
 */
export default defineRule({
  meta: {
    id: 'reserved-stage-name',
    aliases: ['DL3063', 'ReservedStageName'],
    severity: 'warning',
    category: 'correctness',
    fixable: false,
    description: 'Stage name should not be a reserved word',
    messages: { reserved: "Stage name '{{name}}' is reserved; choose another name" },
  },
  create(context) {
    return {
      stage(stage) {
        if (stage.name === null || !RESERVED.has(stage.name)) return;
        const nameArg = stage.from.args[2];
        context.report({ messageId: 'reserved', data: { name: stage.nameRaw ?? stage.name }, range: nameArg?.range ?? stage.from.range });
      },
    };
  },
});
