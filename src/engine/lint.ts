import { buildModel, type ModelOptions } from '../model/build';
import type { DockerfileModel, Instruction, Range } from '../model/types';
import { loadShellParser } from '../parse/shell';
import type { ShellCommand } from '../parse/shell';
import type { BuildContext } from '../simulate/context';
import { defaultEstimator } from '../simulate/default-estimator';
import type { PackageEstimator } from '../simulate/estimator';
import { simulate } from '../simulate/simulate';
import type { Simulation } from '../simulate/types';
import { SEVERITY_RANK, type Analyses, type Finding, type ReportDescriptor, type Rule, type RuleContext, type RuleSettings, type Severity, type Visitors } from './api';
import type { UserConfig } from './config';
import { BUILTIN_IDS, getRegistry, isShellcheckCode, type RuleRegistry } from './registry';
import { withExperimental } from './check-directive';
import { collectSuppressions, isSuppressed, type Suppressions } from './suppress';
import { compareText } from '../parse/collate';

export interface LintOptions {
  config?: UserConfig;
  filePath?: string;
  buildArgs?: Record<string, string>;
  target?: string;
  /** Rule overrides from the command line (id or alias → severity or off), applied after the config. */
  ruleOverrides?: Record<string, Severity | 'off'>;
  /** Extra rule names to ignore (CLI `--ignore`). */
  ignore?: string[];
  registry?: RuleRegistry;
  /** Supplies the layer simulation (or other slow analyses) to rules that ask; replaces the default below. */
  analyses?: (model: DockerfileModel) => Analyses;
  /** The walked build context for the simulation (null or absent: COPY/ADD sizes from the context are unknown). */
  context?: BuildContext | null;
  /** Package-size estimator for the simulation (default: the built-in one). */
  estimator?: PackageEstimator;
}

export interface LintResult {
  model: DockerfileModel;
  findings: Finding[];
  /** Exceptions inside rules or the model: bugs, reported as `internal-error` findings and exit code 2. */
  internalErrors: number;
}

export interface ActiveRule {
  rule: Rule;
  severity: Severity;
  options: Record<string, unknown>;
}

/** Which rules run, at which severity, from defaults, config and CLI. */
export function resolveRules(registry: RuleRegistry, config: UserConfig, overrides: Record<string, Severity | 'off'> = {}, ignore: string[] = []): ActiveRule[] {
  const settings = new Map<Rule, { severity: Severity | 'off'; options: Record<string, unknown> }>();
  for (const r of registry.rules) settings.set(r, { severity: r.meta.enabledByDefault === false ? 'off' : r.meta.severity, options: {} });
  const apply = (name: string, value: unknown): void => {
    for (const rule of registry.findAll(name)) {
      const cur = settings.get(rule);
      if (!cur) continue;
      if (typeof value === 'string') cur.severity = value as Severity | 'off';
      else if (Array.isArray(value)) {
        cur.severity = value[0] as Severity | 'off';
        if (value[1] && typeof value[1] === 'object') cur.options = value[1] as Record<string, unknown>;
      }
    }
  };
  for (const [name, value] of Object.entries(config.rules ?? {})) apply(name, value);
  for (const name of config.ignore ?? []) apply(name, 'off');
  for (const [name, value] of Object.entries(overrides)) apply(name, value);
  for (const name of ignore) apply(name, 'off');
  const active: ActiveRule[] = [];
  for (const [rule, s] of settings) if (s.severity !== 'off') active.push({ rule, severity: s.severity, options: s.options });
  return active;
}

/** Severity a ShellCheck code or built-in id gets after config (null when turned off). */
export function severityFor(name: string | readonly string[], fallback: Severity, config: UserConfig, overrides: Record<string, Severity | 'off'> = {}, ignore: string[] = []): Severity | null {
  const names = (typeof name === 'string' ? [name] : name).map((n) => n.toLowerCase());
  const is = (k: string): boolean => names.includes(k.toLowerCase());
  let sev: Severity | 'off' = fallback;
  for (const [k, v] of Object.entries(config.rules ?? {})) if (is(k)) sev = (Array.isArray(v) ? v[0] : v) as Severity | 'off';
  if ((config.ignore ?? []).some(is)) sev = 'off';
  for (const [k, v] of Object.entries(overrides)) if (is(k)) sev = v;
  if (ignore.some(is)) sev = 'off';
  return sev === 'off' ? null : sev;
}

export async function prepareLinter(): Promise<void> {
  await loadShellParser();
}

export function modelOptionsFrom(opts: LintOptions): ModelOptions {
  return {
    buildArgs: { ...(opts.config?.buildArgs ?? {}), ...(opts.buildArgs ?? {}) },
    target: opts.target,
    builder: opts.config?.builder,
  };
}

/** Lint Dockerfile text. Call (and await) `prepareLinter()` once before. */
export function lintText(text: string, opts: LintOptions = {}): LintResult {
  const model = buildModel(text, modelOptionsFrom(opts));
  return lintModel(model, opts);
}

export function lintModel(model: DockerfileModel, opts: LintOptions = {}): LintResult {
  const registry = opts.registry ?? getRegistry();
  const config = opts.config ?? {};
  const active = withExperimental(resolveRules(registry, config, opts.ruleOverrides, opts.ignore), registry, model, config, opts.ruleOverrides ?? {}, opts.ignore ?? []);
  const suppressions = collectSuppressions(model, !config.disableInlinePragmas);
  const findings: Finding[] = [];
  let internalErrors = 0;
  const analyses = opts.analyses ? opts.analyses(model) : defaultAnalyses(model, opts);
  const filePath = opts.filePath ?? '-';

  const internal = (err: unknown, where: string, range: Range): void => {
    internalErrors++;
    findings.push({
      rule: BUILTIN_IDS.internalError.id,
      aliases: [],
      severity: 'error',
      message: `internal error in ${where}: ${err instanceof Error ? err.message : String(err)} (this is a bug in layerlint; please report it)`,
      range,
      fix: null,
      suggestion: null,
    });
  };

  // Parse problems first: they are findings of `parse-error` (hadolint's DL1000).
  const parseSeverity = severityFor([BUILTIN_IDS.parseError.id, ...BUILTIN_IDS.parseError.aliases], 'error', config, opts.ruleOverrides, opts.ignore);
  const allProblems = [...model.problems];
  for (const ins of model.instructions) {
    allProblems.push(...ins.problems);
    if (ins.trigger) allProblems.push(...ins.trigger.problems);
  }
  for (const p of allProblems) {
    if (p.message.startsWith('internal:')) {
      internal(new Error(p.message.slice(10)), 'the Dockerfile model', p.range);
      continue;
    }
    if (!parseSeverity) continue;
    if (isSuppressed(suppressions, ['parse-error', 'dl1000'], false, instructionAt(model, p.range))) continue;
    findings.push({ rule: BUILTIN_IDS.parseError.id, aliases: [...BUILTIN_IDS.parseError.aliases], severity: parseSeverity, message: p.message, range: p.range, fix: null, suggestion: null });
  }

  const instances: { active: ActiveRule; visitors: Visitors; state: { current: Instruction | null } }[] = [];
  for (const a of active) {
    const names = registry.namesOf(a.rule);
    const hasBuildkit = a.rule.meta.aliases.some((x) => !/^DL\d+$/i.test(x) && !isShellcheckCode(x));
    const state: { current: Instruction | null } = { current: null };
    const settings: RuleSettings = {
      trustedRegistries: config.trustedRegistries ?? [],
      labelSchema: config.labelSchema ?? {},
      strictLabels: config.strictLabels ?? false,
      options: a.options,
    };
    const context: RuleContext = {
      model,
      settings,
      analyses,
      filePath,
      report(d: ReportDescriptor) {
        const template = a.rule.meta.messages[d.messageId];
        if (template === undefined) throw new Error(`rule ${a.rule.meta.id} reported unknown messageId "${d.messageId}"`);
        const ins = d.instruction ?? state.current ?? instructionAt(model, d.range);
        if (isSuppressed(suppressions, names, hasBuildkit, ins)) return;
        if (d.alsoSuppressedBy?.some((other) => isSuppressed(suppressions, names, hasBuildkit, other))) return;
        findings.push({
          rule: a.rule.meta.id,
          aliases: [...a.rule.meta.aliases],
          severity: a.severity,
          message: fillTemplate(template, d.data),
          range: d.range,
          fix: d.fix ?? null,
          suggestion: d.suggestion ?? null,
        });
      },
    };
    let visitors: Visitors;
    try {
      visitors = a.rule.create(context);
    } catch (err) {
      internal(err, `rule ${a.rule.meta.id}`, { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } });
      continue;
    }
    instances.push({ active: a, visitors, state });
  }

  const call = (inst: (typeof instances)[number], key: string, args: unknown[], range: Range): void => {
    const fn = (inst.visitors as Record<string, unknown>)[key];
    if (typeof fn !== 'function') return;
    const ins = args.find(isInstruction);
    inst.state.current = ins ?? null;
    try {
      (fn as (...a: unknown[]) => void).apply(inst.visitors, args);
    } catch (err) {
      internal(err, `rule ${inst.active.rule.meta.id}`, range);
    } finally {
      inst.state.current = null;
    }
  };
  const fileRange: Range = { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } };

  for (const inst of instances) call(inst, 'file', [model], fileRange);
  const visitInstruction = (ins: Instruction, inOnbuild: boolean): void => {
    for (const inst of instances) {
      if (inOnbuild && !inst.active.rule.meta.onbuild) continue;
      call(inst, 'instruction', [ins], ins.range);
      call(inst, ins.keyword, [ins], ins.range);
      if (ins.script && (inst.visitors.command as unknown)) {
        for (const cmd of ins.script.commands) call(inst, 'command', [cmd as ShellCommand, ins], ins.range);
      }
    }
  };
  let stageIdx = -1;
  for (const ins of model.instructions) {
    if (ins.keyword === 'FROM' && ins.stageIndex >= 0) {
      if (stageIdx >= 0) for (const inst of instances) call(inst, 'stageEnd', [model.stages[stageIdx]], ins.range);
      stageIdx = ins.stageIndex;
      for (const inst of instances) call(inst, 'stage', [model.stages[stageIdx]], ins.range);
    }
    visitInstruction(ins, false);
    if (ins.trigger) visitInstruction(ins.trigger, true);
  }
  if (stageIdx >= 0) for (const inst of instances) call(inst, 'stageEnd', [model.stages[stageIdx]], fileRange);
  for (const inst of instances) call(inst, 'fileEnd', [model], fileRange);

  findings.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.column - b.range.start.column || compareText(a.rule, b.rule));
  return { model, findings, internalErrors };
}

/** The simulation, run at most once per file and only when a rule asks for it. */
export function defaultAnalyses(model: DockerfileModel, opts: Pick<LintOptions, 'context' | 'estimator'> = {}): Analyses {
  let done = false;
  let result: Simulation | null = null;
  let failure: unknown = null;
  return {
    simulation() {
      if (failure) throw failure;
      if (!done) {
        done = true;
        try {
          result = model.stages.length === 0 ? null : simulate(model, { context: opts.context ?? null, estimator: opts.estimator ?? defaultEstimator() });
        } catch (err) {
          failure = err;
          throw err;
        }
      }
      return result;
    },
  };
}

function isInstruction(x: unknown): x is Instruction {
  return typeof x === 'object' && x !== null && 'keyword' in x && 'argsJoined' in x;
}

function fillTemplate(template: string, data: Record<string, string | number> | undefined): string {
  if (!data) return template;
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (m, k: string) => (k in data ? String(data[k]) : m));
}

/** The instruction (or ONBUILD trigger's parent) whose lines contain a range's start. */
export function instructionAt(model: DockerfileModel, range: Range): Instruction | null {
  const line = range.start.line;
  const list = model.instructions;
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = list[mid].range;
    if (line < r.start.line) hi = mid - 1;
    else if (line > r.end.line) lo = mid + 1;
    else return list[mid];
  }
  return null;
}

export function exceedsThreshold(findings: readonly Finding[], threshold: Severity | 'never'): boolean {
  if (threshold === 'never') return false;
  const min = SEVERITY_RANK[threshold];
  return findings.some((f) => SEVERITY_RANK[f.severity] >= min);
}

export type { Suppressions };
