import type { Severity } from '../engine/api';
import type { FileResult } from './types';
import { attrs, XML_DECLARATION } from './xml';

/** Checkstyle XML (version 4.3 layout, understood by Jenkins warnings-ng, reviewdog, Danger and others). */
const LEVEL: Record<Severity, 'error' | 'warning' | 'info'> = { error: 'error', warning: 'warning', info: 'info', style: 'info' };

export function formatCheckstyle(results: readonly FileResult[]): string {
  const out = [XML_DECLARATION, '<checkstyle version="4.3">'];
  for (const r of results) {
    out.push(`  <file${attrs({ name: r.path })}>`);
    if (r.error !== undefined) out.push(`    <error${attrs({ line: 1, column: 1, severity: 'error', message: r.error, source: 'layerlint.io-error' })}/>`);
    for (const f of r.findings) {
      const message = f.suggestion ? `${f.message}\nSuggested:\n${f.suggestion}` : f.message;
      out.push(`    <error${attrs({ line: f.range.start.line, column: f.range.start.column, severity: LEVEL[f.severity], message, source: `layerlint.${f.rule}` })}/>`);
    }
    out.push('  </file>');
  }
  out.push('</checkstyle>');
  return out.join('\n') + '\n';
}
