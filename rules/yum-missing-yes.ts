import { defineRule } from '../src/engine/api';
import { insertAfterWord } from '../src/engine/shell-fix';
import { hasAnyOption } from '../src/model/query/commands';
import { rpmInstalls } from '../src/model/query/packages';

/** A build cannot answer yum's "Is this ok [y/N]" prompt: without -y the install aborts (hadolint DL3030). */
export default defineRule({
  meta: {
    id: 'yum-missing-yes',
    aliases: ['DL3030'],
    severity: 'warning',
    category: 'correctness',
    fixable: true,
    onbuild: true,
    description: 'Use the -y switch to avoid manual input: yum install -y <package>',
    messages: { missing: '`yum {{sub}}` without -y waits for an answer that never comes in a build; add -y' },
  },
  create(context) {
    return {
      RUN(ins) {
        for (const inv of rpmInstalls(ins, ['yum'], ['install', 'groupinstall', 'localinstall'])) {
          if (hasAnyOption(inv.cmd.args, ['y', 'assumeyes'])) continue;
          context.report({ messageId: 'missing', data: { sub: inv.sub.value }, range: context.model.lines.range(inv.cmd.cmd.span), fix: insertAfterWord(context.model, ins, inv.sub, ' -y') });
        }
      },
    };
  },
});
