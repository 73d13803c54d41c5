import { defineRule } from '../src/engine/api';

/** Stage names must be unique, case-insensitively (hadolint DL3024, BuildKit DuplicateStageName). */
export default defineRule({
  meta: {
    id: 'duplicate-stage-name',
    aliases: ['DL3024', 'DuplicateStageName'],
    severity: 'error',
    category: 'correctness',
    fixable: false,
    description: 'FROM aliases (stage names) must be unique',
    messages: { duplicate: 'Stage name "{{name}}" is already used on line {{line}}; stage names must be unique' },
  },
  create(context) {
    const seen = new Map<string, number>();
    return {
      stage(stage) {
        if (!stage.name) return;
        const first = seen.get(stage.name);
        const nameArg = stage.from.args[2];
        if (first !== undefined) context.report({ messageId: 'duplicate', data: { name: stage.nameRaw ?? stage.name, line: first }, range: nameArg?.range ?? stage.from.range });
        else seen.set(stage.name, stage.from.range.start.line);
      },
    };
  },
});
