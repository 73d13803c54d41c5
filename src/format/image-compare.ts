/**
 * The predicted-vs-actual comparison of `layerlint image IMAGE --dockerfile FILE`: a text table and the `comparison`
 * object of the image JSON (docs/image-json.md). Pure: strings and plain objects out.
 */
import { groupedBytes, humanBytes } from '../image/units';
import type { ComparedTotal, Comparison, ComparisonRow } from '../simulate/compare';
import type { Confidence } from '../simulate/size';

/** What the comparison was made from, for the heading and the JSON. */
export interface ComparisonSource {
  dockerfile: string;
  context: string | null;
  target: string | number | null;
  builder: string;
}

/** A predicted size: `~` before an estimate, `+?` after the known part of an unknown. */
export function predictedText(bytes: number, confidence: Confidence): string {
  if (confidence === 'unknown') return bytes > 0 ? `${humanBytes(bytes)}+?` : '?';
  return (confidence === 'estimated' ? '~' : '') + humanBytes(bytes);
}

export function signedBytes(n: number): string {
  return n === 0 ? '0 B' : (n > 0 ? '+' : '−') + humanBytes(Math.abs(n));
}

export function signedPercent(ratio: number | null): string {
  if (ratio === null) return 'n/a';
  if (ratio === 0) return '0.0 %';
  const pct = Math.abs(ratio) * 100;
  // Below 0.1 %, two significant digits: an error of 0.0092 % is not "0.0 %".
  return (ratio > 0 ? '+' : '−') + `${pct >= 0.1 ? pct.toFixed(1) : pct.toPrecision(2)} %`;
}

function oneLine(text: string, width: number): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > width ? t.slice(0, Math.max(1, width - 1)).trimEnd() + '…' : t;
}

function rowText(r: ComparisonRow, width: number): string {
  const noLayer = r.emptyLayer ? ' (no layer)' : '';
  switch (r.kind) {
    case 'base':
      return `base: ${oneLine(r.createdBy || '(no history)', width - 6)}${noLayer}`;
    case 'extra':
      return `not in the Dockerfile: ${oneLine(r.createdBy || '(no history)', width - 23)}${noLayer}`;
    case 'missing':
      return `${oneLine(r.instruction ?? '', width - 26)}  [no entry in the image]`;
    default:
      return oneLine(r.instruction ?? '', width) + noLayer + (r.keywordMismatch ? `  [history: ${oneLine(r.createdBy ?? '', 40)}]` : '');
  }
}

function pad(rows: string[][], right: ReadonlySet<number>): string[] {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : right.has(c) ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  '));
}

function totalRow(label: string, t: ComparedTotal): string[] {
  return [label, predictedText(t.predictedBytes, t.confidence), humanBytes(t.actualBytes), signedBytes(t.errorBytes), signedPercent(t.relativeError), `${groupedBytes(t.predictedBytes)} vs ${groupedBytes(t.actualBytes)} B`];
}

/** The comparison as a terminal table: the heading, problems, one row per history entry, then the totals. */
export function renderComparisonTable(c: Comparison, source: ComparisonSource, opts: { width?: number } = {}): string {
  const width = opts.width ?? 60;
  const out: string[] = [];
  const ctx = source.context === null ? 'no build context: COPY/ADD sizes unknown' : `context ${source.context}`;
  out.push(`Predicted from ${source.dockerfile} (${ctx}, ${source.builder}) vs. the image`);
  const m = c.matched;
  out.push(`Alignment: ${c.status} — ${m.instructions} of ${m.ofInstructions} instructions and ${m.layers} of ${m.ofLayers} layers above the base lined up`);
  for (const p of c.problems) out.push(`  ! ${p}`);
  out.push('');
  const rows: string[][] = [['#', 'LINE', 'PREDICTED', 'ACTUAL', 'ERROR', 'REL', 'INSTRUCTION / HISTORY']];
  for (const r of c.rows) {
    rows.push([
      r.historyIndex === null ? '-' : String(r.historyIndex),
      r.line === null ? '-' : String(r.line),
      r.predictedBytes === null || r.confidence === null ? '' : predictedText(r.predictedBytes, r.confidence),
      r.actualBytes === null ? '' : humanBytes(r.actualBytes),
      r.errorBytes === null ? '' : signedBytes(r.errorBytes),
      r.kind === 'instruction' ? signedPercent(r.relativeError) : '',
      rowText(r, width),
    ]);
  }
  out.push(...pad(rows, new Set([0, 1, 2, 3, 4, 5])));
  out.push('');
  const totals: string[][] = [['', 'PREDICTED', 'ACTUAL', 'ERROR', 'REL', 'BYTES']];
  totals.push(totalRow(`Base (${c.baseImage || '?'})`, c.base));
  totals.push(totalRow('Added', c.added));
  totals.push(totalRow('Image', c.total));
  if (c.wasted) totals.push(totalRow('Wasted', c.wasted));
  out.push(...pad(totals, new Set([1, 2, 3, 4])));
  out.push('~ estimated; +? only the known part is counted. The base size is an estimate unless the base is scratch; ERROR = predicted − actual.');
  return out.join('\n') + '\n';
}

/** The `comparison` object of the image JSON, keys in a fixed order (docs/image-json.md). */
export function comparisonJson(c: Comparison, source: ComparisonSource): Record<string, unknown> {
  const t = (x: ComparedTotal): ComparedTotal => ({ predictedBytes: x.predictedBytes, confidence: x.confidence, actualBytes: x.actualBytes, errorBytes: x.errorBytes, relativeError: x.relativeError });
  return {
    dockerfile: source.dockerfile,
    context: source.context,
    target: source.target,
    builder: source.builder,
    status: c.status,
    problems: [...c.problems],
    matched: { instructions: c.matched.instructions, ofInstructions: c.matched.ofInstructions, layers: c.matched.layers, ofLayers: c.matched.ofLayers },
    rows: c.rows.map((r) => ({
      kind: r.kind,
      historyIndex: r.historyIndex,
      line: r.line,
      instruction: r.instruction,
      predictedBytes: r.predictedBytes,
      confidence: r.confidence,
      actualBytes: r.actualBytes,
      errorBytes: r.errorBytes,
      relativeError: r.relativeError,
      keywordMismatch: r.keywordMismatch,
    })),
    baseImage: c.baseImage,
    base: t(c.base),
    added: t(c.added),
    total: t(c.total),
    wasted: c.wasted ? t(c.wasted) : null,
    maxAbsErrorBytes: c.maxAbsErrorBytes,
  };
}
