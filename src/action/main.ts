/**
 * The GitHub Action's entry point (action.yml runs it with the inputs as `INPUT_*` variables, as the runner names
 * them). It runs the CLI in-process with the formats the inputs ask for, then writes the step outputs and the step
 * summary. Annotations are `::error`/`::warning`/`::notice` lines on stdout, which the runner turns into annotations.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadConfigFor } from '../engine/config';
import { lintText, prepareLinter } from '../engine/lint';
import { getRegistry } from '../engine/registry';
import { main, VERSION, type Io } from '../cli/main';
import { catalogFromMetas } from '../format/context';
import { formatBytes, loadSimulator, type Simulator } from '../format/layer-costs';
import { cell, formatMarkdown } from '../format/markdown';
import { summarize, type FileResult } from '../format/types';

export interface ActionInputs {
  paths: string[];
  config: string | null;
  formats: string[];
  failureThreshold: string | null;
  sarifFile: string | null;
  annotations: boolean;
  summary: boolean;
  args: string[];
}

/** An input as the runner passes it: `INPUT_` + the name upper-cased, spaces as `_` (hyphens stay). */
export function getInput(env: NodeJS.ProcessEnv, name: string): string {
  return (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

function list(value: string, separators: RegExp): string[] {
  return value.split(separators).map((s) => s.trim()).filter(Boolean);
}

function bool(value: string, fallback: boolean): boolean {
  if (value === '') return fallback;
  if (/^(true|yes|1|on)$/i.test(value)) return true;
  if (/^(false|no|0|off)$/i.test(value)) return false;
  throw new Error(`expected true or false, got "${value}"`);
}

export function readInputs(env: NodeJS.ProcessEnv): ActionInputs {
  return {
    paths: list(getInput(env, 'paths') || '.', /\s+/),
    config: getInput(env, 'config') || null,
    formats: list(getInput(env, 'format'), /[\n,]/),
    failureThreshold: getInput(env, 'failure-threshold') || null,
    sarifFile: getInput(env, 'sarif-file') || null,
    annotations: bool(getInput(env, 'annotations'), true),
    summary: bool(getInput(env, 'summary'), true),
    args: list(getInput(env, 'args'), /\s+/),
  };
}

/**
 * Paths in annotations and SARIF must be relative to the repository (the workspace), so when the action runs in a
 * sub-folder the reported paths get that folder as a prefix.
 */
export function workspacePrefix(cwd: string, workspace: string | undefined): string | null {
  if (!workspace) return null;
  const rel = path.relative(path.resolve(workspace), path.resolve(cwd));
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return null;
  return rel.split(path.sep).join('/');
}

export function cliArgs(inputs: ActionInputs, jsonFile: string, prefix: string | null, cwd: string): string[] {
  const argv: string[] = [];
  if (inputs.annotations) argv.push('--format', 'github');
  argv.push('--format', `json=${jsonFile}`);
  if (inputs.sarifFile) argv.push('--format', `sarif=${path.resolve(cwd, inputs.sarifFile)}`);
  for (const f of inputs.formats) argv.push('--format', f);
  if (inputs.config) argv.push('--config', inputs.config);
  if (inputs.failureThreshold) argv.push('--failure-threshold', inputs.failureThreshold);
  if (prefix) argv.push('--path-in-report', `=${prefix}/`);
  argv.push(...inputs.args, '--', ...inputs.paths);
  return argv;
}

interface JsonReport {
  files: FileResult[];
}

/** `name=value` lines; a value with a line break uses the runner's `name<<DELIMITER` form. */
export function outputLines(outputs: Record<string, string | number>): string {
  return Object.entries(outputs)
    .map(([k, v]) => {
      const s = String(v);
      if (!/[\r\n]/.test(s)) return `${k}=${s}\n`;
      const delim = `ghadelimiter_${Math.random().toString(36).slice(2)}`;
      return `${k}<<${delim}\n${s}\n${delim}\n`;
    })
    .join('');
}

/** Predicted image size per file, when the layer simulation exists (otherwise an empty list). */
export function imageSizes(results: readonly FileResult[], resolve: (reported: string) => string, explicitConfig: string | null, sim: Simulator | null): { path: string; bytes: number }[] {
  if (!sim) return [];
  const out: { path: string; bytes: number }[] = [];
  for (const r of results) {
    if (r.error !== undefined || r.path === '-') continue;
    try {
      const file = resolve(r.path);
      const config = loadConfigFor(path.dirname(file), explicitConfig).config;
      const model = lintText(fs.readFileSync(file, 'utf8'), { config }).model;
      const bytes = sim.costs(model)?.imageBytes;
      if (typeof bytes === 'number') out.push({ path: r.path, bytes });
    } catch {
      // No prediction for this file.
    }
  }
  return out;
}

export function summaryMarkdown(results: readonly FileResult[], sizes: readonly { path: string; bytes: number }[]): string {
  const ctx = { color: false, quiet: false, toolVersion: VERSION, cwd: process.cwd(), rules: catalogFromMetas(getRegistry().rules.map((r) => r.meta), null) };
  let md = formatMarkdown(results, ctx);
  if (sizes.length > 0) {
    md += ['', '#### Predicted image size', '', '| Dockerfile | Size |', '| --- | ---: |', ...sizes.map((s) => `| ${cell(s.path)} | ${formatBytes(s.bytes)} |`), ''].join('\n') + '\n';
  }
  return md;
}

/** Run the action; resolves to the exit code the step ends with (the CLI's: 0 clean, 1 findings, 2 errors). */
export async function runAction(env: NodeJS.ProcessEnv, io: Io): Promise<number> {
  let inputs: ActionInputs;
  try {
    inputs = readInputs(env);
  } catch (err) {
    io.stdout.write(`::error title=layerlint::invalid input: ${(err as Error).message}\n`);
    return 2;
  }
  const tmp = fs.mkdtempSync(path.join(env.RUNNER_TEMP || os.tmpdir(), 'layerlint-'));
  const jsonFile = path.join(tmp, 'report.json');
  const prefix = workspacePrefix(io.cwd, env.GITHUB_WORKSPACE);
  try {
    const code = await main(cliArgs(inputs, jsonFile, prefix, io.cwd), io);
    let results: FileResult[] = [];
    if (fs.existsSync(jsonFile)) results = (JSON.parse(fs.readFileSync(jsonFile, 'utf8')) as JsonReport).files;
    const s = summarize(results);
    const outputs: Record<string, string | number> = {
      findings: s.errors + s.warnings + s.infos + s.styles,
      errors: s.errors,
      warnings: s.warnings,
      files: s.files,
      'exit-code': code,
      'sarif-file': inputs.sarifFile && fs.existsSync(path.resolve(io.cwd, inputs.sarifFile)) ? path.resolve(io.cwd, inputs.sarifFile) : '',
    };
    if (env.GITHUB_OUTPUT) fs.appendFileSync(env.GITHUB_OUTPUT, outputLines(outputs));
    if (inputs.summary && env.GITHUB_STEP_SUMMARY && fs.existsSync(jsonFile)) {
      await prepareLinter();
      const strip = (p: string): string => (prefix && p.startsWith(prefix + '/') ? p.slice(prefix.length + 1) : p);
      const sizes = imageSizes(results, (p) => path.resolve(io.cwd, strip(p)), inputs.config, loadSimulator());
      fs.appendFileSync(env.GITHUB_STEP_SUMMARY, summaryMarkdown(results, sizes));
    }
    return code;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const io: Io = { stdout: process.stdout, stderr: process.stderr, env: process.env, isTTY: false, cwd: process.cwd() };
  runAction(process.env, io).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stdout.write(`::error title=layerlint::${String(err instanceof Error ? err.message : err).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')}\n`);
      process.exitCode = 2;
    },
  );
}
