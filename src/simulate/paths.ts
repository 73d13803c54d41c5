/** POSIX path helpers for the image filesystem (never the host's). */

/** Normalise an absolute path: collapse `//`, `.` and `..` (never above `/`), no trailing slash except the root. */
export function normalize(p: string): string {
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
  return globToRegExp(pattern).test(name);
}

const regexCache = new Map<string, RegExp>();

export function globToRegExp(pattern: string): RegExp {
  let re = regexCache.get(pattern);
  if (re) return re;
  let src = '^';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') src += '[^/]*';
    else if (c === '?') src += '[^/]';
    else if (c === '[') {
      const close = pattern.indexOf(']', i + 2);
      if (close < 0) {
        src += '\\[';
        continue;
      }
      let body = pattern.slice(i + 1, close);
      if (body.startsWith('!') || body.startsWith('^')) body = '^' + body.slice(1);
      src += '[' + body.replace(/\\/g, '\\\\') + ']';
      i = close;
    } else if (c === '\\' && i + 1 < pattern.length) {
      src += escapeRe(pattern[++i]);
    } else src += escapeRe(c);
  }
  re = new RegExp(src + '$');
  regexCache.set(pattern, re);
  return re;
}

function escapeRe(c: string): string {
  return /[.+^${}()|[\]\\/]/.test(c) ? '\\' + c : c;
}
