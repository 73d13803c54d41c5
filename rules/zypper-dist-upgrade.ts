import { defineRule } from '../src/engine/api';
import { runCommands } from '../src/model/query/commands';
import { ZYPPER_VALUED, invocationOf } from '../src/model/query/packages';

/**
 * `zypper dist-upgrade` moves the whole system to whatever the repositories hold, which can change the distribution
 * release under the image; the base image tag should decide that (hadolint DL3035).
 */
export default defineRule({
  meta: {
    id: 'zypper-dist-upgrade',
    aliases: ['DL3035'],
    severity: 'warning',
    category: 'best-practice',
    fixable: false,
    onbuild: true,
    description: 'Do not use zypper dist-upgrade',
    messages: { dup: '`zypper {{sub}}` upgrades the whole distribution during the build; choose a newer base image instead' },
  },
  create(context) {
    return {
      RUN(ins) {
        for (const cmd of runCommands(ins)) {
          if (cmd.name !== 'zypper') continue;
          const inv = invocationOf(cmd, ['dist-upgrade', 'dup'], ZYPPER_VALUED);
          if (inv) context.report({ messageId: 'dup', data: { sub: inv.sub.value }, range: context.model.lines.range(cmd.cmd.span) });
        }
      },
    };
  },
});
