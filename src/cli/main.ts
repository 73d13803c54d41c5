import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Severity } from '../engine/api';
import { SEVERITIES } from '../engine/api';
import { ConfigError, type Threshold, type UserConfig } from '../engine/config';
import { exceedsThreshold, prepareLinter } from '../engine/lint';
import { getRegistry } from '../engine/registry';
import { catalogFromMetas, type ReportContext } from '../format/context';
import { FORMAT_NAMES, parseFormatSpec, render, type FormatSpec } from '../format/index';
import { parsePathRewrite, reportPath, type PathRewrite } from '../format/paths';
import type { FileResult } from '../format/types';
import { parseArgs, UsageError, type OptionSpec, type Parsed } from './args';
import { runCost } from './cost';
import { discover } from './discover';
import { endProgress, startProgress } from './progress';
import { readFileList } from './files-from';
import { FileLinter, type FileOutcome, type RunSettings } from './lint-file';
import { lintInThreads, LintThreadError, threadCount, type Task } from './lint-pool';
import type * as ImageCli from './image';
import type * as LspCommand from '../lsp/command';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- read at run time so the version is never stale
export const VERSION: string = (require('../../../package.json') as { version: string }).version;
/** The rule pages shipped with the package (help text in SARIF). */
const DOCS_RULES_DIR = path.resolve(__dirname, '..', '..', '..', 'docs', 'rules');

const LINT_OPTIONS: OptionSpec[] = [
  { name: 'format', short: 'f', value: true, multiple: true },
  { name: 'output', short: 'o', value: true },
  { name: 'config', short: 'c', value: true },
  { name: 'rule', value: true, multiple: true },
  { name: 'ignore', value: true, multiple: true },
  { name: 'failure-threshold', short: 't', value: true },
  { name: 'build-arg', value: true, multiple: true },
  { name: 'target', value: true },
  { name: 'context', value: true },
  { name: 'builder', value: true },
  { name: 'no-color' },
  { name: 'color' },
  { name: 'no-shellcheck' },
  { name: 'quiet', short: 'q' },
  { name: 'debug' },
  { name: 'fix' },
  { name: 'fix-dry-run' },
  { name: 'path-in-report', value: true, multiple: true },
  { name: 'files-from', value: true, multiple: true },
  { name: 'version', short: 'v' },
  { name: 'help', short: 'h' },
];

const HELP = `layerlint ${VERSION} — Dockerfile linter and layer-cost predictor

Usage:
  layerlint [options] [paths...]        lint Dockerfiles (files, folders, or - for stdin)
  layerlint rules [--format json]       list the rules with their aliases
  layerlint cost [options] Dockerfile   predicted image history: bytes and waste per layer (cost --help)
  layerlint image IMAGE [options]       what a built image (docker save tar, OCI layout or archive) weighs and wastes
  layerlint image IMAGE --dockerfile F  predicted vs. actual bytes per layer of the image built from F (image --help)
  layerlint lsp --stdio                 run the language server (docs/editors.md)
  layerlint --version | --help

Options:
  -f, --format NAME[=FILE]              output format, repeatable (default stylish): stylish, json, sarif, github,
                                        checkstyle, junit, gitlab, codeclimate, gnu, compact, markdown;
                                        =FILE writes that report to FILE (docs/formats.md)
  -o, --output FILE                     write the reports without =FILE to FILE instead of stdout
      --path-in-report FROM=TO          rewrite reported paths (relative to the working folder) starting with FROM;
                                        repeatable; -=NAME names stdin, =PREFIX/ prepends
  -c, --config FILE                     config file (default: .layerlint.yaml found upwards, else .hadolint.yaml)
      --rule ID=SEVERITY|off            set a rule's severity (id, DL code or BuildKit name); repeatable
      --ignore ID                       turn a rule off; repeatable
  -t, --failure-threshold LEVEL         error|warning|info|style|never: lowest severity that exits 1 (default warning)
      --build-arg K=V                   value of an ARG; repeatable
      --target STAGE                    the stage that is built (default: the last)
      --context DIR                     the build context, for the layer-cost rules (COPY sizes, .dockerignore)
      --builder buildkit|classic        layer semantics to follow (default buildkit)
      --fix                             apply safe fixes to the files
      --fix-dry-run                     print the safe fixes as a unified diff, change nothing
      --files-from FILE                 also lint the paths listed in FILE, one per line (- = stdin)
      --no-shellcheck                   skip the ShellCheck pass over RUN scripts (also \`shellcheck: false\` in config)
      --no-color                        no colours (also NO_COLOR)
  -q, --quiet                           only findings at or above the threshold; nothing when clean
      --debug                           show stack traces of internal errors

Many files are linted on several threads when cores are free; LAYERLINT_JOBS=N sets the number (1: one thread).

Exit codes: 0 nothing at or above the threshold, 1 findings at or above it, 2 usage, config or I/O errors.
`;

export interface Io {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  isTTY: boolean;
  cwd: string;
  /** The lint thread's script (tests point it elsewhere; default: lint-worker beside this module). */
  lintWorkerScript?: string;
}

function defaultIo(): Io {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, isTTY: !!process.stdout.isTTY, cwd: process.cwd() };
}

/** Run the CLI; resolves to the exit code. Never throws: errors become one line on stderr and exit 2. */
export async function main(argv: readonly string[], io: Io = defaultIo()): Promise<number> {
  const debug = argv.includes('--debug');
  try {
    const code = await dispatch(argv, io);
    await flush(io.stdout);
    return code;
  } catch (err) {
    const msg = err instanceof UsageError ? `layerlint: ${err.message} (see layerlint --help)` : err instanceof ConfigError ? `layerlint: ${err.message}` : err instanceof LintThreadError ? `layerlint: ${err.message}; LAYERLINT_JOBS=1 lints on one thread` : `layerlint: internal error: ${(err as Error).message ?? String(err)} (this is a bug; rerun with --debug for details)`;
    endProgress(io.stderr);
    io.stderr.write(msg + '\n');
    if (debug && err instanceof Error && err.stack) io.stderr.write(err.stack + '\n');
    await flush(io.stdout);
    return 2;
  }
}

function flush(stream: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve) => {
    if ((stream as NodeJS.WriteStream).writableNeedDrain === false || !('write' in stream)) {
      stream.write('', () => resolve());
    } else stream.write('', () => resolve());
  });
}

async function dispatch(argv: readonly string[], io: Io): Promise<number> {
  const sub = argv[0];
  if (sub === 'rules') return runRules(argv.slice(1), io);
  if (sub === 'cost') return runCost(argv.slice(1), io);
  if (sub === 'image') {
    // Loaded only for this subcommand, so linting never pays for it at start-up.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { runImage } = require('./image') as typeof ImageCli;
    return runImage(argv.slice(1), io.stdout, io.stderr, io.cwd);
  }
  if (sub === 'lsp') return runLspCommand(argv.slice(1), io);
  return runLint(argv, io);
}

function runRules(argv: readonly string[], io: Io): number {
  const parsed = parseArgs(argv, [{ name: 'format', short: 'f', value: true }, { name: 'help', short: 'h' }]);
  const format = parsed.options.get('format')?.[0] ?? 'table';
  const registry = getRegistry();
  const list = registry.rules.map((r) => ({
    id: r.meta.id,
    aliases: r.meta.aliases,
    severity: r.meta.severity,
    enabledByDefault: r.meta.enabledByDefault !== false,
    category: r.meta.category,
    fixable: r.meta.fixable,
    description: r.meta.description,
    docs: r.meta.docs,
  }));
  if (format === 'json') {
    io.stdout.write(JSON.stringify({ version: 1, rules: list }, null, 2) + '\n');
    return 0;
  }
  if (format !== 'table' && format !== 'stylish') throw new UsageError(`unknown format "${format}" for rules (table or json)`);
  const width = Math.max(...list.map((r) => r.id.length));
  for (const r of list) io.stdout.write(`${r.id.padEnd(width)}  ${r.severity.padEnd(7)}  ${(r.aliases.join(',') || '-').padEnd(40)}  ${r.description}\n`);
  return 0;
}

interface LintRun {
  parsed: Parsed;
  threshold: Threshold | null;
  overrides: Record<string, Severity | 'off'>;
  buildArgs: Record<string, string>;
}

function parseKeyValue(v: string, what: string): [string, string] {
  const eq = v.indexOf('=');
  if (eq <= 0) throw new UsageError(`${what} must be KEY=VALUE, got "${v}"`);
  return [v.slice(0, eq), v.slice(eq + 1)];
}

function prepareRun(argv: readonly string[]): LintRun {
  const parsed = parseArgs(argv, LINT_OPTIONS);
  const registry = getRegistry();
  const overrides: Record<string, Severity | 'off'> = {};
  for (const r of parsed.options.get('rule') ?? []) {
    const [name, sev] = parseKeyValue(r, '--rule');
    if (sev !== 'off' && !SEVERITIES.includes(sev as Severity)) throw new UsageError(`--rule ${name}: severity must be error, warning, info, style or off`);
    if (!registry.has(name) && !/^sc\d{4}$/i.test(name) && !/^(parse-error|dl1000)$/i.test(name)) throw new UsageError(`--rule: unknown rule "${name}"`);
    overrides[name] = sev as Severity | 'off';
  }
  for (const name of parsed.options.get('ignore') ?? []) {
    if (!registry.has(name) && !/^sc\d{4}$/i.test(name) && !/^(parse-error|dl1000)$/i.test(name)) throw new UsageError(`--ignore: unknown rule "${name}"`);
  }
  const t = parsed.options.get('failure-threshold')?.[0];
  if (t !== undefined && t !== 'never' && !SEVERITIES.includes(t as Severity)) throw new UsageError(`--failure-threshold must be error, warning, info, style or never`);
  const buildArgs: Record<string, string> = {};
  for (const b of parsed.options.get('build-arg') ?? []) {
    const [k, v] = parseKeyValue(b, '--build-arg');
    buildArgs[k] = v;
  }
  const builder = parsed.options.get('builder')?.[0];
  if (builder !== undefined && builder !== 'buildkit' && builder !== 'classic') throw new UsageError('--builder must be buildkit or classic');
  return { parsed, threshold: (t as Threshold | undefined) ?? null, overrides, buildArgs };
}

/** The language server is loaded only for `layerlint lsp`, so lint runs never pay for it. */
async function runLspCommand(argv: readonly string[], io: Io): Promise<number> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { runLsp } = require('../lsp/command') as typeof LspCommand;
  return runLsp(argv, io);
}

function parseFormats(parsed: Parsed): FormatSpec[] {
  return (parsed.options.get('format') ?? ['stylish']).map((f) => {
    const spec = parseFormatSpec(f);
    if (!spec) throw new UsageError(`unknown format "${f}" (NAME or NAME=FILE, NAME one of: ${FORMAT_NAMES.join(', ')})`);
    return spec;
  });
}

function parseRewrites(parsed: Parsed): PathRewrite[] {
  return (parsed.options.get('path-in-report') ?? []).map((v) => {
    const r = parsePathRewrite(v);
    if (!r) throw new UsageError(`--path-in-report must be FROM=TO, got "${v}"`);
    return r;
  });
}

/** Write each report: those with =FILE to their file, the others (concatenated) to -o or stdout. */
function writeReports(formats: readonly FormatSpec[], render1: (name: string) => string, prefix: string, output: string | undefined, io: Io): void {
  let report = prefix;
  for (const f of formats) {
    if (f.file === null) report += render1(f.name);
    else writeReportFile(path.resolve(io.cwd, f.file), render1(f.name));
  }
  if (output) {
    if (report !== '' || formats.some((f) => f.file === null)) writeReportFile(path.resolve(io.cwd, output), report);
  }
  else io.stdout.write(report);
}

function writeReportFile(file: string, text: string): void {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  } catch (err) {
    throw new ConfigError(`${file}: cannot write the report (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
}

async function runLint(argv: readonly string[], io: Io): Promise<number> {
  const run = prepareRun(argv);
  const { parsed } = run;
  if (parsed.flags.has('help')) {
    io.stdout.write(HELP);
    return 0;
  }
  if (parsed.flags.has('version')) {
    io.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const formats = parseFormats(parsed);
  const rewrites = parseRewrites(parsed);
  const shownPath = (file: string): string => reportPath(file, io.cwd, rewrites);
  const lists = parsed.options.get('files-from') ?? [];
  if (lists.includes('-') && parsed.positionals.includes('-')) throw new UsageError('stdin cannot be both a Dockerfile (-) and the file list (--files-from -)');
  const inputs = [...parsed.positionals];
  for (const list of lists) inputs.push(...readFileList(list, io.cwd));
  if (inputs.length === 0) throw new UsageError(lists.length > 0 ? `the file list ${lists.join(', ')} names no files` : 'no Dockerfile given (pass paths, a folder, or - for stdin)');
  const fix = parsed.flags.has('fix');
  const dryRun = parsed.flags.has('fix-dry-run');
  if ((fix || dryRun) && inputs.includes('-')) throw new UsageError('--fix cannot rewrite stdin; use --fix-dry-run with a file');

  const explicitConfig = parsed.options.get('config')?.[0] ?? null;
  if (explicitConfig && !fs.existsSync(explicitConfig)) throw new ConfigError(`${explicitConfig}: config file not found`);
  const { files, errors: discoveryErrors } = discover(inputs);
  if (files.length === 0) throw new UsageError(`no Dockerfiles found under ${inputs.join(', ')}`);

  await prepareLinter();
  const settings: RunSettings = {
    cwd: io.cwd,
    explicitConfig,
    builder: parsed.options.get('builder')?.[0] as UserConfig['builder'] | undefined,
    noShellcheck: parsed.flags.has('no-shellcheck'),
    buildArgs: run.buildArgs,
    target: parsed.options.get('target')?.[0],
    overrides: run.overrides,
    ignore: parsed.options.get('ignore') ?? [],
    threshold: run.threshold,
    contextDir: parsed.options.get('context')?.[0],
    fix,
    dryRun,
  };
  const linter = new FileLinter(settings);

  const results: FileResult[] = [];
  let shellcheckNoticeShown = false;
  let ioError = false;
  let internalError = false;
  let failing = false;
  const diffs: string[] = [];
  const missing = new Map(discoveryErrors.map((e) => [e.path, e.message]));
  const progress = startProgress(files.length, io.stderr, io.env);
  const take = (file: string, o: FileOutcome): void => {
    for (const line of o.notices) io.stderr.write(line + '\n');
    if (o.shellcheckMissing && !shellcheckNoticeShown) {
      shellcheckNoticeShown = true;
      io.stderr.write('layerlint: shellcheck is not installed (not on PATH), so the ShellCheck (SCxxxx) checks of RUN scripts were skipped\n');
    }
    if (o.diff !== undefined) diffs.push(o.diff);
    if (o.error !== undefined) results.push({ path: shownPath(file), error: o.error, findings: o.findings });
    else if (o.source === undefined) results.push({ path: shownPath(file), findings: o.findings });
    else results.push({ path: shownPath(file), findings: o.findings, source: o.source });
    if (o.ioError) ioError = true;
    if (o.internalError) internalError = true;
    if (o.failing) failing = true;
  };
  const takeMissing = (file: string): void => {
    results.push({ path: shownPath(file), error: missing.get(file), findings: [] });
    ioError = true;
  };

  // Several threads for many files. --fix rewrites files and stdin can be read once: those runs stay on one thread.
  const threads = fix || dryRun || files.includes('-') ? 1 : threadCount(files.length - missing.size, io.env);
  if (threads > 1) {
    const tasks: Task[] = [];
    files.forEach((file, index) => {
      if (!missing.has(file)) tasks.push({ index, file });
    });
    // The progress line follows the files in order: it moves on when the next file in the run is done.
    const settledAt = new Set<number>();
    let shownUpTo = 0;
    progress.next(files[0]);
    const byIndex = await lintInThreads(tasks, {
      threads,
      settings,
      local: linter,
      script: io.lintWorkerScript,
      onSettled: (r) => {
        settledAt.add(r.index);
        while (shownUpTo < files.length && (settledAt.has(shownUpTo) || missing.has(files[shownUpTo]))) {
          shownUpTo++;
          if (shownUpTo < files.length) progress.next(files[shownUpTo]);
        }
      },
    });
    for (let i = 0; i < files.length; i++) {
      const file = files[i];
      if (missing.has(file)) {
        takeMissing(file);
        continue;
      }
      const r = byIndex[i];
      if (r?.fatal) throw r.fatal.config ? new ConfigError(r.fatal.message) : Object.assign(new Error(r.fatal.message), { stack: r.fatal.stack });
      if (!r?.outcome) throw new LintThreadError(`no result for ${file}`);
      take(file, r.outcome);
    }
  } else {
    for (const file of files) {
      progress.next(file);
      if (missing.has(file)) takeMissing(file);
      else take(file, await linter.lint(file));
    }
  }
  progress.done();

  const color = !parsed.flags.has('no-color') && !io.env.NO_COLOR && (parsed.flags.has('color') || !!io.env.FORCE_COLOR || io.isTTY);
  const threshold: Threshold = run.threshold ?? 'warning';
  const shown = parsed.flags.has('quiet') ? results.map((r) => ({ ...r, findings: r.findings.filter((f) => exceedsThreshold([f], threshold)) })) : results;
  const ctx: ReportContext = { color, quiet: parsed.flags.has('quiet'), toolVersion: VERSION, cwd: io.cwd, rules: catalogFromMetas(getRegistry().rules.map((r) => r.meta), DOCS_RULES_DIR) };
  writeReports(formats, (name) => render(name, shown, ctx), dryRun ? diffs.join('') : '', parsed.options.get('output')?.[0], io);
  if (ioError || internalError) return 2;
  return failing ? 1 : 0;
}
