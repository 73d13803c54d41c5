import pc from 'picocolors';
import type { Finding, Severity } from '../engine/api';
import { LineIndex } from '../parse/text';
import { summarize, type FileResult, type FormatOptions } from './types';

/** Human output: grouped by file, `line:col severity message rule`, a short code frame and the fix hint. */
export function formatStylish(results: readonly FileResult[], opts: FormatOptions): string {
  const c = pc.createColors(opts.color);
  const sevColor: Record<Severity, (s: string) => string> = { error: c.red, warning: c.yellow, info: c.cyan, style: c.gray };
  const out: string[] = [];
  for (const r of results) {
    if (r.error === undefined && r.findings.length === 0) continue;
    out.push(c.underline(r.path));
    if (r.error !== undefined) out.push(`  ${c.red('error')}  ${r.error}`);
    const lines = r.source !== undefined ? new LineIndex(r.source) : null;
    for (const f of r.findings) {
      const pos = `${f.range.start.line}:${f.range.start.column}`;
      const names = f.aliases.length ? `${f.rule} (${f.aliases.join(', ')})` : f.rule;
      out.push(`  ${c.dim(pos.padEnd(7))} ${sevColor[f.severity](f.severity.padEnd(7))} ${f.message}  ${c.dim(names)}`);
      if (lines) out.push(...codeFrame(lines, f, c.red));
      const hint = fixHint(f);
      if (hint) out.push(...hint.split('\n').map((l, i) => `          ${i === 0 ? c.green('fix:') + ' ' : '     '}${l}`));
    }
    out.push('');
  }
  const s = summarize(results);
  const total = s.errors + s.warnings + s.infos + s.styles;
  const fileErrors = results.filter((r) => r.error !== undefined).length;
  if (total === 0 && fileErrors === 0) {
    if (!opts.quiet) out.push(c.green(`✔ no problems in ${s.files} file${s.files === 1 ? '' : 's'}`));
  } else {
    const parts = `${total} problem${total === 1 ? '' : 's'} (${s.errors} error${s.errors === 1 ? '' : 's'}, ${s.warnings} warning${s.warnings === 1 ? '' : 's'}, ${s.infos} info, ${s.styles} style)`;
    out.push(c.bold(`${total > 0 ? '✖ ' : ''}${parts} in ${s.files} file${s.files === 1 ? '' : 's'}`) + (fileErrors ? c.red(`, ${fileErrors} file${fileErrors === 1 ? '' : 's'} could not be linted`) : ''));
    if (s.fixable) out.push(c.dim(`  ${s.fixable} fixable with --fix`));
  }
  return out.join('\n') + '\n';
}

/** The fix hint a person reads under a finding (shared by the stylish and HTML reports). */
export function fixHint(f: Finding): string | null {
  if (f.fix && f.fix.safe) return 'run with --fix to apply the suggested change';
  if (f.suggestion) return f.suggestion;
  if (f.fix) return 'a change is suggested (not applied automatically): ' + f.fix.edits.map((e) => JSON.stringify(e.text)).join(', ');
  return null;
}

function codeFrame(lines: LineIndex, f: Finding, mark: (s: string) => string): string[] {
  const line = f.range.start.line;
  if (line < 1 || line > lines.lineCount) return [];
  const text = lines.lineText(line).replace(/\t/g, ' ');
  const shown = text.length > 160 ? text.slice(0, 157) + '...' : text;
  const start = f.range.start.column;
  const end = f.range.end.line === line ? f.range.end.column : text.length + 1;
  const width = Math.max(1, Math.min(end, shown.length + 1) - start);
  const gutter = String(line).padStart(6);
  const caret = start <= shown.length + 1 ? ' '.repeat(Math.max(0, start - 1)) + mark('^'.repeat(width)) : '';
  return [`${gutter} | ${shown}`, `${' '.repeat(6)} | ${caret}`];
}
