/** POSIX path helpers for the image filesystem (never the host's). */

/** A path with something to collapse: `//`, a `.` or `..` segment, or a trailing slash. */
const NOT_NORMAL = /\/\/|\/\.\.?(?:\/|$)|\/$/;

/** Normalise an absolute path: collapse `//`, `.` and `..` (never above `/`), no trailing slash except the root. */
export function normalize(p: string): string {
  // The simulation normalises paths that are already normal again and again (every file-system step does): those
  // are returned as they are, without splitting and joining.
  if (p.startsWith('/') && !NOT_NORMAL.test(p)) return p;
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return '/' + out.join('/');
}

/** Resolve `p` against the directory `cwd` (absolute paths stay as they are). */
export function resolvePath(cwd: string, p: string): string {
  return normalize(p.startsWith('/') ? p : `${cwd}/${p}`);
}

export function dirname(p: string): string {
  const n = normalize(p);
  const i = n.lastIndexOf('/');
  return i <= 0 ? '/' : n.slice(0, i);
}

export function basename(p: string): string {
  const n = normalize(p);
  return n.slice(n.lastIndexOf('/') + 1);
}

export function joinPath(dir: string, name: string): string {
  return dir === '/' ? `/${name}` : `${dir}/${name}`;
}

export function segments(p: string): string[] {
  return normalize(p).split('/').filter((s) => s !== '');
}

/** Is `p` the path `dir` itself or below it? */
export function isWithin(p: string, dir: string): boolean {
  if (dir === '/') return true;
  return p === dir || p.startsWith(dir + '/');
}

/** Does a word hold shell glob characters that are not escaped? */
export function hasGlob(s: string): boolean {
  return /[*?[]/.test(s);
}

/**
 * Match one path segment against a glob segment (`*`, `?`, `[...]` with `!`/`^` negation and ranges), the way both
 * the shell and Go's filepath.Match read them. A leading `.` is only matched by a literal `.` when `dotMatch` is false
 * (shell semantics).
 */
export function matchSegment(pattern: string, name: string, dotMatch = false): boolean {
  if (!dotMatch && name.startsWith('.') && !pattern.startsWith('.')) return false;
  const toks = compileGlob(pattern);
  // Wildcard matching that backtracks only to the last `*`: O(pattern × name), where a RegExp of several `*` is
  // polynomial in the name's length (`*a*a*a*b` against a long run of `a`).
  let t = 0;
  let n = 0;
  let starT = -1;
  let starN = 0;
  while (n < name.length) {
    const tok = toks[t];
    if (tok && tok.kind === 'one' && tok.test(name[n])) {
      t++;
      n++;
    } else if (tok && tok.kind === 'star') {
      starT = t++;
      starN = n;
    } else if (starT >= 0 && name[starN] !== '/') {
      t = starT + 1;
      n = ++starN;
    } else return false;
  }
  while (toks[t]?.kind === 'star') t++;
  return t === toks.length;
}

type GlobToken = { kind: 'star' } | { kind: 'one'; test: (c: string) => boolean };

const globCache = new Map<string, GlobToken[]>();

/** `*`, `?`, `[...]` (with `!`/`^` negation and ranges) and `\x` escapes, as the shell and Go's filepath.Match read them. */
function compileGlob(pattern: string): GlobToken[] {
  let toks = globCache.get(pattern);
  if (toks) return toks;
  toks = [];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') {
      if (toks[toks.length - 1]?.kind !== 'star') toks.push({ kind: 'star' });
    } else if (c === '?') toks.push({ kind: 'one', test: (x) => x !== '/' });
    else if (c === '[' && pattern.indexOf(']', i + 2) >= 0) {
      const close = pattern.indexOf(']', i + 2);
      let body = pattern.slice(i + 1, close);
      if (body.startsWith('!') || body.startsWith('^')) body = '^' + body.slice(1);
      // A class only ever tests one character, so its RegExp cannot backtrack.
      const cls = new RegExp('^[' + body.replace(/\\/g, '\\\\') + ']$');
      toks.push({ kind: 'one', test: (x) => x !== '/' && cls.test(x) });
      i = close;
    } else {
      const lit = c === '\\' && i + 1 < pattern.length ? pattern[++i] : c;
      toks.push({ kind: 'one', test: (x) => x === lit });
    }
  }
  globCache.set(pattern, toks);
  return toks;
}

