/**
 * Linting one Dockerfile of a CLI run, from its path to what the report needs. The same code runs on the main
 * thread and in the lint threads (lint-worker.ts), so a run gives the same report whichever thread linted a file.
 * Everything in and out is plain data (it crosses threads by structured clone).
 */
import * as path from 'node:path';
import type { Finding, Severity } from '../engine/api';
import { ConfigError, loadConfigFor, type LoadedConfig, type Threshold, type UserConfig } from '../engine/config';
import { exceedsThreshold, lintModel, lintText, modelFor, type LintOptions } from '../engine/lint';
import { fixUntilStable } from '../engine/apply-fix';
import { mergeFindings, runShellcheck } from '../engine/shellcheck';
import { unifiedDiff } from '../format/diff';
import { findIgnoreFile, readContext, type BuildContext } from '../simulate/context';
import { readDockerfile } from './read';
import { writeAtomic } from './write';

/** What every file of a run is linted with (from the command line). */
export interface RunSettings {
  cwd: string;
  explicitConfig: string | null;
  builder: UserConfig['builder'] | undefined;
  /** `--no-shellcheck`: the ShellCheck pass is off whatever the config says. */
  noShellcheck: boolean;
  buildArgs: Record<string, string>;
  target: string | undefined;
  overrides: Record<string, Severity | 'off'>;
  ignore: string[];
  threshold: Threshold | null;
  contextDir: string | undefined;
  fix: boolean;
  dryRun: boolean;
}

/** One file's part of the report, and how it counts for the exit code. */
export interface FileOutcome {
  /** The report entry without its path (the main thread applies --path-in-report). */
  error?: string;
  findings: Finding[];
  source?: string;
  ioError: boolean;
  internalError: boolean;
  failing: boolean;
  /** `--fix-dry-run`: the unified diff of the safe fixes. */
  diff?: string;
  /** Lines for stderr about this file, in order. */
  notices: string[];
  /** ShellCheck was wanted but is not installed (the run says so once). */
  shellcheckMissing: boolean;
}

/** Lints files one at a time, with the config and build context read once per folder (per thread). */
export class FileLinter {
  private readonly configs = new Map<string, LoadedConfig>();
  private readonly contexts = new Map<string, BuildContext>();

  constructor(private readonly run: RunSettings) {}

  private configFor(file: string): LoadedConfig {
    const { cwd, explicitConfig } = this.run;
    const dir = file === '-' ? cwd : path.dirname(path.resolve(cwd, file));
    const key = explicitConfig ?? dir;
    let c = this.configs.get(key);
    if (!c) this.configs.set(key, (c = loadConfigFor(dir, explicitConfig)));
    return c;
  }

  /** One walk per context folder and ignore file, not one per Dockerfile (the walk can be large). */
  private contextFor(file: string): BuildContext | null {
    const { cwd, contextDir } = this.run;
    if (contextDir === undefined) return null;
    const root = path.resolve(cwd, contextDir);
    const dockerfile = file === '-' ? null : path.resolve(cwd, file);
    try {
      const key = `${root}\0${findIgnoreFile(root, dockerfile) ?? ''}`;
      let c = this.contexts.get(key);
      if (!c) this.contexts.set(key, (c = readContext(root, { dockerfile })));
      return c;
    } catch (err) {
      throw new ConfigError(`--context ${contextDir}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  }

  /** Lint one file. Throws ConfigError for a config or context that cannot be read (the run stops there). */
  async lint(file: string): Promise<FileOutcome> {
    const run = this.run;
    const outcome: FileOutcome = { findings: [], ioError: false, internalError: false, failing: false, notices: [], shellcheckMissing: false };
    const read = readDockerfile(file);
    if (!read.ok) {
      if (read.notText) {
        outcome.findings.push(notTextFinding(read.error));
        outcome.failing = true;
      } else {
        outcome.error = read.error;
        outcome.ioError = true;
      }
      return outcome;
    }
    const loaded = this.configFor(file);
    const config: UserConfig = { ...loaded.config };
    if (run.builder) config.builder = run.builder;
    if (run.noShellcheck) config.shellcheck = false;
    const opts: LintOptions = {
      config,
      filePath: file,
      buildArgs: run.buildArgs,
      target: run.target,
      ruleOverrides: run.overrides,
      ignore: run.ignore,
      context: this.contextFor(file),
    };
    let text = read.text;
    if (run.fix || run.dryRun) {
      const fixed = fixUntilStable(text, (t) => lintText(t, opts).findings);
      if (fixed.text !== text) {
        if (run.dryRun) outcome.diff = unifiedDiff(text, fixed.text, `a/${file}`, `b/${file}`);
        else {
          try {
            writeAtomic(file, fixed.text);
            text = fixed.text;
          } catch (err) {
            outcome.error = `could not write the fixed file: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`;
            outcome.ioError = true;
            return outcome;
          }
        }
      }
    }
    const model = modelFor(text, opts);
    // ShellCheck's processes start first and check the scripts on other cores while this thread runs the rules and
    // the simulation; their findings are merged after.
    const pendingShellcheck = runShellcheck(model, { config, ruleOverrides: run.overrides, ignore: opts.ignore });
    const result = lintModel(model, opts);
    const sc = await pendingShellcheck;
    if (sc.skipped === 'missing') outcome.shellcheckMissing = true;
    else if (sc.skipped === 'error') outcome.notices.push(`layerlint: shellcheck failed on ${file} (${sc.error}); its SCxxxx checks were skipped`);
    const findings = mergeFindings(result.findings, sc.findings);
    if (read.warning) findings.unshift({ rule: 'parse-error', aliases: ['DL1000'], severity: 'error', message: read.warning, range: { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } }, fix: null, suggestion: null });
    outcome.internalError = result.internalErrors > 0;
    const threshold: Threshold = run.threshold ?? config.failureThreshold ?? 'warning';
    outcome.failing = exceedsThreshold(findings, threshold);
    outcome.findings = findings;
    outcome.source = text;
    return outcome;
  }
}

function notTextFinding(message: string): Finding {
  return { rule: 'parse-error', aliases: ['DL1000'], severity: 'error', message: `${message}: not a Dockerfile`, range: { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } }, fix: null, suggestion: null };
}
