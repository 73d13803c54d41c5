import { defineRule } from '../src/engine/api';
import { commandsNamed } from '../src/model/shell-query';

/** `cd` in RUN only lasts for that RUN, which surprises readers; WORKDIR says it once (hadolint DL3003). */
export default defineRule({
  meta: {
    id: 'run-cd',
    aliases: ['DL3003'],
    severity: 'warning',
    category: 'maintainability',
    fixable: false,
    description: 'Use WORKDIR to switch to a directory',
    messages: { cd: '`cd` in RUN does not carry over to the next instruction; use WORKDIR {{dir}}' },
  },
  create(context) {
    return {
      RUN(ins) {
        for (const c of commandsNamed(ins, 'cd')) {
          if (c.cmd.inSubshell || c.cmd.inSubstitution) continue;
          context.report({ messageId: 'cd', data: { dir: c.args[0]?.value ?? '<dir>' }, range: context.model.lines.range(c.cmd.span) });
        }
      },
    };
  },
});
