/**
 * BuildKit's `# check=experimental=Name[,Name]|all` file directive: experimental checks (our rules that are off
 * by default and carry a BuildKit name) run when the directive names them, unless the configuration or the
 * command line says something about that rule, which wins.
 */
import type { DockerfileModel } from '../model/types';
import type { Rule, Severity } from './api';
import type { UserConfig } from './config';
import type { ActiveRule } from './lint';
import type { RuleRegistry } from './registry';

/** Names listed under `experimental=` in the file's `# check=` directive (only its first word counts). */
export function experimentalNames(model: DockerfileModel): { all: boolean; names: Set<string> } {
  const out = { all: false, names: new Set<string>() };
  const directive = model.directives.find((d) => d.name === 'check');
  if (!directive) return out;
  const value = directive.value.trim().split(/\s+/)[0] ?? '';
  for (const part of value.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim().toLowerCase() !== 'experimental') continue;
    for (const n of part.slice(eq + 1).split(',').map((s) => s.trim()).filter(Boolean)) {
      if (n === 'all') out.all = true;
      else out.names.add(n);
    }
  }
  return out;
}

function isBuildkitName(name: string): boolean {
  return /^[A-Z][A-Za-z]+$/.test(name);
}

/** The active rules plus the experimental ones the directive turns on. */
export function withExperimental(
  active: ActiveRule[],
  registry: RuleRegistry,
  model: DockerfileModel,
  config: UserConfig,
  overrides: Record<string, Severity | 'off'>,
  ignore: string[],
): ActiveRule[] {
  const exp = experimentalNames(model);
  if (!exp.all && exp.names.size === 0) return active;
  const mentioned = new Set<string>(
    [...Object.keys(config.rules ?? {}), ...(config.ignore ?? []), ...Object.keys(overrides), ...ignore].map((n) => n.toLowerCase()),
  );
  const present = new Set<Rule>(active.map((a) => a.rule));
  const out = [...active];
  for (const rule of registry.rules) {
    if (rule.meta.enabledByDefault !== false || present.has(rule)) continue;
    const bkNames = rule.meta.aliases.filter(isBuildkitName);
    if (bkNames.length === 0) continue;
    if (!exp.all && !bkNames.some((n) => exp.names.has(n)) && !exp.names.has(rule.meta.id)) continue;
    if (registry.namesOf(rule).some((n) => mentioned.has(n))) continue;
    out.push({ rule, severity: rule.meta.severity, options: {} });
  }
  return out;
}
