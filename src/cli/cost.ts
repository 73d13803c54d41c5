import * as fs from 'node:fs';
import { ConfigError, loadConfigFor, type UserConfig } from '../engine/config';
import { lintModel, prepareLinter } from '../engine/lint';
import { renderCostHtml } from '../format/html';
import { formatCostTable } from '../format/cost-table';
import { buildModel } from '../model/build';
import type { DockerfileModel } from '../model/types';
import { readContext, type BuildContext } from '../simulate/context';
import { defaultEstimator } from '../simulate/default-estimator';
import { costJson } from '../simulate/report';
import { simulate } from '../simulate/simulate';
import type { Simulation } from '../simulate/types';
import { parseArgs, UsageError } from './args';
import { readDockerfile } from './read';
import * as path from 'node:path';

export interface CostIo {
  stdout: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  isTTY: boolean;
  cwd: string;
}

export const COST_HELP = `Usage: layerlint cost [options] Dockerfile

Predicts the image history of a Dockerfile before it is built: what each instruction's layer will weigh, what it
wastes (bytes hidden by later layers), and what the image could leave out.

Options:
      --context DIR                     the build context (COPY/ADD sizes are exact; without it they are unknown)
      --target STAGE                    the stage that is built (default: the last)
      --build-arg K=V                   value of an ARG; repeatable
      --builder buildkit|classic        layer semantics to follow (default buildkit)
  -f, --format table|json|html          output (default table; json: docs/cost-json.md; html: docs/html-report.md)
  -o, --output FILE                     write to FILE instead of stdout
      --ascii                           draw bars with # instead of Unicode blocks
      --no-color                        no colours (colours are only used on a terminal)
`;

/** Unicode unless asked for ASCII or the locale says it is not UTF-8 (or the console cannot draw blocks). */
export function useUnicode(env: NodeJS.ProcessEnv, ascii: boolean): boolean {
  if (ascii) return false;
  if (env.TERM === 'dumb' || env.TERM === 'linux') return false;
  const locale = env.LC_ALL || env.LC_CTYPE || env.LANG || '';
  if (locale === '') return process.platform !== 'win32' || !!env.WT_SESSION;
  return /utf-?8/i.test(locale);
}

/** What `cost` and `image --dockerfile` need to simulate a Dockerfile. */
export interface SimulateRequest {
  file: string;
  contextDir?: string;
  target?: string;
  /** `K=V` strings as given on the command line. */
  buildArgs: readonly string[];
  builder?: string;
  cwd: string;
}

export interface SimulatedDockerfile {
  model: DockerfileModel;
  sim: Simulation;
  config: UserConfig;
  read: { text: string };
  buildArgs: Record<string, string>;
  target: string | undefined;
}

/** Reads, models and simulates a Dockerfile with the options of `cost` (usage and I/O problems throw UsageError/ConfigError). */
export async function simulateDockerfile(req: SimulateRequest): Promise<SimulatedDockerfile> {
  const { file, builder, target } = req;
  if (builder !== undefined && builder !== 'buildkit' && builder !== 'classic') throw new UsageError('--builder must be buildkit or classic');
  const buildArgs: Record<string, string> = {};
  for (const b of req.buildArgs) {
    const eq = b.indexOf('=');
    if (eq <= 0) throw new UsageError(`--build-arg must be KEY=VALUE, got "${b}"`);
    buildArgs[b.slice(0, eq)] = b.slice(eq + 1);
  }
  const read = readDockerfile(file);
  if (!read.ok) throw new ConfigError(`${file}: ${read.error}`);
  const config = loadConfigFor(file === '-' ? req.cwd : path.dirname(path.resolve(req.cwd, file)), null).config;
  await prepareLinter();
  const model = buildModel(read.text, { buildArgs: { ...(config.buildArgs ?? {}), ...buildArgs }, target, builder: (builder as 'buildkit' | 'classic' | undefined) ?? config.builder });
  if (target !== undefined && model.targetStage < 0) throw new UsageError(`--target: no stage named "${target}"`);
  let context: BuildContext | null = null;
  const dir = req.contextDir;
  if (dir !== undefined) {
    try {
      context = readContext(path.resolve(req.cwd, dir), { dockerfile: file === '-' ? null : path.resolve(req.cwd, file) });
    } catch (err) {
      throw new ConfigError(`--context ${dir}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  }
  const sim = simulate(model, { context, estimator: defaultEstimator() });
  return { model, sim, config, read, buildArgs, target };
}

export async function runCost(argv: readonly string[], io: CostIo): Promise<number> {
  const parsed = parseArgs(argv, [
    { name: 'context', value: true },
    { name: 'target', value: true },
    { name: 'build-arg', value: true, multiple: true },
    { name: 'builder', value: true },
    { name: 'format', short: 'f', value: true },
    { name: 'output', short: 'o', value: true },
    { name: 'ascii' },
    { name: 'no-color' },
    { name: 'color' },
    { name: 'debug' },
    { name: 'help', short: 'h' },
  ]);
  if (parsed.flags.has('help')) {
    io.stdout.write(COST_HELP);
    return 0;
  }
  const format = parsed.options.get('format')?.[0] ?? 'table';
  if (format !== 'table' && format !== 'json' && format !== 'html') throw new UsageError(`unknown format "${format}" for cost (table, json or html)`);
  if (parsed.positionals.length !== 1) throw new UsageError('cost takes exactly one Dockerfile');
  const file = parsed.positionals[0];
  const { model, sim, config, read, buildArgs, target } = await simulateDockerfile({
    file,
    contextDir: parsed.options.get('context')?.[0],
    target: parsed.options.get('target')?.[0],
    buildArgs: parsed.options.get('build-arg') ?? [],
    builder: parsed.options.get('builder')?.[0],
    cwd: io.cwd,
  });
  const doc = costJson(model, sim, file);
  const color = !parsed.flags.has('no-color') && !io.env.NO_COLOR && (parsed.flags.has('color') || !!io.env.FORCE_COLOR || io.isTTY);
  let text: string;
  if (format === 'json') text = JSON.stringify(doc, null, 2) + '\n';
  else if (format === 'html') {
    // The report shows the findings of the same file too, computed on the same simulation.
    const findings = lintModel(model, { config, filePath: file, buildArgs, target, analyses: () => ({ simulation: () => sim }) }).findings;
    text = renderCostHtml({ cost: doc, findings, source: read.text, fileName: file, model });
  } else text = formatCostTable(doc, { color, unicode: useUnicode(io.env, parsed.flags.has('ascii')) });
  const output = parsed.options.get('output')?.[0];
  if (output) {
    try {
      fs.writeFileSync(output, text);
    } catch (err) {
      throw new ConfigError(`${output}: cannot write the report (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
  } else io.stdout.write(text);
  return 0;
}
