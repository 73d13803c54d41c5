import { defineRule } from '../src/engine/api';
import { insertAt, safeFix } from '../src/engine/fix';
import { aptInstall } from '../src/model/shell-query';
import type { ShellWord } from '../src/parse/shell';

/** A build has no one to answer apt's prompt: without -y the install aborts (hadolint DL3014). */
export default defineRule({
  meta: {
    id: 'apt-get-missing-yes',
    aliases: ['DL3014'],
    severity: 'warning',
    category: 'correctness',
    fixable: true,
    onbuild: true,
    description: 'Use the -y switch to avoid manual input: apt-get -y install <package>',
    messages: { missing: '`apt-get install` without -y waits for an answer that never comes in a build; add -y' },
  },
  create(context) {
    return {
      RUN(ins) {
        for (const { cmd, sub } of aptInstall(ins)) {
          if (assumesYes(cmd.args)) continue;
          const fix = ins.script?.origin === 'exec' ? null : safeFix(insertAt(context.model, sub.span.end, ' -y'));
          context.report({ messageId: 'missing', range: context.model.lines.range(cmd.cmd.span), fix });
        }
      },
    };
  },
});

function assumesYes(args: readonly ShellWord[]): boolean {
  let quiet = 0;
  for (const a of args) {
    const v = a.value;
    if (v === '--yes' || v === '--assume-yes' || v === '-q=2' || v === '--quiet=2') return true;
    if (/^-[a-zA-Z]+$/.test(v)) {
      if (v.includes('y')) return true;
      quiet += (v.match(/q/g) ?? []).length;
    } else if (v === '--quiet') quiet++;
  }
  return quiet >= 2;
}
