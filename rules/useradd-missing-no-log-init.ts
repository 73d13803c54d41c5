import { defineRule } from '../src/engine/api';
import { insertAfterWord } from '../src/engine/shell-fix';
import { hasAnyOption, runCommandsNamed } from '../src/model/query/commands';
import type { Instruction } from '../src/model/types';
import type { ShellWord } from '../src/parse/shell';

/**
 * useradd records every user in /var/log/lastlog and /var/log/faillog, sparse files indexed by UID: a six-digit UID
 * makes them appear hundreds of megabytes large to the layer tar, which stores them in full. `--no-log-init` (-l)
 * skips that (hadolint DL3046).
 */
export default defineRule({
  meta: {
    id: 'useradd-missing-no-log-init',
    aliases: ['DL3046'],
    severity: 'warning',
    category: 'layer-cost',
    fixable: true,
    onbuild: true,
    description: 'useradd without flag -l and high UID will result in excessively large image',
    messages: { big: '`useradd` with UID {{uid}} and without --no-log-init (-l) writes a huge sparse /var/log/lastlog and faillog into the layer' },
  },
  create(context) {
    return {
      RUN(ins) {
        for (const c of runCommandsNamed(ins, 'useradd')) {
          if (hasAnyOption(c.args, ['l', 'no-log-init'])) continue;
          const uid = uidOf(c.args);
          if (uid === null) continue;
          const value = resolve(uid, ins);
          // An unknown value (a variable without a default) is reported, as hadolint does: the flag costs nothing.
          if (value !== null && value.length <= 5) continue;
          const name: ShellWord = { raw: 'useradd', value: 'useradd', dynamic: false, span: c.nameSpan };
          context.report({ messageId: 'big', data: { uid: value ?? uid }, range: context.model.lines.range(c.cmd.span), fix: insertAfterWord(context.model, ins, name, ' --no-log-init') });
        }
      },
    };
  },
});

/** The `-u`/`--uid` value as written. */
function uidOf(args: readonly ShellWord[]): string | null {
  for (let i = 0; i < args.length; i++) {
    const v = args[i].value;
    if (v === '--') break;
    if (v === '--uid' || v === '-u') return args[i + 1]?.value ?? null;
    if (v.startsWith('--uid=')) return v.slice(6);
    if (/^-[a-zA-Z]+$/.test(v) && v.endsWith('u')) return args[i + 1]?.value ?? null;
    const inline = /^-[a-zA-Z]*u(\d+)$/.exec(v);
    if (inline) return inline[1];
  }
  return null;
}

/** `$UID` / `${UID}` through ARG/ENV in scope; literal values as they are; null when unknown. */
function resolve(uid: string, ins: Instruction): string | null {
  const m = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/.exec(uid);
  if (!m) return uid.includes('$') ? null : uid;
  return ins.scope.get(m[1])?.value ?? null;
}
