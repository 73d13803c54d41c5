import { buildModel, type ModelOptions } from '../model/build';
import type { DockerfileModel, Instruction, Range } from '../model/types';
import { loadShellParser } from '../parse/shell';
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

/** The model `lintText` lints, for callers that hand it to another pass (ShellCheck) as well. */
export function modelFor(text: string, opts: LintOptions = {}): DockerfileModel {
  return buildModel(text, modelOptionsFrom(opts));
}

/** Lint Dockerfile text. Call (and await) `prepareLinter()` once before. */
export function lintText(text: string, opts: LintOptions = {}): LintResult {
  return lintModel(modelFor(text, opts), opts);
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

  const instances: RuleInstance[] = [];
  for (const a of active) {
    const { names, hasBuildkit } = ruleNames(registry, a.rule);
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
    instances.push({ active: a, visitors, state, onbuild: a.rule.meta.onbuild === true });
  }

  // Visitors are looked up per rule and call, not through a generic helper: 93 rules times every instruction and
  // shell command of every file made the generic dispatch (argument arrays, a search for the instruction among
  // them) a visible share of a corpus run.
  const invoke = (inst: RuleInstance, fn: unknown, current: Instruction | null, range: Range, a: unknown, b?: unknown, two = false): void => {
    if (typeof fn !== 'function') return;
    inst.state.current = current;
    try {
      if (two) (fn as (x: unknown, y: unknown) => void).call(inst.visitors, a, b);
      else (fn as (x: unknown) => void).call(inst.visitors, a);
    } catch (err) {
      internal(err, `rule ${inst.active.rule.meta.id}`, range);
    } finally {
      inst.state.current = null;
    }
  };
  const fileRange: Range = { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } };

  // Per file, the rules that have a given visitor, so an instruction costs calls only to the rules that look at it
  // (most rules watch one or two keywords). Built from the visitors the rules returned for this file, in rule order.
  const having = (key: keyof Visitors): RuleInstance[] => instances.filter((i) => typeof i.visitors[key] === 'function');
  const byKeyword = new Map<string, RuleInstance[]>();
  const forInstruction = (ins: Instruction): RuleInstance[] => {
    let list = byKeyword.get(ins.keyword);
    if (!list) {
      const v = (i: RuleInstance): Record<string, unknown> => i.visitors as Record<string, unknown>;
      list = instances.filter((i) => typeof v(i).instruction === 'function' || typeof v(i)[ins.keyword] === 'function' || typeof v(i).command === 'function');
      byKeyword.set(ins.keyword, list);
    }
    return list;
  };
  const stageVisitors = having('stage');
  const stageEndVisitors = having('stageEnd');

  for (const inst of having('file')) invoke(inst, inst.visitors.file, null, fileRange, model);
  const visitInstruction = (ins: Instruction, inOnbuild: boolean): void => {
    for (const inst of forInstruction(ins)) {
      if (inOnbuild && !inst.onbuild) continue;
      const v = inst.visitors;
      invoke(inst, v.instruction, ins, ins.range, ins);
      invoke(inst, (v as Record<string, unknown>)[ins.keyword], ins, ins.range, ins);
      if (ins.script && v.command) {
        for (const cmd of ins.script.commands) invoke(inst, v.command, ins, ins.range, cmd, ins, true);
      }
    }
  };
  let stageIdx = -1;
  for (const ins of model.instructions) {
    if (ins.keyword === 'FROM' && ins.stageIndex >= 0) {
      if (stageIdx >= 0) for (const inst of stageEndVisitors) invoke(inst, inst.visitors.stageEnd, null, ins.range, model.stages[stageIdx]);
      stageIdx = ins.stageIndex;
      for (const inst of stageVisitors) invoke(inst, inst.visitors.stage, null, ins.range, model.stages[stageIdx]);
    }
    visitInstruction(ins, false);
    if (ins.trigger) visitInstruction(ins.trigger, true);
  }
  if (stageIdx >= 0) for (const inst of stageEndVisitors) invoke(inst, inst.visitors.stageEnd, null, fileRange, model.stages[stageIdx]);
  for (const inst of having('fileEnd')) invoke(inst, inst.visitors.fileEnd, null, fileRange, model);

  findings.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.column - b.range.start.column || compareText(a.rule, b.rule));
  return { model, findings, internalErrors };
}

interface RuleInstance {
  active: ActiveRule;
  visitors: Visitors;
  state: { current: Instruction | null };
  onbuild: boolean;
}

/** A rule's names for suppression look-ups, computed once per rule rather than once per file. */
const namesCache = new WeakMap<RuleRegistry, Map<Rule, { names: string[]; hasBuildkit: boolean }>>();
function ruleNames(registry: RuleRegistry, rule: Rule): { names: string[]; hasBuildkit: boolean } {
  let byRule = namesCache.get(registry);
  if (!byRule) namesCache.set(registry, (byRule = new Map()));
  let n = byRule.get(rule);
  if (!n) {
    n = { names: registry.namesOf(rule), hasBuildkit: rule.meta.aliases.some((x) => !/^DL\d+$/i.test(x) && !isShellcheckCode(x)) };
    byRule.set(rule, n);
  }
  return n;
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
