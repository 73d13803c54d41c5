import type { ImageReport } from './types';

/**
 * The report as JSON text (format version 1, docs/image-json.md). Keys are written in a fixed order so
 * that two runs on the same image give byte-identical output.
 */
export function imageReportJson(r: ImageReport, indent = 2): string {
  const ordered: ImageReport = {
    version: r.version,
    layers: r.layers.map((l) => ({ index: l.index, createdBy: l.createdBy, emptyLayer: l.emptyLayer, bytes: l.bytes, files: l.files, dirs: l.dirs, whiteouts: l.whiteouts })),
    totalBytes: r.totalBytes,
    wastedBytes: r.wastedBytes,
    wastedPaths: r.wastedPaths.map((w) => ({ path: w.path, bytes: w.bytes, addedIn: w.addedIn, removedOrReplacedIn: w.removedOrReplacedIn })),
    dive: { wastedBytes: r.dive.wastedBytes, efficiency: r.dive.efficiency, wastedUserPercent: r.dive.wastedUserPercent },
  };
  return JSON.stringify(ordered, null, indent) + '\n';
}
