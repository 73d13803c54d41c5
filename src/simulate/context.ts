import * as fs from 'node:fs';
import * as path from 'node:path';
import type { fdir as Fdir } from 'fdir';
import { compileIgnore, parseDockerignore } from '../parse/dockerignore';
import { looksSecret } from './vfs';
import { compareText } from '../parse/collate';

/**
 * The build context as Docker sends it: every path the `.dockerignore` keeps, with `lstat` sizes and modes.
 * Symlinks are never followed while walking (they are sent as links); the walk never leaves the context folder.
 */
export interface ContextEntry {
  type: 'file' | 'dir' | 'symlink';
  /** lstat size: file length, or the link text's length for a symlink. */
  size: number;
  mode: number;
  linkTarget: string | null;
}

export interface BuildContext {
  /** Real path of the context folder. */
  root: string;
  /** Relative POSIX paths (`a/b`, root is ``) of everything that is sent. */
  entries: ReadonlyMap<string, ContextEntry>;
  /** Children of each sent directory. */
  children: ReadonlyMap<string, readonly string[]>;
  /** The ignore file in use, relative to the working directory of the call, or null. */
  ignoreFile: string | null;
  /** The walk stopped at the entry limit: sizes beyond it are unknown. */
  truncated: boolean;
  notable: { path: string; bytes: number; reason: 'secret' | 'vcs' | 'dependencies' | 'large' }[];
}

export interface ContextOptions {
  /** Path of the Dockerfile, for a `<Dockerfile>.dockerignore` beside it (BuildKit reads that one first). */
  dockerfile?: string | null;
  maxEntries?: number;
  /** Files at least this big are listed as notable (default 10 MiB). */
  largeBytes?: number;
}

const DEFAULT_MAX_ENTRIES = 200_000;

/**
 * The ignore file a build with this context and Dockerfile reads (`<Dockerfile>.dockerignore` first, as BuildKit
 * does), or null. Two Dockerfiles with the same context and the same answer here get the same walk.
 */
export function findIgnoreFile(root: string, dockerfile: string | null | undefined): string | null {
  const candidates: string[] = [];
  if (dockerfile && dockerfile !== '-') candidates.push(`${dockerfile}.dockerignore`);
  candidates.push(path.join(root, '.dockerignore'));
  for (const c of candidates) {
    try {
      if (fs.statSync(c).isFile()) return c;
    } catch {
      // not there
    }
  }
  return null;
}

/** Walk a build context folder. Throws when the folder cannot be read. */
export function readContext(dir: string, opts: ContextOptions = {}): BuildContext {
  const root = fs.realpathSync(dir);
  if (!fs.statSync(root).isDirectory()) throw new Error(`${dir}: the build context is not a folder`);
  const ignoreFile = findIgnoreFile(root, opts.dockerfile);
  const patterns = ignoreFile ? parseDockerignore(fs.readFileSync(ignoreFile, 'utf8')) : [];
  const ig = compileIgnore(patterns);
  const hasExceptions = patterns.some((p) => p.startsWith('!'));
  const max = opts.maxEntries ?? DEFAULT_MAX_ENTRIES;

  const relOf = (full: string): string => path.relative(root, full).split(path.sep).join('/');
  // Loaded here: only `--context` walks a folder, and fdir (with picomatch) is not worth loading for every lint.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { fdir } = require('fdir') as { fdir: typeof Fdir };
  const crawler = new fdir()
    .withRelativePaths()
    .withDirs()
    .withMaxFiles(max + 1)
    .exclude((_name, dirPath) => {
      if (hasExceptions || patterns.length === 0) return false;
      const rel = relOf(dirPath);
      return rel !== '' && ig.ignores(rel);
    });
  const listed = crawler.crawl(root).sync() as string[];
  const truncated = listed.length > max;

  const entries = new Map<string, ContextEntry>();
  const children = new Map<string, string[]>();
  const addChild = (rel: string): void => {
    const parent = rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/')) : '';
    let list = children.get(parent);
    if (!list) children.set(parent, (list = []));
    if (!list.includes(rel)) list.push(rel);
  };
  entries.set('', { type: 'dir', size: 0, mode: 0o755, linkTarget: null });
  for (const item of listed.slice(0, max)) {
    const rel = item.replace(/\\/g, '/').replace(/\/$/, '').replace(/^\.\//, '');
    if (rel === '' || rel === '.') continue;
    if (patterns.length > 0 && ig.ignores(rel)) continue;
    let st: fs.Stats;
    try {
      st = fs.lstatSync(path.join(root, rel));
    } catch {
      continue;
    }
    const type = st.isSymbolicLink() ? 'symlink' : st.isDirectory() ? 'dir' : st.isFile() ? 'file' : null;
    if (!type) continue;
    entries.set(rel, { type, size: type === 'dir' ? 0 : st.size, mode: st.mode & 0o7777, linkTarget: type === 'symlink' ? safeReadlink(path.join(root, rel)) : null });
  }
  // A file kept by an exception inside an excluded folder brings its parent folders along.
  for (const rel of [...entries.keys()]) {
    if (rel === '') continue;
    let p = rel;
    while (p.includes('/')) {
      p = p.slice(0, p.lastIndexOf('/'));
      if (!entries.has(p)) entries.set(p, { type: 'dir', size: 0, mode: 0o755, linkTarget: null });
    }
  }
  for (const rel of entries.keys()) if (rel !== '') addChild(rel);
  for (const list of children.values()) list.sort();
  return { root, entries, children, ignoreFile, truncated, notable: notableEntries(entries, opts.largeBytes ?? 10 * 1024 * 1024) };
}

function safeReadlink(p: string): string | null {
  try {
    return fs.readlinkSync(p);
  } catch {
    return null;
  }
}

const VCS = new Set(['.git', '.hg', '.svn']);
const DEPENDENCIES = new Set(['node_modules', '.venv', 'venv', '__pycache__', '.tox', 'vendor/bundle', 'target', '.gradle']);

/** Sent paths a `.dockerignore` usually keeps out: VCS folders, dependency folders, secrets, very large files. */
function notableEntries(entries: ReadonlyMap<string, ContextEntry>, largeBytes: number): BuildContext['notable'] {
  const out: BuildContext['notable'] = [];
  const folderBytes = new Map<string, number>();
  const folderReason = (rel: string): { top: string; reason: 'vcs' | 'dependencies' } | null => {
    const parts = rel.split('/');
    for (let i = 0; i < parts.length; i++) {
      if (VCS.has(parts[i])) return { top: parts.slice(0, i + 1).join('/'), reason: 'vcs' };
      if (DEPENDENCIES.has(parts[i]) && i === 0) return { top: parts[0], reason: 'dependencies' };
    }
    return null;
  };
  const reasons = new Map<string, 'vcs' | 'dependencies'>();
  for (const [rel, e] of entries) {
    const f = folderReason(rel);
    if (f) {
      reasons.set(f.top, f.reason);
      folderBytes.set(f.top, (folderBytes.get(f.top) ?? 0) + (e.type === 'file' ? e.size : 0));
      continue;
    }
    if (e.type !== 'file') continue;
    if (looksSecret('/' + rel)) out.push({ path: rel, bytes: e.size, reason: 'secret' });
    else if (e.size >= largeBytes) out.push({ path: rel, bytes: e.size, reason: 'large' });
  }
  for (const [top, reason] of reasons) out.push({ path: top, bytes: folderBytes.get(top) ?? 0, reason });
  return out.sort((a, b) => compareText(a.path, b.path));
}

/**
 * Resolve a relative context path through symlinks the way the builder does (inside the context as if it were
 * the root: absolute targets start at the context, `..` stops at its top). Returns the final relative path, or
 * null when it is not in the context.
 */
export function resolveInContext(ctx: BuildContext, rel: string, depth = 0): string | null {
  const parts = rel.split('/').filter((p) => p !== '' && p !== '.');
  const out: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (part === '..') {
      out.pop();
      continue;
    }
    out.push(part);
    const cur = out.join('/');
    const e = ctx.entries.get(cur);
    if (!e) return null;
    if (e.type === 'symlink') {
      if (depth > 16 || e.linkTarget === null) return null;
      const target = e.linkTarget.startsWith('/') ? e.linkTarget : [...out.slice(0, -1), e.linkTarget].join('/');
      const rest = parts.slice(i + 1).join('/');
      return resolveInContext(ctx, rest ? `${target}/${rest}` : target, depth + 1);
    }
  }
  return out.join('/');
}

/**
 * Read a sent file's bytes (for archives that ADD extracts or a later RUN unpacks). Symlinks are resolved inside
 * the context only; the real path is checked to stay inside the context folder.
 */
export function readContextFile(ctx: BuildContext, rel: string, maxBytes = 256 * 1024 * 1024): Buffer | null {
  const resolved = resolveInContext(ctx, rel);
  if (resolved === null) return null;
  const e = ctx.entries.get(resolved);
  if (!e || e.type !== 'file' || e.size > maxBytes) return null;
  const full = path.join(ctx.root, resolved);
  try {
    const real = fs.realpathSync(full);
    if (real !== ctx.root && !real.startsWith(ctx.root + path.sep)) return null;
    return fs.readFileSync(real);
  } catch {
    return null;
  }
}
