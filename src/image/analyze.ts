/**
 * Turns an image's history and layer entries into the ImageReport. The figures follow the ground-truth
 * analyser (/work/shared/groundtruth/analyze.js) definition for definition, so layerlint's predictions and
 * its image analysis are measured on the same scale.
 */
import type { HistoryEntry, ImageLayerReport, ImageReport, LayerEntry, WastedPath } from './types';
import { hiddenCopies } from './hidden';
import type { HiddenCopy } from './hidden';
import { diveAnalysis } from './dive';
import type { ReadOptions } from './read';
import { openImage } from './read';
import { isWhiteoutName } from './paths';

export interface LayerStats {
  bytes: number;
  files: number;
  dirs: number;
  whiteouts: number;
}

/** Content bytes and counts of one layer: whiteouts and directories weigh 0, everything else its tar size. */
export function layerStats(entries: readonly LayerEntry[]): LayerStats {
  const s: LayerStats = { bytes: 0, files: 0, dirs: 0, whiteouts: 0 };
  for (const e of entries) {
    if (isWhiteoutName(e.name)) s.whiteouts++;
    else if (e.type === '5') s.dirs++;
    else {
      s.files++;
      s.bytes += e.size;
    }
  }
  return s;
}

export interface HistoryRow {
  /** Index in the history (or in the layer list when the history is unusable). */
  index: number;
  createdBy: string;
  /** Index of the layer this row describes, or null for a config-only entry. */
  layer: number | null;
}

/**
 * Pairs history entries with layers: the i-th non-empty entry describes the i-th layer. When the counts
 * disagree (no history, or a broken one) each layer gets its own row with an empty command.
 */
export function alignHistory(history: readonly HistoryEntry[] | null, layerCount: number): HistoryRow[] {
  const h = history ?? [];
  if (h.filter((e) => !e.emptyLayer).length === layerCount) {
    let next = 0;
    return h.map((e, index) => ({ index, createdBy: e.createdBy, layer: e.emptyLayer ? null : next++ }));
  }
  return Array.from({ length: layerCount }, (_, index) => ({ index, createdBy: '', layer: index }));
}

/** Largest first; ties by path, then layers, so the order never depends on the sort algorithm. */
export function compareWasted(a: WastedPath, b: WastedPath): number {
  if (a.bytes !== b.bytes) return b.bytes - a.bytes;
  if (a.path !== b.path) return a.path < b.path ? -1 : 1;
  return a.addedIn - b.addedIn || a.removedOrReplacedIn - b.removedOrReplacedIn;
}

function wastedRows(hidden: readonly HiddenCopy[], historyIndexOfLayer: readonly number[]): WastedPath[] {
  return hidden
    .map((h) => ({
      path: h.path,
      bytes: h.bytes,
      addedIn: historyIndexOfLayer[h.addedLayer] ?? h.addedLayer,
      removedOrReplacedIn: historyIndexOfLayer[h.hiddenByLayer] ?? h.hiddenByLayer,
    }))
    .sort(compareWasted);
}

/** Builds the report from the history and every layer's entries (bottom layer first). */
export function buildReport(history: readonly HistoryEntry[] | null, layers: readonly (readonly LayerEntry[])[]): ImageReport {
  const rows = alignHistory(history, layers.length);
  const historyIndexOfLayer: number[] = [];
  for (const r of rows) if (r.layer !== null) historyIndexOfLayer[r.layer] = r.index;

  const reportLayers: ImageLayerReport[] = rows.map((r) => {
    const s = r.layer === null ? { bytes: 0, files: 0, dirs: 0, whiteouts: 0 } : layerStats(layers[r.layer] ?? []);
    return { index: r.index, createdBy: r.createdBy, emptyLayer: r.layer === null, bytes: s.bytes, files: s.files, dirs: s.dirs, whiteouts: s.whiteouts };
  });
  const hidden = hiddenCopies(layers);
  const dive = diveAnalysis(layers);
  return {
    version: 1,
    layers: reportLayers,
    totalBytes: reportLayers.reduce((sum, l) => sum + l.bytes, 0),
    wastedBytes: hidden.hidden.reduce((sum, h) => sum + h.bytes, 0),
    wastedPaths: wastedRows(hidden.hidden, historyIndexOfLayer),
    dive: { wastedBytes: dive.wastedBytes, efficiency: dive.efficiency, wastedUserPercent: dive.wastedUserPercent },
  };
}

export type AnalyzeOptions = ReadOptions;

/** Reads an image (docker save tarball, OCI layout folder or OCI archive) and analyses it. */
export async function analyzeImage(imagePath: string, options: AnalyzeOptions = {}): Promise<ImageReport> {
  const image = openImage(imagePath, options);
  try {
    const layers: LayerEntry[][] = [];
    for (let i = 0; i < image.layers.length; i++) {
      layers.push(image.readLayer(i));
      // Layers are read synchronously; yielding between them keeps a caller's event loop (spinners, timeouts) alive.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    return buildReport(image.history, layers);
  } finally {
    image.close();
  }
}
