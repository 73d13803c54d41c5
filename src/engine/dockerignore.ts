/**
 * The build context's ignore file, read the way the Docker CLI and BuildKit read it, with moby's per-path
 * matching (including `!` re-inclusions, last match wins) through the backtracking-free matcher of src/parse.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Ignore } from '@balena/dockerignore';
import { compileIgnore, parseDockerignore } from '../parse/dockerignore';

export interface IgnoreFile {
  /** The file that was read. */
  file: string;
  /** Cleaned patterns in file order; `negate` for `!` lines. */
  patterns: { pattern: string; negate: boolean }[];
  matcher: Ignore;
}

/** Patterns as Docker cleans them (comments and blank lines dropped, cleaned, a leading `/` removed); `negate` for `!` lines. */
export function parseIgnoreText(text: string): IgnoreFile['patterns'] {
  const out: IgnoreFile['patterns'] = [];
  for (const line of parseDockerignore(text)) {
    const negate = line.startsWith('!');
    const pattern = negate ? line.slice(1) : line;
    if (pattern !== '') out.push({ pattern, negate });
  }
  return out;
}

export function ignoreFileFrom(text: string, file: string): IgnoreFile {
  const patterns = parseIgnoreText(text);
  return { file, patterns, matcher: compileIgnore(patterns.map((p) => (p.negate ? '!' : '') + p.pattern)) };
}

/**
 * The ignore file that applies to a Dockerfile: `<Dockerfile>.dockerignore` beside it (BuildKit prefers this
 * one), else `.dockerignore` in its folder, taken as the build context. Null when there is none or the path is
 * stdin.
 */
export function readIgnoreFileFor(dockerfilePath: string): IgnoreFile | null {
  if (!dockerfilePath || dockerfilePath === '-') return null;
  const abs = path.resolve(dockerfilePath);
  for (const candidate of [`${abs}.dockerignore`, path.join(path.dirname(abs), '.dockerignore')]) {
    // Most folders have neither file: a stat that returns undefined is much cheaper than a failed read, which
    // builds an exception with a stack trace (twice per Dockerfile over a whole corpus).
    if (!fs.statSync(candidate, { throwIfNoEntry: false })) continue;
    let text: string;
    try {
      text = fs.readFileSync(candidate, 'utf8');
    } catch {
      continue;
    }
    return ignoreFileFrom(text, candidate);
  }
  return null;
}

const GLOB = /[*?[]/;
const MATCH_ALL = new Set(['*', '**', '**/*']);

/**
 * Is a COPY/ADD source (relative to the context root) excluded by the ignore file? For a plain path, the answer
 * is exact, re-inclusions counted, unless a `!` pattern could re-include something below it. A glob source is
 * reported only when the ignore file has no `!` line, since which files it matches is unknown. The context
 * root `.` counts only when an everything-pattern (`*`, `**`, `**\/*`) is not followed by any `!` line.
 */
export function isSourceIgnored(ig: IgnoreFile, source: string): boolean {
  let p = path.posix.normalize(source.replace(/\\/g, '/'));
  while (p.startsWith('/')) p = p.slice(1);
  if (p.endsWith('/') && p.length > 1) p = p.slice(0, -1);
  if (p === '' || p === '.' || p === './') {
    let lastAll = -1;
    ig.patterns.forEach((x, i) => {
      if (!x.negate && MATCH_ALL.has(x.pattern)) lastAll = i;
    });
    return lastAll >= 0 && !ig.patterns.slice(lastAll + 1).some((x) => x.negate);
  }
  if (p.startsWith('../')) return false;
  const negations = ig.patterns.filter((x) => x.negate);
  if (GLOB.test(p)) return negations.length === 0 && ig.matcher.ignores(p);
  if (!ig.matcher.ignores(p)) return false;
  // A source folder is copied with whatever a later `!` line brings back inside it.
  return !negations.some((x) => x.pattern.startsWith(p + '/') || GLOB.test(x.pattern.split('/')[0]) || x.pattern.startsWith('**'));
}
