/** Command-line parsing by hand: no dependency, nothing to load at start-up. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface OptionSpec {
  /** Long name without dashes. */
  name: string;
  short?: string;
  /** Takes a value. */
  value?: boolean;
  /** May be repeated; values are collected. */
  multiple?: boolean;
}

export interface Parsed {
  options: Map<string, string[]>;
  flags: Set<string>;
  positionals: string[];
}

export function parseArgs(argv: readonly string[], specs: readonly OptionSpec[]): Parsed {
  const byLong = new Map(specs.map((s) => [s.name, s]));
  const byShort = new Map(specs.filter((s) => s.short).map((s) => [s.short as string, s]));
  const parsed: Parsed = { options: new Map(), flags: new Set(), positionals: [] };
  const set = (spec: OptionSpec, value: string): void => {
    const list = parsed.options.get(spec.name) ?? [];
    if (!spec.multiple) list.length = 0;
    list.push(value);
    parsed.options.set(spec.name, list);
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      parsed.positionals.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = a.slice(2, eq < 0 ? undefined : eq);
      let spec = byLong.get(name);
      if (!spec && name.startsWith('no-') && byLong.has(name)) spec = byLong.get(name);
      if (!spec) throw new UsageError(`unknown option --${name}${suggest(name, [...byLong.keys()])}`);
      if (spec.value) {
        let value: string | undefined = eq >= 0 ? a.slice(eq + 1) : argv[++i];
        if (value === undefined) throw new UsageError(`option --${name} needs a value`);
        if (eq < 0 && value.startsWith('--') && value.length > 2) throw new UsageError(`option --${name} needs a value`);
        value ??= '';
        set(spec, value);
      } else {
        if (eq >= 0) throw new UsageError(`option --${name} takes no value`);
        parsed.flags.add(spec.name);
      }
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      const spec = byShort.get(a.slice(1, 2));
      if (!spec) throw new UsageError(`unknown option ${a}`);
      if (spec.value) {
        const value = a.length > 2 ? a.slice(2).replace(/^=/, '') : argv[++i];
        if (value === undefined) throw new UsageError(`option -${spec.short} needs a value`);
        set(spec, value);
      } else {
        if (a.length > 2) throw new UsageError(`unknown option ${a}`);
        parsed.flags.add(spec.name);
      }
      continue;
    }
    parsed.positionals.push(a);
  }
  return parsed;
}

function suggest(name: string, known: string[]): string {
  const close = known.find((k) => k.startsWith(name.slice(0, 3)) && Math.abs(k.length - name.length) <= 3);
  return close ? ` (did you mean --${close}?)` : '';
}
