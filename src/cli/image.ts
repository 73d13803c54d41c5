import * as fs from 'node:fs';
import { analyzeImage, checkGates, imageReportJson, ImageReadError, renderImageTable, type GateOptions } from '../image/index';
import { parseArgs, UsageError } from './args';
import { ConfigError } from '../engine/config';

const HELP = `Usage: layerlint image IMAGE [options]

IMAGE is a \`docker save\` tarball, an OCI image layout folder, or an OCI archive.

Options:
  -f, --format table|json          output (default table; JSON documented in docs/image-json.md)
  -o, --output FILE                write the report to FILE
      --ref NAME                   pick the image by reference when the archive holds several
      --platform OS/ARCH           pick the image by platform from a multi-platform index
      --max-wasted-bytes N         exit 1 when wasted bytes exceed N (dive's highestWastedBytes)
      --max-wasted-fraction F      exit 1 when wasted/user bytes exceed F, 0..1 (dive's highestUserWastedPercent)
      --min-efficiency F           exit 1 when efficiency is below F, 0..1 (dive's lowestEfficiency)
      --gate-basis dive|hidden     which waste the gates measure (default dive, as .dive-ci thresholds expect)
`;

function numberOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new UsageError(`${name} needs a number, got "${value}"`);
  return n;
}

/** `layerlint image`: what a built image really weighs, with dive-style CI gates. */
export async function runImage(argv: readonly string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const parsed = parseArgs(argv, [
    { name: 'format', short: 'f', value: true },
    { name: 'output', short: 'o', value: true },
    { name: 'ref', value: true },
    { name: 'platform', value: true },
    { name: 'max-wasted-bytes', value: true },
    { name: 'max-wasted-fraction', value: true },
    { name: 'min-efficiency', value: true },
    { name: 'gate-basis', value: true },
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
  if (format !== 'table' && format !== 'json') throw new UsageError(`unknown format "${format}" for image (table or json)`);
  const basis = parsed.options.get('gate-basis')?.[0];
  if (basis !== undefined && basis !== 'dive' && basis !== 'hidden') throw new UsageError('--gate-basis must be dive or hidden');
  const gates: GateOptions = {
    maxWastedBytes: numberOption(parsed.options.get('max-wasted-bytes')?.[0], '--max-wasted-bytes'),
    maxWastedFraction: numberOption(parsed.options.get('max-wasted-fraction')?.[0], '--max-wasted-fraction'),
    minEfficiency: numberOption(parsed.options.get('min-efficiency')?.[0], '--min-efficiency'),
    basis,
  };
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
  const text = format === 'json' ? imageReportJson(report) : renderImageTable(report);
  const output = parsed.options.get('output')?.[0];
  if (output) fs.writeFileSync(output, text);
  else out.write(text);
  for (const f of result.failures) err.write(`layerlint image: gate failed: ${f}\n`);
  return result.ok ? 0 : 1;
}
