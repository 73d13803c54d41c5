import type { Severity } from '../engine/api';
import type { ReportContext } from './context';
import { summarize, type FileResult } from './types';

/** A Markdown table of findings (GitHub step summaries, merge-request comments). */
const ICON: Record<Severity, string> = { error: '🔴', warning: '🟠', info: '🔵', style: '⚪' };
export const MAX_ROWS = 500;

/**
 * Text for a GFM table cell: pipes escaped everywhere (GFM honours `\|` even inside code spans), line breaks as
 * `<br>`, and outside `code spans` also HTML and the Markdown characters that would change the text.
 */
export function cell(s: string): string {
  return s
    .split(/(`[^`\n]*`)/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/\\/g, '\\\\').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/([*_[\]`])/g, '\\$1')))
    .join('')
    .replace(/\|/g, '\\|')
    .replace(/\r?\n/g, '<br>');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function headline(results: readonly FileResult[]): string {
  const s = summarize(results);
  const total = s.errors + s.warnings + s.infos + s.styles;
  const unreadable = results.filter((r) => r.error !== undefined).length;
  if (total === 0 && unreadable === 0) return `✅ No problems in ${plural(s.files, 'Dockerfile')}`;
  const parts = `${plural(total, 'problem')} (${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}, ${s.infos} info, ${s.styles} style) in ${plural(s.files, 'Dockerfile')}`;
  return `${total > 0 ? '❌' : '⚠️'} ${parts}${unreadable ? `; ${plural(unreadable, 'file')} could not be linted` : ''}`;
}

export function formatMarkdown(results: readonly FileResult[], ctx: ReportContext): string {
  const out = [`### layerlint`, '', headline(results), ''];
  const rows: string[] = [];
  for (const r of results) {
    if (r.error !== undefined) rows.push(`| ${ICON.error} error | ${cell(r.path)} | | | ${cell(r.error)} |`);
    for (const f of r.findings) {
      const info = ctx.rules.get(f.rule);
      rows.push(`| ${ICON[f.severity]} ${f.severity} | ${cell(r.path)} | ${f.range.start.line} | [${cell(f.rule)}](${info.docs}) | ${cell(f.message)} |`);
    }
  }
  if (rows.length > 0) {
    out.push('| Severity | File | Line | Rule | Message |', '| --- | --- | ---: | --- | --- |', ...rows.slice(0, MAX_ROWS));
    if (rows.length > MAX_ROWS) out.push('', `… and ${rows.length - MAX_ROWS} more (see the full report).`);
    out.push('');
  }
  return out.join('\n') + '\n';
}
