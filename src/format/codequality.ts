import type { Category, Finding, Severity } from '../engine/api';
import type { ReportContext } from './context';
import { fingerprints } from './fingerprint';
import type { FileResult } from './types';

/**
 * Code Climate issues and GitLab's Code Quality subset of them. Both carry position-independent fingerprints
 * (see fingerprint.ts), so GitLab's merge-request widget matches findings across pipelines.
 */
type CqSeverity = 'info' | 'minor' | 'major' | 'critical' | 'blocker';
const SEVERITY: Record<Severity, CqSeverity> = { error: 'major', warning: 'minor', info: 'info', style: 'info' };
const CATEGORY: Record<Category, string> = {
  correctness: 'Bug Risk',
  security: 'Security',
  'best-practice': 'Bug Risk',
  maintainability: 'Clarity',
  'layer-cost': 'Performance',
  portability: 'Compatibility',
  style: 'Style',
  syntax: 'Bug Risk',
};

export interface GitlabIssue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: CqSeverity;
  location: { path: string; lines: { begin: number; end: number } };
}

export interface CodeClimateIssue {
  type: 'issue';
  check_name: string;
  description: string;
  content: { body: string };
  categories: string[];
  severity: CqSeverity;
  fingerprint: string;
  location: { path: string; positions: { begin: { line: number; column: number }; end: { line: number; column: number } } };
}

function eachFinding<T>(results: readonly FileResult[], make: (path: string, f: Finding, fingerprint: string) => T): T[] {
  const out: T[] = [];
  for (const r of results) {
    const prints = fingerprints(r.path, r.findings, r.source);
    r.findings.forEach((f, i) => out.push(make(r.path, f, prints[i])));
  }
  return out;
}

export function gitlabIssues(results: readonly FileResult[]): GitlabIssue[] {
  return eachFinding(results, (path, f, fingerprint) => ({
    description: `${f.rule}: ${f.message}`,
    check_name: f.rule,
    fingerprint,
    severity: SEVERITY[f.severity],
    location: { path, lines: { begin: f.range.start.line, end: f.range.end.line } },
  }));
}

export function codeClimateIssues(results: readonly FileResult[], ctx: ReportContext): CodeClimateIssue[] {
  return eachFinding(results, (path, f, fingerprint) => {
    const info = ctx.rules.get(f.rule);
    const body = [f.message, ...(f.suggestion ? ['', 'Suggested:', '```dockerfile', f.suggestion, '```'] : []), '', `[${f.rule}](${info.docs})${f.aliases.length ? ` (${f.aliases.join(', ')})` : ''}`].join('\n');
    return {
      type: 'issue',
      check_name: f.rule,
      description: f.message,
      content: { body },
      categories: [CATEGORY[info.category] ?? 'Bug Risk'],
      severity: SEVERITY[f.severity],
      fingerprint,
      location: { path, positions: { begin: { line: f.range.start.line, column: f.range.start.column }, end: { line: f.range.end.line, column: f.range.end.column } } },
    };
  });
}

export function formatGitlab(results: readonly FileResult[]): string {
  return JSON.stringify(gitlabIssues(results), null, 2) + '\n';
}

export function formatCodeClimate(results: readonly FileResult[], ctx: ReportContext): string {
  return JSON.stringify(codeClimateIssues(results, ctx), null, 2) + '\n';
}
