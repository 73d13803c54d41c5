import type * as Crypto from 'node:crypto';
import type { Finding } from '../engine/api';
import { LineIndex } from '../parse/text';

/**
 * Position-independent fingerprints for a file's findings (GitLab Code Quality, Code Climate, SARIF
 * partialFingerprints). Each is a SHA-256 over: rule, reported path, the message with numbers blanked (messages
 * mention line numbers and sizes), the flagged source text with whitespace collapsed, and an occurrence counter
 * among findings that agree on all of those. Adding or removing lines elsewhere leaves them unchanged; two findings
 * in one file never share one.
 */
/** node:crypto, loaded on first use: requiring it costs a one-file lint several milliseconds of start-up. */
function crypto(): typeof Crypto {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('node:crypto') as typeof Crypto;
}

export function fingerprints(reportedPath: string, findings: readonly Finding[], source: string | undefined): string[] {
  const lines = source !== undefined ? new LineIndex(source) : null;
  const seen = new Map<string, number>();
  return findings.map((f) => {
    const key = JSON.stringify([f.rule, reportedPath, normaliseMessage(f.message), lines ? snippet(lines, f) : '']);
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    return crypto().createHash('sha256').update(`${key}#${n}`).digest('hex');
  });
}

export function normaliseMessage(message: string): string {
  return message.replace(/\d+(?:[.,]\d+)*/g, '#').replace(/\s+/g, ' ').trim();
}

function snippet(lines: LineIndex, f: Finding): string {
  const start = lines.lineStart(f.range.start.line) + f.range.start.column - 1;
  const end = lines.lineStart(f.range.end.line) + f.range.end.column - 1;
  const text = end > start ? lines.text.slice(start, end) : lines.lineText(f.range.start.line);
  return text.replace(/\s+/g, ' ').trim().slice(0, 400);
}
