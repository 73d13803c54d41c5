/**
 * The optional ShellCheck pass over RUN scripts, as hadolint does it: each shell-form RUN (ONBUILD RUN and heredoc
 * scripts included) becomes a small script - a shebang from the active SHELL, an `export NAME=1` line for every
 * ARG/ENV in scope and the proxy variables, then the script text - and ShellCheck's findings are mapped back to
 * the exact Dockerfile position through the continuation-joined offset map.
 *
 * ShellCheck only reads the scripts (written to a private temporary folder, one file per RUN, all checked by one
 * process per Dockerfile); nothing from the Dockerfile is executed. Windows stages without a POSIX SHELL run RUN
 * under cmd and are skipped too. Without a `shellcheck` binary on PATH the pass
 * is skipped and the caller tells the user once.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseKeyValues } from '../model/kv';
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

function ownCopy(s: string): string {
  return JSON.parse(JSON.stringify(s)) as string;
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

/** Turn ShellCheck's JSON1 report into findings (`files[i]` is the file unit i was checked as), honouring config, CLI and inline suppressions. */
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
  let dir: string | null = null;
  try {
    // Identical scripts (same text, same names in scope) are checked once and reported for each RUN.
    const distinct = new Map<string, number>();
    const fileOf: string[] = [];
    const files: string[] = [];
    const comments: Json1Comment[] = [];
    /** Files to check, with the script text each holds (the cache key). */
    const toCheck: { file: string; text: string }[] = [];
    for (const u of units) {
      let i = distinct.get(u.text);
      if (i === undefined) {
        i = files.length;
        distinct.set(u.text, i);
        const file = `${i}.sh`;
        files.push(file);
        const known = opts.cache?.get(u.text);
        if (known) for (const c of known) comments.push({ ...c, file });
        else {
          dir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'layerlint-sc-'));
          fs.writeFileSync(path.join(dir, file), u.text, { mode: 0o600 });
          toCheck.push({ file, text: u.text });
        }
      }
      fileOf.push(files[i]);
    }
    for (let at = 0; at < toCheck.length; at += FILES_PER_PROCESS) {
      const batch = toCheck.slice(at, at + FILES_PER_PROCESS);
      const stdout = await shellcheckJson(binary, batch.map((b) => b.file), dir as string, opts.timeoutMs ?? 60_000, opts.signal);
      const report = JSON.parse(stdout || '{"comments":[]}') as { comments?: Json1Comment[] };
      const found = report.comments ?? [];
      comments.push(...found);
      if (opts.cache) {
        const byFile = new Map<string, Json1Comment[]>(batch.map((b) => [b.file, []]));
        for (const c of found) byFile.get(c.file)?.push(c);
        for (const b of batch) opts.cache.set(b.text, byFile.get(b.file) ?? []);
      }
    }
    const findings = mapComments(model, units, fileOf, comments, opts);
    return done({ findings: mergeFindings(findings, []), skipped: null, scripts: units.length });
  } catch (err) {
    return done({ findings: [], skipped: 'error', error: err instanceof Error ? err.message : String(err), scripts: units.length });
  } finally {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Scripts per ShellCheck process: keeps the command line short for files with very many RUNs. */
const FILES_PER_PROCESS = 200;

function shellcheckJson(binary: string, files: string[], cwd: string, timeoutMs: number, signal?: AbortSignal): Promise<string> {
  const args = ['--norc', '--format=json1', '--severity=style', `--exclude=${EXCLUDED_CODES.join(',')}`, ...files];
  return new Promise<string>((resolve, reject) => {
    // An aborted run is killed: its (partial) output must not be read as a complete report, nor cached.
    if (signal?.aborted) return reject(new Error('aborted'));
    execFile(binary, args, { cwd, maxBuffer: 256 * 1024 * 1024, timeout: timeoutMs, windowsHide: true, signal }, (err, out, errOut) => {
      if (signal?.aborted) return reject(new Error('aborted'));
      // Exit code 1 means "found something"; anything else without JSON is a failure.
      if (err && typeof out === 'string' && out.trim().startsWith('{')) return resolve(out);
      if (err) return reject(new Error(String(errOut || err.message).trim().split('\n')[0]));
      resolve(out);
    });
  });
}

/** Findings of the fast pass and of ShellCheck, in document order. */
export function mergeFindings(a: readonly Finding[], b: readonly Finding[]): Finding[] {
  return [...a, ...b].sort((x, y) => x.range.start.line - y.range.start.line || x.range.start.column - y.range.start.column || compareText(x.rule, y.rule));
}
