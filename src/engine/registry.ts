import type { Rule } from './api';

/** Rule look-up by id or alias, case-insensitive. */
export class RuleRegistry {
  readonly rules: readonly Rule[];
  private readonly byName = new Map<string, Rule[]>();

  constructor(rules: readonly Rule[]) {
    this.rules = rules;
    for (const r of rules) {
      for (const n of [r.meta.id, ...r.meta.aliases]) {
        const key = n.toLowerCase();
        const list = this.byName.get(key);
        if (list) list.push(r);
        else this.byName.set(key, [r]);
      }
    }
  }

  /** Every rule a name stands for: one BuildKit check may cover several of our rules. */
  findAll(name: string): readonly Rule[] {
    return this.byName.get(name.toLowerCase()) ?? [];
  }

  find(name: string): Rule | undefined {
    return this.findAll(name)[0];
  }

  has(name: string): boolean {
    return this.byName.has(name.toLowerCase());
  }

  /** Lower-cased names a suppression may use for this rule. */
  namesOf(rule: Rule): string[] {
    return [rule.meta.id.toLowerCase(), ...rule.meta.aliases.map((a) => a.toLowerCase())];
  }
}

let defaultRegistry: RuleRegistry | null = null;

export function getRegistry(): RuleRegistry {
  if (!defaultRegistry) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { rules } = require('../../rules/index') as { rules: Rule[] };
    defaultRegistry = new RuleRegistry(rules);
  }
  return defaultRegistry;
}

/** Ids that are not rules but still name findings: parse errors, internal errors, ShellCheck. */
export const BUILTIN_IDS = {
  parseError: { id: 'parse-error', aliases: ['DL1000'] },
  internalError: { id: 'internal-error', aliases: [] as string[] },
} as const;

export function isShellcheckCode(name: string): boolean {
  return /^sc\d{4}$/i.test(name);
}
