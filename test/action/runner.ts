import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';

/**
 * Runs a composite action's steps the way the GitHub runner does, for what action.yml uses: defaults for missing
 * inputs, `${{ inputs.x }}` and `${{ steps.id.outputs.x }}` expressions, each `run` step under
 * `bash --noprofile --norc -eo pipefail` in its working-directory with its `env`, a fresh GITHUB_OUTPUT and
 * GITHUB_STEP_SUMMARY file per step, GITHUB_ACTION_PATH, and the action's outputs read from the steps' outputs.
 * The job stops at the first failing step.
 */
interface ActionYaml {
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: { id?: string; name?: string; shell?: string; run?: string; 'working-directory'?: string; env?: Record<string, string> }[] };
}

export interface StepRun {
  name: string;
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export interface ActionRun {
  steps: StepRun[];
  /** Exit code of the job's step that ran the action: the first non-zero, else 0. */
  code: number | null;
  outputs: Record<string, string>;
  summary: string;
  stdout: string;
}

/** GITHUB_OUTPUT's syntax: `name=value` or `name<<DELIM` … `DELIM`. */
export function parseOutputFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line === '') continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const body: string[] = [];
      for (i++; i < lines.length && lines[i] !== heredoc[2]; i++) body.push(lines[i]);
      out[heredoc[1]] = body.join('\n');
      continue;
    }
    const eq = line.indexOf('=');
    if (eq < 0) throw new Error(`invalid GITHUB_OUTPUT line: ${line}`);
    out[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return out;
}

export function runCompositeAction(actionDir: string, inputs: Record<string, string>, workspace: string, tmp: string, baseEnv: NodeJS.ProcessEnv = process.env): ActionRun {
  const action = parse(fs.readFileSync(path.join(actionDir, 'action.yml'), 'utf8')) as ActionYaml;
  if (action.runs.using !== 'composite') throw new Error(`not a composite action: ${action.runs.using}`);
  for (const k of Object.keys(inputs)) if (!(k in action.inputs)) throw new Error(`action.yml has no input ${k}`);
  const values: Record<string, string> = {};
  for (const [k, v] of Object.entries(action.inputs)) values[k] = inputs[k] ?? v.default ?? '';
  const steps: Record<string, Record<string, string>> = {};
  const expand = (s: string): string =>
    s.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_m, expr: string) => {
      const input = /^inputs\.([\w-]+)$/.exec(expr);
      if (input) {
        if (!(input[1] in values)) throw new Error(`unknown input in expression: ${expr}`);
        return values[input[1]];
      }
      const out = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(expr);
      if (out) return steps[out[1]]?.[out[2]] ?? '';
      if (expr === 'github.action_path') return actionDir;
      throw new Error(`expression not supported by this test runner: ${expr}`);
    });

  const runs: StepRun[] = [];
  const summaries: string[] = [];
  let code: number | null = 0;
  action.runs.steps.forEach((step, n) => {
    if (code !== 0) return;
    if (!step.run || step.shell !== 'bash') throw new Error(`step ${n}: only bash run steps are supported`);
    const outputFile = path.join(tmp, `output-${n}`);
    const summaryFile = path.join(tmp, `summary-${n}`);
    fs.writeFileSync(outputFile, '');
    fs.writeFileSync(summaryFile, '');
    const script = path.join(tmp, `step-${n}.sh`);
    fs.writeFileSync(script, expand(step.run));
    const env: NodeJS.ProcessEnv = { ...baseEnv, GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: workspace, GITHUB_ACTION_PATH: actionDir, GITHUB_OUTPUT: outputFile, GITHUB_STEP_SUMMARY: summaryFile, RUNNER_TEMP: tmp };
    for (const [k, v] of Object.entries(step.env ?? {})) env[k] = expand(String(v));
    const t0 = Date.now();
    const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], { cwd: path.resolve(workspace, expand(step['working-directory'] ?? '.')), env, encoding: 'utf8' });
    runs.push({ name: step.name ?? `step ${n}`, code: r.status, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - t0 });
    if (step.id) steps[step.id] = parseOutputFile(fs.readFileSync(outputFile, 'utf8'));
    summaries.push(fs.readFileSync(summaryFile, 'utf8'));
    code = r.status;
  });
  const outputs: Record<string, string> = {};
  for (const [k, v] of Object.entries(action.outputs)) outputs[k] = expand(v.value);
  return { steps: runs, code, outputs, summary: summaries.join(''), stdout: runs.map((r) => r.stdout).join('') };
}
