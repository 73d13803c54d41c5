import type { Finding, Severity } from '../engine/api';
import type { FileResult } from './types';

/** One-line-per-finding formats for editors, terminals and problem matchers. */

const GNU_LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'note', style: 'note' };

/** GNU style: `file:line.col-line.col: severity: message [rule]`, the range's end column inclusive as GNU tools count. */
export function gnuLocation(f: Finding): string {
  const { start, end } = f.range;
  const lastColumn = end.column - 1;
  const empty = end.line < start.line || (end.line === start.line && lastColumn < start.column);
  if (empty) return `${start.line}.${start.column}`;
  if (end.line === start.line) return `${start.line}.${start.column}-${lastColumn}`;
  // Ends at the start of a line: the previous line's length is unknown here, so give whole lines.
  if (lastColumn < 1) return end.line - 1 > start.line ? `${start.line}-${end.line - 1}` : `${start.line}.${start.column}`;
  return `${start.line}.${start.column}-${end.line}.${lastColumn}`;
}

function oneLine(s: string): string {
  return s.replace(/\r?\n/g, ' ');
}

export function formatGnu(results: readonly FileResult[]): string {
  const out: string[] = [];
  for (const r of results) {
    if (r.error !== undefined) out.push(`layerlint: ${r.path}: ${oneLine(r.error)}`);
    for (const f of r.findings) out.push(`${r.path}:${gnuLocation(f)}: ${GNU_LEVEL[f.severity]}: ${oneLine(f.message)} [${f.rule}]`);
  }
  return out.length ? out.join('\n') + '\n' : '';
}

const COMPACT_LEVEL: Record<Severity, string> = { error: 'Error', warning: 'Warning', info: 'Info', style: 'Info' };

/** ESLint's `compact` layout, which VS Code's `$eslint-compact` problem matcher reads. */
export function formatCompact(results: readonly FileResult[]): string {
  const out: string[] = [];
  let total = 0;
  for (const r of results) {
    if (r.error !== undefined) {
      out.push(`${r.path}: line 0, col 0, Error - ${oneLine(r.error)} (io-error)`);
      total++;
    }
    for (const f of r.findings) {
      out.push(`${r.path}: line ${f.range.start.line}, col ${f.range.start.column}, ${COMPACT_LEVEL[f.severity]} - ${oneLine(f.message)} (${f.rule})`);
      total++;
    }
  }
  if (total > 0) out.push('', `${total} problem${total === 1 ? '' : 's'}`);
  return out.length ? out.join('\n') + '\n' : '';
}
