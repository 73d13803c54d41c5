/**
 * The optional ShellCheck pass over RUN scripts, as hadolint does it: each shell-form RUN (ONBUILD RUN and heredoc
 * scripts included) becomes a small script - a shebang from the active SHELL, an `export NAME=1` line for every
 * ARG/ENV in scope and the proxy variables, then the script text - and ShellCheck's findings are mapped back to
 * the exact Dockerfile position through the continuation-joined offset map.
 *
 * ShellCheck only reads the scripts, each from stdin (one process per distinct script, one per core at a time).
 * Nothing is written to disk and nothing from the Dockerfile is executed. Windows stages without a POSIX SHELL run RUN
 * under cmd and are skipped too. Without a `shellcheck` binary on PATH the pass
 * is skipped and the caller tells the user once.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseKeyValues } from '../model/kv';
import { ownCopy } from '../parse/text';
import type { DockerfileModel, Instruction } from '../model/types';
import type { Finding, Severity } from './api';
import { looksWindows, PROXY_ARGS } from './buildkit-helpers';
import type { UserConfig } from './config';
import { severityFor } from './lint';
import { collectSuppressions, isSuppressed } from './suppress';
import { compareText } from '../parse/collate';

/** Codes hadolint always leaves out: sourcing files ShellCheck cannot see, and a heredoc-in-POSIX-sh quirk. */
export const EXCLUDED_CODES = ['SC1090', 'SC1091', 'SC2187'];

const NON_POSIX = /(^|[\\/])(pwsh|powershell|cmd)(\.exe)?$/i;
const POSIX_SHEBANG = /^#!\s*\S*\b(sh|bash|dash|ash|ksh|busybox)\b/;

export interface ShellcheckOptions {
  config?: UserConfig;
  ruleOverrides?: Record<string, Severity | 'off'>;
  ignore?: string[];
  /** The binary to run (default: `shellcheck` found on PATH). */
  binary?: string | null;
  /** Kill ShellCheck after this long (default 60 s). */
  timeoutMs?: number;
  /** Kills ShellCheck when it fires (the language server: the document changed again); the run then reports `error`. */
  signal?: AbortSignal;
  /** Results by script text, so only scripts not checked before go to ShellCheck (the language server keeps one). */
  cache?: ScriptResultCache;
}

/**
 * ShellCheck's comments per script text (the whole script handed to it: shebang, exports and body, so the names in
 * scope are part of the key). ShellCheck checks each file on its own, so a script's comments do not depend on the
 * other files of the run. Least recently used first out, bounded by entries and by characters.
 */
export class ScriptResultCache {
  private readonly entries = new Map<string, readonly Json1Comment[]>();
  private chars = 0;

  /** A 500-line document has ~140 RUN scripts: room for a few versions of each, a few megabytes at most. */
  constructor(
    private readonly maxEntries = 512,
    private readonly maxChars = 512 * 1024,
  ) {}

  get(text: string): readonly Json1Comment[] | undefined {
    const hit = this.entries.get(text);
    if (hit !== undefined) {
      this.entries.delete(text);
      this.entries.set(text, hit);
    }
    return hit;
  }

  set(text: string, comments: readonly Json1Comment[]): void {
    if (text.length > this.maxChars / 4) return;
    if (this.entries.has(text)) this.entries.delete(text);
    else this.chars += text.length;
    // A copy with storage of its own: the script is built from slices of the document, and a key that is a slice
    // would keep every edited version of the document alive.
    this.entries.set(ownCopy(text), comments);
    while (this.entries.size > this.maxEntries || this.chars > this.maxChars) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
      this.chars -= oldest.length;
    }
  }

  get size(): number {
    return this.entries.size;
  }
}

export interface ShellcheckResult {
  findings: Finding[];
  /** Why nothing ran: `disabled` (config), `missing` (no binary), `error` (ShellCheck failed; see `error`), or null. */
  skipped: 'disabled' | 'missing' | 'error' | null;
  error?: string;
  /** Scripts checked. */
  scripts: number;
  ms: number;
}

/** One script handed to ShellCheck, and how to map its offsets back into the Dockerfile. */
export interface ScriptUnit {
  ins: Instruction;
  /** The full script: shebang, exports, body. */
  text: string;
  /** Length of the shebang and export lines before the body. */
  prefixLength: number;
  /** Document offset of each body character (length = body length + 1). */
  map: ArrayLike<number>;
}

let cachedBinary: string | null | undefined;

/** `shellcheck` on PATH, or null. The answer is cached for the process. */
export function findShellcheck(): string | null {
  if (cachedBinary !== undefined) return cachedBinary;
  cachedBinary = null;
  const names = process.platform === 'win32' ? ['shellcheck.exe', 'shellcheck.cmd'] : ['shellcheck'];
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    for (const n of names) {
      const candidate = path.join(dir, n);
      try {
        fs.accessSync(candidate, fs.constants.X_OK);
        if (fs.statSync(candidate).isFile()) return (cachedBinary = candidate);
      } catch {
        // not here
      }
    }
  }
  return cachedBinary;
}

/** Forget the cached look-up (tests change PATH). */
export function resetShellcheckCache(): void {
  cachedBinary = undefined;
}

/** The scripts of a Dockerfile that ShellCheck should see. */
export function collectScripts(model: DockerfileModel): ScriptUnit[] {
  if (model.shellPragma && NON_POSIX.test(model.shellPragma)) return [];
  const units: ScriptUnit[] = [];
  const stageArgs = new Map<number, Set<string>>();
  const windows = new Map<number, boolean>();
  const isWindows = (stageIndex: number): boolean => {
    let w = windows.get(stageIndex);
    if (w === undefined) {
      const stage = model.stages[stageIndex];
      windows.set(stageIndex, (w = stage ? looksWindows(model, stage) : false));
    }
    return w;
  };
  for (const top of model.instructions) {
    for (const ins of top.trigger ? [top, top.trigger] : [top]) {
      if (ins.keyword !== 'RUN') continue;
      const unit = scriptFor(model, ins, stageArgs, isWindows);
      if (unit) units.push(unit);
    }
  }
  return units;
}

function scriptFor(model: DockerfileModel, ins: Instruction, stageArgs: Map<number, Set<string>>, isWindows: (stageIndex: number) => boolean): ScriptUnit | null {
  if (ins.form === 'exec') return null;
  const shell = ins.shell[0] ?? '/bin/sh';
  if (NON_POSIX.test(shell)) return null;
  // A Windows image runs RUN under `cmd /S /C` unless SHELL says otherwise (hadolint checks these as sh: #645).
  if (shell === '/bin/sh' && ins.stageIndex >= 0 && isWindows(ins.stageIndex)) return null;
  let body: string;
  let map: ArrayLike<number>;
  let shebang = `#!${shell}`;
  const joined = ins.argsJoined;
  if (ins.heredocs.length === 0) {
    if (joined.text.trim() === '') return null;
    body = joined.text;
    map = joined.map;
  } else {
    const onlyMarkers = joined.text.replace(/<<-?\s*["']?[A-Za-z_][A-Za-z0-9_]*["']?/g, '').trim() === '';
    if (onlyMarkers && ins.heredocs.length === 1) {
      // `RUN <<EOF`: the body is the script. A shebang of its own picks the interpreter.
      const h = ins.heredocs[0];
      let start = 0;
      if (h.content.startsWith('#!')) {
        const firstLine = h.content.split('\n')[0].replace(/\r$/, '');
        if (!POSIX_SHEBANG.test(firstLine)) return null;
        shebang = firstLine;
        start = h.content.indexOf('\n') + 1 || h.content.length;
      }
      body = h.content.slice(start);
      const base = h.contentSpan.start + start;
      const offsets = new Int32Array(body.length + 1);
      for (let i = 0; i <= body.length; i++) offsets[i] = base + i;
      map = offsets;
    } else {
      // `RUN cmd <<EOF`: the command line, then each body and its delimiter, as the shell reads them.
      const text: string[] = [joined.text, '\n'];
      const offsets: number[] = [];
      for (let i = 0; i < joined.text.length; i++) offsets.push(joined.map[i]);
      offsets.push(joined.map[joined.text.length] ?? ins.span.end);
      for (const h of ins.heredocs) {
        text.push(h.content);
        for (let i = 0; i < h.content.length; i++) offsets.push(h.contentSpan.start + i);
        const delimLine = `${h.name}\n`;
        text.push(delimLine);
        for (let i = 0; i < delimLine.length; i++) offsets.push(Math.min(h.contentSpan.end + i, model.text.length));
      }
      body = text.join('');
      offsets.push(offsets.length > 0 ? offsets[offsets.length - 1] + 1 : ins.span.end);
      map = offsets;
    }
  }
  const names = new Set<string>(PROXY_ARGS);
  for (const n of ins.scope.keys()) names.add(n);
  for (const n of ancestorArgs(model, ins, stageArgs)) names.add(n);
  const exports = [...names].filter((n) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(n)).sort().map((n) => `export ${n}=1\n`).join('');
  const prefix = `${shebang}\n${exports}`;
  return { ins, text: prefix + body + (body.endsWith('\n') ? '' : '\n'), prefixLength: prefix.length, map };
}

/** ARG names declared in the stages this one builds FROM (they carry over, as hadolint assumes). */
function ancestorArgs(model: DockerfileModel, ins: Instruction, cache: Map<number, Set<string>>): Set<string> {
  const out = new Set<string>();
  let stage = ins.stageIndex >= 0 ? model.stages[ins.stageIndex] : undefined;
  const seen = new Set<number>();
  while (stage && stage.parentStage !== null && !seen.has(stage.index)) {
    seen.add(stage.index);
    const parent = model.stages[stage.parentStage];
    if (!parent) break;
    let names = cache.get(parent.index);
    if (!names) {
      names = new Set();
      for (const i of parent.instructions) {
        if (i.keyword !== 'ARG') continue;
        for (const kv of parseKeyValues(i.argsJoined.text, 0, null, model.escape, () => undefined, true)) names.add(kv.key);
      }
      cache.set(parent.index, names);
    }
    for (const n of names) out.add(n);
    stage = parent;
  }
  return out;
}

export interface Json1Comment {
  file: string;
  line: number;
  endLine: number;
  column: number;
  endColumn: number;
  level: string;
  code: number;
  message: string;
}

const LEVELS: Record<string, Severity> = { error: 'error', warning: 'warning', info: 'info', style: 'style' };

/** Document offset of a ShellCheck position (1-based line and column, tabs counted as one) in a unit's script. */
function docOffset(unit: ScriptUnit, lineStarts: number[], line: number, column: number): number | null {
  const ls = lineStarts[line - 1];
  if (ls === undefined) return null;
  const scriptOffset = ls + column - 1;
  const bodyOffset = scriptOffset - unit.prefixLength;
  if (bodyOffset < 0) return null;
  const i = Math.min(bodyOffset, unit.map.length - 1);
  return unit.map[i] + (bodyOffset - i);
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

/** Turn ShellCheck's JSON1 report into findings (`files[i]` is the key of the script unit i was checked as; comments name it in `file`), honouring config, CLI and inline suppressions. */
export function mapComments(model: DockerfileModel, units: ScriptUnit[], files: string[], comments: Json1Comment[], opts: ShellcheckOptions): Finding[] {
  const config = opts.config ?? {};
  const suppressions = collectSuppressions(model, !config.disableInlinePragmas);
  const byFile = new Map<string, number[]>();
  files.forEach((f, i) => {
    const list = byFile.get(f);
    if (list) list.push(i);
    else byFile.set(f, [i]);
  });
  const starts = new Map<number, number[]>();
  const findings: Finding[] = [];
  for (const c of comments) {
    const code = `SC${c.code}`;
    const severity = severityFor(code, LEVELS[c.level] ?? 'warning', config, opts.ruleOverrides, opts.ignore);
    if (!severity) continue;
    for (const idx of byFile.get(c.file) ?? []) {
      const unit = units[idx];
      if (isSuppressed(suppressions, [code.toLowerCase()], false, unit.ins)) continue;
      let ls = starts.get(idx);
      if (!ls) starts.set(idx, (ls = lineStartsOf(unit.text)));
      const start = docOffset(unit, ls, c.line, c.column);
      if (start === null) continue;
      let end = docOffset(unit, ls, c.endLine, c.endColumn) ?? start;
      if (end < start) end = start;
      findings.push({ rule: code, aliases: [], severity, message: c.message, range: model.lines.range({ start, end }), fix: null, suggestion: null });
    }
  }
  return findings;
}

/** Run ShellCheck over a Dockerfile's RUN scripts. Never throws. */
export async function runShellcheck(model: DockerfileModel, opts: ShellcheckOptions = {}): Promise<ShellcheckResult> {
  const t0 = Date.now();
  const done = (r: Omit<ShellcheckResult, 'ms'>): ShellcheckResult => ({ ...r, ms: Date.now() - t0 });
  if (opts.config?.shellcheck === false) return done({ findings: [], skipped: 'disabled', scripts: 0 });
  const units = collectScripts(model);
  if (units.length === 0) return done({ findings: [], skipped: null, scripts: 0 });
  const binary = opts.binary === undefined ? findShellcheck() : opts.binary;
  if (!binary) return done({ findings: [], skipped: 'missing', scripts: 0 });
  try {
    // Identical scripts (same text, same names in scope) are checked once and reported for each RUN.
    const distinct = new Map<string, number>();
    const scripts: string[] = [];
    const keyOf: string[] = [];
    units.forEach((u) => {
      let i = distinct.get(u.text);
      if (i === undefined) {
        i = scripts.length;
        distinct.set(u.text, i);
        scripts.push(u.text);
      }
      keyOf.push(String(i));
    });
    const timeoutMs = opts.timeoutMs ?? 60_000;
    // Scripts checked before (the language server keeps a cache) are not handed to ShellCheck again.
    const reports = await mapLimited(scripts, parallelism(), async (text) => {
      const known = opts.cache?.get(text);
      if (known) return known;
      const found = await shellcheckStdin(binary, text, timeoutMs, opts.signal);
      opts.cache?.set(text, found);
      return found;
    });
    const comments: Json1Comment[] = [];
    reports.forEach((report, i) => {
      for (const c of report) comments.push({ ...c, file: String(i) });
    });
    const findings = mapComments(model, units, keyOf, comments, opts);
    return done({ findings: mergeFindings(findings, []), skipped: null, scripts: units.length });
  } catch (err) {
    return done({ findings: [], skipped: 'error', error: err instanceof Error ? err.message : String(err), scripts: units.length });
  }
}

/** ShellCheck processes at a time: one per core (each script is its own process, see shellcheckStdin). */
function parallelism(): number {
  return Math.max(1, Math.min(8, typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length));
}

/** `fn` over `items` with at most `limit` calls in flight; results in input order. */
async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/**
 * ShellCheck on one script read from stdin. One process per script costs ~20 ms of start-up each, but nothing is
 * written to disk: the script files hadolint's approach would need are writes outside the paths the user gave, and
 * Node's extra stdio channels are sockets, which ShellCheck cannot open as `/dev/fd/N` files.
 */
function shellcheckStdin(binary: string, script: string, timeoutMs: number, abort?: AbortSignal): Promise<Json1Comment[]> {
  const args = ['--norc', '--format=json1', '--severity=style', `--exclude=${EXCLUDED_CODES.join(',')}`, '-'];
  return new Promise<Json1Comment[]>((resolve, reject) => {
    // An aborted run is killed: its (partial) output must not be read as a complete report, nor cached.
    if (abort?.aborted) return reject(new Error('aborted'));
    const child = spawn(binary, args, { stdio: ['pipe', 'pipe', 'pipe'], timeout: timeoutMs, windowsHide: true, signal: abort });
    const out: Buffer[] = [];
    const errOut: Buffer[] = [];
    let outBytes = 0;
    child.stdout.on('data', (b: Buffer) => {
      outBytes += b.length;
      if (outBytes > MAX_OUTPUT) child.kill();
      else out.push(b);
    });
    child.stderr.on('data', (b: Buffer) => errOut.push(b));
    // ShellCheck may exit before reading its input (bad option, crash): the exit below reports that.
    child.stdin.on('error', () => undefined);
    child.stdin.end(script);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (abort?.aborted) return reject(new Error('aborted'));
      const stdout = Buffer.concat(out).toString('utf8');
      // Exit code 1 means "found something"; a kill, or a failure without JSON, is an error.
      if (signal === null && (code === 0 || stdout.trim().startsWith('{'))) {
        try {
          return resolve(parseReport(stdout));
        } catch (err) {
          return reject(err instanceof Error ? err : new Error(String(err)));
        }
      }
      const why = Buffer.concat(errOut).toString('utf8').trim().split('\n')[0];
      reject(new Error(why || (signal ? `shellcheck stopped by ${signal}${outBytes > MAX_OUTPUT ? ' (output too large)' : ''}` : `shellcheck exited with ${code}`)));
    });
  });
}

function parseReport(stdout: string): Json1Comment[] {
  const report = JSON.parse(stdout || '{"comments":[]}') as { comments?: Json1Comment[] };
  return report.comments ?? [];
}

const MAX_OUTPUT = 256 * 1024 * 1024;

/** Findings of the fast pass and of ShellCheck, in document order. */
export function mergeFindings(a: readonly Finding[], b: readonly Finding[]): Finding[] {
  return [...a, ...b].sort((x, y) => x.range.start.line - y.range.start.line || x.range.start.column - y.range.start.column || compareText(x.rule, y.rule));
}
