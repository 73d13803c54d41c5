import type { Word } from './types';

/** A command line split into options and operands, the way getopt-style tools read them. */
export interface ParsedArgs {
  /** Option name (without dashes; single letters for short options) → value, or true for a flag. */
  flags: Map<string, string | true>;
  /** Every value an option got (for repeatable options such as `--exclude`). */
  all: Map<string, string[]>;
  operands: Word[];
}

export interface ArgSpec {
  /** Options that take a value: short letters (`C`, `f`) and long names (`directory`). */
  withValue?: ReadonlySet<string>;
  /** Long names that are aliases for a short letter (`recursive` → `r`). */
  aliases?: Readonly<Record<string, string>>;
  /** Stop reading options at the first operand (like tar's old style and most POSIX tools do not). */
  stopAtOperand?: boolean;
}

export function parseArgs(args: readonly Word[], spec: ArgSpec = {}): ParsedArgs {
  const withValue = spec.withValue ?? new Set<string>();
  const aliases = spec.aliases ?? {};
  const flags = new Map<string, string | true>();
  const all = new Map<string, string[]>();
  const operands: Word[] = [];
  const set = (name: string, value: string | true): void => {
    const key = aliases[name] ?? name;
    flags.set(key, value);
    if (value !== true) {
      const list = all.get(key) ?? [];
      list.push(value);
      all.set(key, list);
    }
  };
  let onlyOperands = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const t = a.text;
    if (onlyOperands || t === '-' || !t.startsWith('-')) {
      operands.push(a);
      if (spec.stopAtOperand) onlyOperands = true;
      continue;
    }
    if (t === '--') {
      onlyOperands = true;
      continue;
    }
    if (t.startsWith('--')) {
      const eq = t.indexOf('=');
      const name = t.slice(2, eq < 0 ? undefined : eq);
      if (eq >= 0) set(name, t.slice(eq + 1));
      else if (withValue.has(name) && i + 1 < args.length) set(name, args[++i].text);
      else set(name, true);
      continue;
    }
    // Bundled short options: `-rf`, `-m755`, `-C /dir`.
    for (let j = 1; j < t.length; j++) {
      const ch = t[j];
      if (withValue.has(ch)) {
        const rest = t.slice(j + 1);
        if (rest !== '') set(ch, rest);
        else if (i + 1 < args.length) set(ch, args[++i].text);
        else set(ch, true);
        break;
      }
      set(ch, true);
    }
  }
  return { flags, all, operands };
}

export function has(p: ParsedArgs, ...names: string[]): boolean {
  return names.some((n) => p.flags.has(n));
}

export function value(p: ParsedArgs, ...names: string[]): string | null {
  for (const n of names) {
    const v = p.flags.get(n);
    if (typeof v === 'string') return v;
  }
  return null;
}
