import * as path from 'node:path';
import ignore, { type Ignore } from '@balena/dockerignore';

/** Read `.dockerignore` lines the way moby's ignorefile.ReadAll does: comments, trimming, Clean, leading `/` dropped. */
export function parseDockerignore(text: string): string[] {
  const out: string[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (const raw of lines) {
    if (raw.startsWith('#')) continue;
    let p = raw.trim();
    if (p === '') continue;
    const invert = p.startsWith('!');
    if (invert) p = p.slice(1).trim();
    if (p.length > 0) {
      p = path.posix.normalize(p.replace(/\\/g, '/'));
      if (p.length > 1 && p.endsWith('/')) p = p.slice(0, -1);
      if (p.length > 1 && p.startsWith('/')) p = p.slice(1);
    }
    out.push(invert ? '!' + p : p);
  }
  return out;
}

/**
 * .dockerignore matching without catastrophic backtracking.
 *
 * @balena/dockerignore follows moby's rules (pattern cleaning, `!` re-inclusion, a pattern also matching a parent
 * folder) but turns each pattern into a JavaScript RegExp: `**` becomes `(.*\/)?` and `*` becomes `[^/]*`, which
 * backtrack exponentially on shapes like `**\/**\/**\/…/b` or `*a*a*a…b` (moby uses Go's linear-time regexp, so
 * Docker itself is not affected). A context's ignore file is user text: one such line hung the process.
 *
 * This keeps the library's rule handling and replaces only its pattern compiler with a matcher that runs the
 * pattern as an automaton over the path: time is at most (path length × pattern length), with no backtracking.
 * Pattern syntax is Go's filepath.Match plus moby's `**`: `*`, `?`, `[...]` classes (`[^...]`/`[!...]` negated,
 * ranges, never matching `/`), `\` escapes. Characters the library would have passed to RegExp as operators
 * (`(`, `+`, `|`, `{`...) are literal here, as in Docker; an unclosed `[` is literal rather than an exception.
 */
export function compileIgnore(patterns: readonly string[]): Ignore {
  const ig = ignore({ ignorecase: false });
  // The library's one compiler hook: `_compile(rule)` must set `rule.regexp` to something with test(file).
  (ig as unknown as { _compile: (rule: IgnoreRule) => IgnoreRule })._compile = (rule) => {
    rule.regexp ??= new GlobMatcher(rule.pattern);
    return rule;
  };
  return ig.add([...patterns]);
}

interface IgnoreRule {
  pattern: string;
  regexp?: { test(file: string): boolean };
}

const enum T {
  Lit,
  One,
  Class,
  Star,
  AnyStar,
  OptDirs,
}

interface Token {
  t: T;
  ch?: string;
  ranges?: [number, number][];
  negated?: boolean;
}

export class GlobMatcher {
  private readonly tokens: Token[];

  constructor(pattern: string) {
    this.tokens = tokenize(pattern);
  }

  test(file: string): boolean {
    const toks = this.tokens;
    const n = toks.length;
    let cur = new Uint8Array(n + 1);
    let curIn = new Uint8Array(n);
    let next = new Uint8Array(n + 1);
    let nextIn = new Uint8Array(n);
    cur[0] = 1;
    closure(toks, cur, curIn);
    for (let p = 0; p < file.length; p++) {
      const c = file[p];
      next.fill(0);
      nextIn.fill(0);
      let any = false;
      for (let i = 0; i < n; i++) {
        if (curIn[i]) {
          nextIn[i] = 1;
          any = true;
          if (c === '/') next[i + 1] = 1;
        }
        if (!cur[i]) continue;
        const tok = toks[i];
        let to = -1;
        if (tok.t === T.Lit) to = c === tok.ch ? i + 1 : -1;
        else if (tok.t === T.One) to = c !== '/' ? i + 1 : -1;
        else if (tok.t === T.Class) to = c !== '/' && inClass(tok, c.charCodeAt(0)) ? i + 1 : -1;
        else if (tok.t === T.Star) to = c !== '/' ? i : -1;
        else if (tok.t === T.AnyStar) to = i;
        // OptDirs consumes through its inside state (set by closure), above.
        if (to >= 0) {
          next[to] = 1;
          any = true;
        }
      }
      if (!any) return false;
      closure(toks, next, nextIn);
      [cur, next] = [next, cur];
      [curIn, nextIn] = [nextIn, curIn];
    }
    return cur[n] === 1;
  }
}

/** Epsilon moves, which only go forward: one pass in order reaches them all. */
function closure(toks: Token[], active: Uint8Array, inside: Uint8Array): void {
  for (let i = 0; i < toks.length; i++) {
    if (!active[i]) continue;
    const t = toks[i].t;
    if (t === T.Star || t === T.AnyStar || t === T.OptDirs) active[i + 1] = 1;
    if (t === T.OptDirs) inside[i] = 1;
  }
}

function inClass(tok: Token, code: number): boolean {
  let hit = false;
  for (const [a, b] of tok.ranges ?? []) {
    if (code >= a && code <= b) {
      hit = true;
      break;
    }
  }
  return tok.negated ? !hit : hit;
}

function tokenize(p: string): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < p.length; i++) {
    const ch = p[i];
    if (ch === '*') {
      if (p[i + 1] === '*') {
        i++;
        if (p[i + 1] === '/') i++;
        if (i + 1 >= p.length) out.push({ t: T.AnyStar });
        // `**/**/` is `**/`: repeating it changes nothing but the cost.
        else if (out[out.length - 1]?.t !== T.OptDirs) out.push({ t: T.OptDirs });
      } else if (out[out.length - 1]?.t !== T.Star) out.push({ t: T.Star });
    } else if (ch === '?') out.push({ t: T.One });
    else if (ch === '\\') {
      if (i + 1 < p.length) out.push({ t: T.Lit, ch: p[++i] });
      else out.push({ t: T.Lit, ch: '\\' });
    } else if (ch === '[') {
      const cls = parseClass(p, i);
      if (cls) {
        out.push(cls.token);
        i = cls.end;
      } else out.push({ t: T.Lit, ch });
    } else out.push({ t: T.Lit, ch });
  }
  return out;
}

/** `[...]` from `start` (the `[`): the token and the index of its `]`, or null when it never closes. */
function parseClass(p: string, start: number): { token: Token; end: number } | null {
  let i = start + 1;
  let negated = false;
  if (p[i] === '^' || p[i] === '!') {
    negated = true;
    i++;
  }
  const ranges: [number, number][] = [];
  let first = true;
  while (i < p.length) {
    let c = p[i];
    if (c === ']' && !first) return { token: { t: T.Class, ranges, negated }, end: i };
    first = false;
    if (c === '\\' && i + 1 < p.length) c = p[++i];
    let hi = c;
    if (p[i + 1] === '-' && i + 2 < p.length && p[i + 2] !== ']') {
      hi = p[i + 2] === '\\' && i + 3 < p.length ? p[i + 3] : p[i + 2];
      i += p[i + 2] === '\\' ? 3 : 2;
    }
    ranges.push([c.charCodeAt(0), hi.charCodeAt(0)]);
    i++;
  }
  return null;
}
