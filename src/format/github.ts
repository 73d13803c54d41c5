import type { Finding, Severity } from '../engine/api';
import type { FileResult } from './types';

/**
 * GitHub Actions workflow commands (`::error file=…,line=…::message`): the runner turns each line into an annotation on
 * the pull request. Severity → command: error → error, warning → warning, info/style → notice.
 */
const COMMAND: Record<Severity, 'error' | 'warning' | 'notice'> = { error: 'error', warning: 'warning', info: 'notice', style: 'notice' };

/** Escaping of a command's message (the runner's `escapeData`). */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escaping of a property value (`escapeProperty`): also `:` and `,`, which separate properties. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function workflowCommand(command: string, props: Record<string, string | number | undefined>, message: string): string {
  const list = Object.entries(props)
    .filter((e): e is [string, string | number] => e[1] !== undefined)
    .map(([k, v]) => `${k}=${escapeProperty(String(v))}`)
    .join(',');
  return `::${command}${list ? ' ' + list : ''}::${escapeData(message)}`;
}

/** One annotation; `col`/`endColumn` only when the range stays on one line (GitHub ignores them otherwise). */
export function annotation(path: string, f: Finding): string {
  const oneLine = f.range.start.line === f.range.end.line;
  const message = f.suggestion ? `${f.message}\n\nSuggested:\n${f.suggestion}` : f.message;
  return workflowCommand(
    COMMAND[f.severity],
    {
      file: path,
      line: f.range.start.line,
      endLine: f.range.end.line,
      col: oneLine ? f.range.start.column : undefined,
      endColumn: oneLine ? f.range.end.column : undefined,
      title: f.rule,
    },
    message,
  );
}

export function formatGithub(results: readonly FileResult[]): string {
  const out: string[] = [];
  for (const r of results) {
    if (r.error !== undefined) out.push(workflowCommand('error', { file: r.path, title: 'layerlint' }, `${r.path}: ${r.error}`));
    for (const f of r.findings) out.push(annotation(r.path, f));
  }
  return out.length ? out.join('\n') + '\n' : '';
}
