import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Finding, TextEdit } from '../../src/engine/api';
import { applyEdits, fixUntilStable, safeEdits } from '../../src/engine/apply-fix';
import { lintText, type LintOptions } from '../../src/engine/lint';
import { LineIndex } from '../../src/parse/text';

/** Corpus files in a stable order (folder, then name). */
export function corpusFiles(corpusDir: string): string[] {
  const root = path.join(corpusDir, 'dockerfiles');
  const out: string[] = [];
  for (const d of fs.readdirSync(root).sort()) {
    const dir = path.join(root, d);
    if (!fs.statSync(dir).isDirectory()) continue;
    for (const f of fs.readdirSync(dir).sort()) out.push(path.join(dir, f));
  }
  return out;
}

/** Every `step`-th file, `count` of them: the same sample on every run. */
export function deterministicSample(files: string[], count: number): string[] {
  if (count >= files.length) return files;
  const step = files.length / count;
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(files[Math.floor(i * step)]);
  return out;
}

const WEIGHT = { error: 1000, warning: 100, info: 10, style: 1 } as const;

export function score(findings: readonly Finding[]): number {
  return findings.reduce((s, f) => s + WEIGHT[f.severity], 0);
}

function count(findings: readonly Finding[], rule: string): number {
  return findings.filter((f) => f.rule === rule).length;
}

/** All safe fixes at once, each fix whole, skipping a fix that overlaps one already taken. */
export function applyAllOnce(text: string, findings: readonly Finding[]): string {
  const lines = new LineIndex(text);
  const taken: { start: number; end: number }[] = [];
  const accepted: TextEdit[] = [];
  for (const edits of safeEdits(findings)) {
    const spans = edits.map((e) => ({ start: lines.offset(e.range.start), end: lines.offset(e.range.end) }));
    if (spans.some((s) => taken.some((t) => (s.start < t.end && t.start < s.end) || s.start === t.start))) continue;
    taken.push(...spans);
    accepted.push(...edits);
  }
  return applyEdits(text, accepted).text;
}

/**
 * Problems with the safe fixes of one file (empty when all is well):
 * - the guarded fixer (`fixUntilStable`) must not add parse or internal errors, must not raise the findings score,
 *   and must be idempotent (a second run changes nothing);
 * - applying every safe fix in one unguarded pass must not add parse or internal errors or raise the score either,
 *   so a broken fix cannot hide behind the fixer's roll-back.
 */
export function checkFixes(text: string, filePath: string, options: LintOptions = {}): string[] {
  const problems: string[] = [];
  const lint = (t: string): readonly Finding[] => lintText(t, { ...options, filePath }).findings;
  const before = lint(text);
  const first = fixUntilStable(text, lint);
  const after = lint(first.text);
  const check = (label: string, result: readonly Finding[]): void => {
    if (count(result, 'internal-error') > 0) problems.push(`${label}: internal error: ${result.filter((f) => f.rule === 'internal-error').map((f) => f.message).join('; ')}`);
    if (count(result, 'parse-error') > count(before, 'parse-error')) problems.push(`${label}: new parse error(s): ${result.filter((f) => f.rule === 'parse-error').map((f) => `${f.range.start.line}: ${f.message}`).join('; ')}`);
    if (score(result) > score(before)) problems.push(`${label}: findings score rose from ${score(before)} to ${score(result)}`);
  };
  check('fixUntilStable', after);
  const second = fixUntilStable(first.text, lint);
  if (second.text !== first.text) problems.push(`fixUntilStable is not idempotent: a second run changed the text again (${second.fixesApplied} fix(es))`);
  const once = applyAllOnce(text, before);
  if (once !== text) {
    const onceFindings = lint(once);
    check('all safe fixes in one pass', onceFindings);
    // The rules whose fixes were applied should not report more than before.
    for (const rule of new Set(before.filter((f) => f.fix?.safe).map((f) => f.rule))) {
      if (count(onceFindings, rule) > count(before, rule)) problems.push(`all safe fixes in one pass: ${rule} reports more after its own fixes (${count(before, rule)} → ${count(onceFindings, rule)})`);
    }
  }
  return problems;
}
