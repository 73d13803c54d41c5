import type { FileResult } from './types';
import { summarize } from './types';

/** Versioned JSON report (docs/json-format.md). */
export function formatJson(results: readonly FileResult[]): string {
  const files = results.map((r) => ({
    path: r.path,
    ...(r.error !== undefined ? { error: r.error } : {}),
    findings: r.findings.map((f) => ({
      rule: f.rule,
      aliases: f.aliases,
      severity: f.severity,
      message: f.message,
      range: f.range,
      fix: f.fix,
      suggestion: f.suggestion,
    })),
  }));
  return JSON.stringify({ version: 1, files, summary: summarize(results) }, null, 2) + '\n';
}
