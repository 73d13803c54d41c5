import { LineIndex } from '../parse/text';
import type { Finding, TextEdit } from './api';

/** Apply the safe fixes' edits to text. Overlapping edits are skipped (the next pass picks them up). */
export function applyEdits(text: string, edits: readonly TextEdit[]): { text: string; applied: number } {
  const lines = new LineIndex(text);
  const withOffsets = edits.map((e) => ({ start: lines.offset(e.range.start), end: lines.offset(e.range.end), text: e.text }));
  withOffsets.sort((a, b) => a.start - b.start || a.end - b.end);
  const chosen: typeof withOffsets = [];
  let lastEnd = -1;
  for (const e of withOffsets) {
    // Two insertions at one point, or overlapping replacements, would interfere: keep the first.
    if (e.start < lastEnd || (e.start === lastEnd && chosen.length > 0 && chosen[chosen.length - 1].start === e.start)) continue;
    chosen.push(e);
    lastEnd = e.end;
  }
  let out = '';
  let pos = 0;
  for (const e of chosen) {
    out += text.slice(pos, e.start) + e.text;
    pos = e.end;
  }
  out += text.slice(pos);
  return { text: out, applied: chosen.length };
}

/** Edits of all safe fixes, one fix at a time kept whole: a fix whose edits conflict with an earlier fix waits. */
export function safeEdits(findings: readonly Finding[]): TextEdit[][] {
  return findings.filter((f) => f.fix && f.fix.safe && f.fix.edits.length > 0).map((f) => f.fix!.edits);
}

export interface FixOutcome {
  text: string;
  passes: number;
  fixesApplied: number;
}

/**
 * Apply safe fixes until nothing changes (at most `maxPasses`). A pass that would leave the file with a parse
 * error it did not have, or with more findings than before, is rolled back, so a fix never makes a file worse.
 */
export function fixUntilStable(text: string, lint: (t: string) => readonly Finding[], maxPasses = 10): FixOutcome {
  let current = text;
  let findings = lint(current);
  let passes = 0;
  let fixesApplied = 0;
  for (; passes < maxPasses; passes++) {
    const groups = safeEdits(findings);
    if (groups.length === 0) break;
    const { text: next, applied } = applyFixGroups(current, groups);
    if (applied === 0 || next === current) break;
    const nextFindings = lint(next);
    const parseErrors = (fs: readonly Finding[]): number => fs.filter((f) => f.rule === 'parse-error' || f.rule === 'internal-error').length;
    if (parseErrors(nextFindings) > parseErrors(findings) || score(nextFindings) >= score(findings)) break;
    current = next;
    findings = nextFindings;
    fixesApplied += applied;
  }
  return { text: current, passes, fixesApplied };
}

const WEIGHT = { error: 1000, warning: 100, info: 10, style: 1 } as const;

function score(findings: readonly Finding[]): number {
  let s = 0;
  for (const f of findings) s += WEIGHT[f.severity];
  return s;
}

function applyFixGroups(text: string, groups: TextEdit[][]): { text: string; applied: number } {
  const lines = new LineIndex(text);
  const taken: { start: number; end: number }[] = [];
  const accepted: TextEdit[] = [];
  let applied = 0;
  for (const edits of groups) {
    const spans = edits.map((e) => ({ start: lines.offset(e.range.start), end: lines.offset(e.range.end) }));
    const clash = spans.some((s) => taken.some((t) => s.start < t.end && t.start < s.end || (s.start === t.start)));
    if (clash) continue;
    taken.push(...spans);
    accepted.push(...edits);
    applied++;
  }
  return { text: applyEdits(text, accepted).text, applied };
}
