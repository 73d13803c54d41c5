import { defineRule } from '../src/engine/api';
import { insertAfterWord } from '../src/engine/shell-fix';
import { hasAnyOption, runCommands } from '../src/model/query/commands';
import { ZYPPER_VALUED, invocationOf } from '../src/model/query/packages';

/** zypper asks before it changes packages; a build cannot answer, so the step aborts (hadolint DL3034). */
const SUBCOMMANDS = ['install', 'in', 'remove', 'rm', 'source-install', 'si', 'patch'];

export default defineRule({
  meta: {
    id: 'zypper-missing-non-interactive',
    aliases: ['DL3034'],
    severity: 'warning',
    category: 'correctness',
    fixable: true,
    onbuild: true,
    description: 'Non-interactive switch missing from zypper command: zypper install -y',
    messages: { missing: '`zypper {{sub}}` without --non-interactive (-n) or -y waits for an answer that never comes in a build' },
  },
  create(context) {
    return {
      RUN(ins) {
        for (const cmd of runCommands(ins)) {
          if (cmd.name !== 'zypper') continue;
          const inv = invocationOf(cmd, SUBCOMMANDS, ZYPPER_VALUED);
          if (!inv || hasAnyOption(cmd.args, ['non-interactive', 'n', 'no-confirm', 'y'])) continue;
          // --non-interactive is a global option: it goes right after `zypper`, where every subcommand accepts it.
          const name = { raw: 'zypper', value: 'zypper', dynamic: false, span: cmd.nameSpan };
          context.report({ messageId: 'missing', data: { sub: inv.sub.value }, range: context.model.lines.range(cmd.cmd.span), fix: insertAfterWord(context.model, ins, name, ' --non-interactive') });
        }
      },
    };
  },
});
