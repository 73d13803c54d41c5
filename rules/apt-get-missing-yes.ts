import { defineRule } from '../src/engine/api';
import { insertAfterWord } from '../src/engine/shell-fix';
import { aptInstalls } from '../src/model/query/packages';
import type { ShellWord } from '../src/parse/shell';

/**
 * A build has no one to answer apt's prompt: without -y the install aborts (hadolint DL3014). `apt install` prompts
 * the same way and is checked too. Quiet level 2 (`-qq`, `-q -q`, `-q=2`) implies yes, as does
 * `-o APT::Get::Assume-Yes=true`.
 */
export default defineRule({
  meta: {
    id: 'apt-get-missing-yes',
    aliases: ['DL3014'],
    severity: 'warning',
    category: 'correctness',
    fixable: true,
    onbuild: true,
    description: 'Use the -y switch to avoid manual input: apt-get -y install <package>',
    messages: { missing: '`{{tool}} install` without -y waits for an answer that never comes in a build; add -y' },
  },
  create(context) {
    return {
      RUN(ins) {
        for (const { cmd, sub } of aptInstalls(ins)) {
          if (assumesYes(cmd.args)) continue;
          context.report({ messageId: 'missing', data: { tool: cmd.name }, range: context.model.lines.range(cmd.cmd.span), fix: insertAfterWord(context.model, ins, sub, ' -y') });
        }
      },
    };
  },
});

function assumesYes(args: readonly ShellWord[]): boolean {
  let quiet = 0;
  for (let i = 0; i < args.length; i++) {
    const v = args[i].value;
    if (v === '--') break;
    if (v === '--yes' || v === '--assume-yes' || v === '-q=2' || v === '--quiet=2') return true;
    const option = v === '-o' || v === '--option' ? (args[i + 1]?.value ?? '') : v.startsWith('-o') ? v.slice(2) : v.startsWith('--option=') ? v.slice(9) : '';
    if (/^APT::Get::Assume-Yes=(true|1|yes)$/i.test(option)) return true;
    if (v === '-o' || v === '--option') {
      i++;
      continue;
    }
    if (/^-[a-zA-Z]+$/.test(v)) {
      if (v.includes('y')) return true;
      quiet += (v.match(/q/g) ?? []).length;
    } else if (v === '--quiet') quiet++;
  }
  return quiet >= 2;
}
