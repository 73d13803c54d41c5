import * as fs from 'node:fs';
import { analyzeImage, checkGates, imageReportJson, ImageReadError, renderImageSummary, renderImageTable, type GateOptions, type ImageReport } from '../image/index';
import { parseArgs, UsageError, type Parsed } from './args';
import { ConfigError } from '../engine/config';
import { comparisonJson, renderComparisonTable, type ComparisonSource } from '../format/image-compare';
import { renderImageHtml } from '../format/image-html';
import { compareWithImage, type Comparison } from '../simulate/compare';
import { simulateDockerfile, type SimulatedDockerfile } from './cost';

const HELP = `Usage: layerlint image IMAGE [options]

IMAGE is a \`docker save\` tarball, an OCI image layout folder, or an OCI archive.

Options:
  -f, --format table|json|html     output (default table; JSON documented in docs/image-json.md; html: one
                                   self-contained page)
  -o, --output FILE                write the report to FILE
      --ref NAME                   pick the image by reference when the archive holds several
      --platform OS/ARCH           pick the image by platform from a multi-platform index
      --max-wasted-bytes N         exit 1 when wasted bytes exceed N (dive's highestWastedBytes)
      --max-wasted-fraction F      exit 1 when wasted/user bytes exceed F, 0..1 (dive's highestUserWastedPercent)
      --min-efficiency F           exit 1 when efficiency is below F, 0..1 (dive's lowestEfficiency)
      --gate-basis dive|hidden     which waste the gates measure (default dive, as .dive-ci thresholds expect)

Predicted vs. actual (calibrate the predictor against the image built from a Dockerfile):
      --dockerfile FILE            simulate FILE as \`layerlint cost\` does and line its instructions up with the
                                   image's history: predicted and actual bytes per layer, the error, totals
      --context DIR                the build context the image was built from (COPY/ADD sizes are exact)
      --target STAGE               the stage that was built (default: the last)
      --build-arg K=V              value of an ARG; repeatable
      --builder buildkit|classic   layer semantics to follow (default buildkit)
`;

function numberOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new UsageError(`${name} needs a number, got "${value}"`);
  return n;
}

const DOCKERFILE_ONLY = ['context', 'target', 'build-arg', 'builder'];

/** The Dockerfile side of `--dockerfile`, simulated before the image is read (a bad Dockerfile fails fast). */
async function simulateFor(parsed: Parsed, cwd: string): Promise<SimulatedDockerfile | null> {
  const file = parsed.options.get('dockerfile')?.[0];
  if (file === undefined) {
    const stray = DOCKERFILE_ONLY.find((o) => parsed.options.has(o));
    if (stray) throw new UsageError(`--${stray} needs --dockerfile FILE (it describes how that Dockerfile was built)`);
    return null;
  }
  if (file === '-') throw new UsageError('--dockerfile needs a file, not stdin');
  return simulateDockerfile({
    file,
    contextDir: parsed.options.get('context')?.[0],
    target: parsed.options.get('target')?.[0],
    buildArgs: parsed.options.get('build-arg') ?? [],
    builder: parsed.options.get('builder')?.[0],
    cwd,
  });
}

function compare(sim: SimulatedDockerfile, report: ImageReport): Comparison {
  return compareWithImage(sim.model, sim.sim, report.layers, report.wastedBytes);
}

function sourceOf(parsed: Parsed, s: SimulatedDockerfile): ComparisonSource {
  const target = s.sim.target >= 0 ? s.sim.stages[s.sim.target] : null;
  return { dockerfile: parsed.options.get('dockerfile')?.[0] ?? '', context: parsed.options.get('context')?.[0] ?? null, target: target ? (target.name ?? target.index) : null, builder: s.model.builder };
}

/** `layerlint image`: what a built image really weighs, with dive-style CI gates; with --dockerfile, predicted vs. actual. */
export async function runImage(argv: readonly string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream, cwd = process.cwd()): Promise<number> {
  const parsed = parseArgs(argv, [
    { name: 'format', short: 'f', value: true },
    { name: 'output', short: 'o', value: true },
    { name: 'ref', value: true },
    { name: 'platform', value: true },
    { name: 'max-wasted-bytes', value: true },
    { name: 'max-wasted-fraction', value: true },
    { name: 'min-efficiency', value: true },
    { name: 'gate-basis', value: true },
    { name: 'dockerfile', value: true },
    { name: 'context', value: true },
    { name: 'target', value: true },
    { name: 'build-arg', value: true, multiple: true },
    { name: 'builder', value: true },
    { name: 'help', short: 'h' },
    { name: 'debug' },
    { name: 'no-color' },
  ]);
  if (parsed.flags.has('help')) {
    out.write(HELP);
    return 0;
  }
  if (parsed.positionals.length !== 1) throw new UsageError('image takes exactly one IMAGE (a docker save tarball, an OCI layout folder or an OCI archive)');
  const format = parsed.options.get('format')?.[0] ?? 'table';
  if (format !== 'table' && format !== 'json' && format !== 'html') throw new UsageError(`unknown format "${format}" for image (table, json or html)`);
  const basis = parsed.options.get('gate-basis')?.[0];
  if (basis !== undefined && basis !== 'dive' && basis !== 'hidden') throw new UsageError('--gate-basis must be dive or hidden');
  const gates: GateOptions = {
    maxWastedBytes: numberOption(parsed.options.get('max-wasted-bytes')?.[0], '--max-wasted-bytes'),
    maxWastedFraction: numberOption(parsed.options.get('max-wasted-fraction')?.[0], '--max-wasted-fraction'),
    minEfficiency: numberOption(parsed.options.get('min-efficiency')?.[0], '--min-efficiency'),
    basis,
  };
  const simulated = await simulateFor(parsed, cwd);
  let report;
  try {
    report = await analyzeImage(parsed.positionals[0], { ref: parsed.options.get('ref')?.[0], platform: parsed.options.get('platform')?.[0] });
  } catch (e) {
    if (e instanceof ImageReadError) throw new ConfigError(e.message);
    throw e;
  }
  let result;
  try {
    result = checkGates(report, gates);
  } catch (e) {
    if (e instanceof RangeError) throw new UsageError(e.message);
    throw e;
  }
  const imageName = parsed.positionals[0];
  let text: string;
  if (simulated) {
    const comparison = compare(simulated, report);
    const source = sourceOf(parsed, simulated);
    if (format === 'json') text = imageReportJson(report, 2, comparisonJson(comparison, source));
    else if (format === 'html') text = renderImageHtml({ report, imageName, comparison: { comparison, source } });
    else text = renderComparisonTable(comparison, source) + '\n' + renderImageSummary(report);
  } else if (format === 'json') text = imageReportJson(report);
  else if (format === 'html') text = renderImageHtml({ report, imageName });
  else text = renderImageTable(report);
  const output = parsed.options.get('output')?.[0];
  if (output) {
    try {
      fs.writeFileSync(output, text);
    } catch (e) {
      throw new ConfigError(`${output}: cannot write the report (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
  } else out.write(text);
  for (const f of result.failures) err.write(`layerlint image: gate failed: ${f}\n`);
  return result.ok ? 0 : 1;
}
