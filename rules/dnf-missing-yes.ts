import { defineRule } from '../src/engine/api';
import { insertAfterWord } from '../src/engine/shell-fix';
import { hasAnyOption } from '../src/model/query/commands';
import { rpmInstalls } from '../src/model/query/packages';

/**
 * A build cannot answer dnf's confirmation prompt: without -y the install aborts (hadolint DL3038). microdnf never
 * asks (its -y is accepted and ignored), but it is reported as hadolint does, so the same RUN keeps working if the
 * base image's microdnf is swapped for dnf; the message says so.
 */
export default defineRule({
  meta: {
    id: 'dnf-missing-yes',
    aliases: ['DL3038'],
    severity: 'warning',
    category: 'correctness',
    fixable: true,
    onbuild: true,
    description: 'Use the -y switch to avoid manual input: dnf install -y <package>',
    messages: {
      missing: '`{{tool}} {{sub}}` without -y waits for an answer that never comes in a build; add -y',
      microdnf: '`microdnf {{sub}}` without -y: microdnf does not ask, but dnf does; add -y so the step does not depend on which one runs',
    },
  },
  create(context) {
    return {
      RUN(ins) {
        for (const inv of rpmInstalls(ins, ['dnf', 'microdnf'], ['install', 'in', 'groupinstall', 'localinstall'])) {
          if (hasAnyOption(inv.cmd.args, ['y', 'assumeyes'])) continue;
          context.report({
            messageId: inv.cmd.name === 'microdnf' ? 'microdnf' : 'missing',
            data: { tool: inv.cmd.name, sub: inv.sub.value },
            range: context.model.lines.range(inv.cmd.cmd.span),
            fix: insertAfterWord(context.model, ins, inv.sub, ' -y'),
          });
        }
      },
    };
  },
});
