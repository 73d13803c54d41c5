/**
 * Plain-text rendering of an ImageReport: one row per history entry, then the waste summary. Returns a
 * string (no colours, no printing) so the CLI decides where it goes.
 */
import type { ImageReport } from './types';
import { groupedBytes, humanBytes, percent } from './units';

export interface TableOptions {
  /** How many wasted paths to list (largest first); default 10. */
  maxPaths?: number;
  /** Width the command column is cut to; default 72 characters. */
  commandWidth?: number;
}

/** One line of a history command: whitespace collapsed, cut with an ellipsis. */
export function shortCommand(createdBy: string, width: number): string {
  const oneLine = createdBy.replace(/\s+/g, ' ').trim();
  if (oneLine === '') return '(no history)';
  return oneLine.length > width ? oneLine.slice(0, Math.max(1, width - 1)).trimEnd() + '…' : oneLine;
}

function padTable(rows: string[][], rightAligned: ReadonlySet<number>): string[] {
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length))) ?? [];
  return rows.map((r) =>
    r
      .map((cell, c) => {
        const w = widths[c] ?? 0;
        if (c === r.length - 1) return cell; // no trailing spaces after the last column
        return rightAligned.has(c) ? cell.padStart(w) : cell.padEnd(w);
      })
      .join('  '),
  );
}

export function renderImageTable(r: ImageReport, opts: TableOptions = {}): string {
  const width = opts.commandWidth ?? 72;
  const rows: string[][] = [['#', 'SIZE', 'FILES', 'COMMAND']];
  for (const l of r.layers) {
    rows.push(l.emptyLayer ? [String(l.index), '-', '-', shortCommand(l.createdBy, width) + ' (no layer)'] : [String(l.index), humanBytes(l.bytes), String(l.files), shortCommand(l.createdBy, width)]);
  }
  const out = padTable(rows, new Set([0, 1, 2]));
  out.push('');
  return out.join('\n') + '\n' + renderImageSummary(r, opts);
}

/** The lines under the layer table: total, hidden-copy waste with its largest paths, dive's figures. */
export function renderImageSummary(r: ImageReport, opts: TableOptions = {}): string {
  const maxPaths = opts.maxPaths ?? 10;
  const out: string[] = [];
  out.push(`Total: ${groupedBytes(r.totalBytes)} B (${humanBytes(r.totalBytes)}) in ${r.layers.filter((l) => !l.emptyLayer).length} layers`);
  const share = r.totalBytes ? ` = ${percent(r.wastedBytes / r.totalBytes)} of the image` : '';
  out.push(`Wasted: ${groupedBytes(r.wastedBytes)} B (${humanBytes(r.wastedBytes)})${share}, in copies the final image cannot see`);
  if (r.wastedPaths.length > 0) {
    const pathRows = [['SIZE', 'ADDED', 'HIDDEN BY', 'PATH']];
    for (const w of r.wastedPaths.slice(0, maxPaths)) pathRows.push([humanBytes(w.bytes), String(w.addedIn), String(w.removedOrReplacedIn), w.path]);
    out.push(...padTable(pathRows, new Set([0, 1, 2])).map((line) => '  ' + line));
    const more = r.wastedPaths.length - maxPaths;
    if (more > 0) out.push(`  … and ${more} more`);
  }
  const userShare = r.dive.wastedUserPercent === null ? '' : `, ${percent(r.dive.wastedUserPercent)} of user bytes`;
  out.push(`dive: efficiency ${percent(r.dive.efficiency)}, wasted ${groupedBytes(r.dive.wastedBytes)} B (${humanBytes(r.dive.wastedBytes)})${userShare}`);
  return out.join('\n') + '\n';
}
