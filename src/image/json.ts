import type { ImageReport } from './types';

/**
 * The report as JSON text (format version 1, docs/image-json.md). Keys are written in a fixed order so
 * that two runs on the same image give byte-identical output. `comparison` (already ordered by its maker) is
 * written last when given.
 */
export function imageReportJson(r: ImageReport, indent = 2, comparison?: Record<string, unknown>): string {
  const ordered: ImageReport & { comparison?: Record<string, unknown> } = {
    version: r.version,
    layers: r.layers.map((l) => ({ index: l.index, createdBy: l.createdBy, emptyLayer: l.emptyLayer, bytes: l.bytes, files: l.files, dirs: l.dirs, whiteouts: l.whiteouts })),
    totalBytes: r.totalBytes,
    wastedBytes: r.wastedBytes,
    wastedPaths: r.wastedPaths.map((w) => ({ path: w.path, bytes: w.bytes, addedIn: w.addedIn, removedOrReplacedIn: w.removedOrReplacedIn })),
    dive: { wastedBytes: r.dive.wastedBytes, efficiency: r.dive.efficiency, wastedUserPercent: r.dive.wastedUserPercent },
  };
  // Only with --dockerfile: predicted vs. actual (a field added to version 1, which adding fields does not change).
  if (comparison) ordered.comparison = comparison;
  return JSON.stringify(ordered, null, indent) + '\n';
}
