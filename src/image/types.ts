/** What analysis needs from one tar entry of a layer. */
export interface LayerEntry {
  /** Name as stored in the tar (pax/GNU long names applied), not normalised. */
  name: string;
  /** Tar type flag, one character ('0' file, '1' hardlink, '2' symlink, '5' directory, ...). */
  type: string;
  /** Size from the tar header or pax record. */
  size: number;
}

/** One history entry of the image config (the fields analysis reads). */
export interface HistoryEntry {
  createdBy: string;
  emptyLayer: boolean;
}

/** The JSON report of `layerlint image`; the shape is documented in docs/image-json.md. */
export interface ImageReport {
  version: 1;
  layers: ImageLayerReport[];
  totalBytes: number;
  wastedBytes: number;
  wastedPaths: WastedPath[];
  dive: DiveReport;
}

export interface ImageLayerReport {
  /** Index in the image history (empty entries included). */
  index: number;
  createdBy: string;
  emptyLayer: boolean;
  /** Content bytes: sum of the sizes of the layer's non-directory, non-whiteout entries. */
  bytes: number;
  /** Entries that are neither directories nor whiteouts (files, symlinks, hardlinks, devices). */
  files: number;
  dirs: number;
  whiteouts: number;
}

export interface WastedPath {
  path: string;
  bytes: number;
  /** History index of the layer that holds the hidden copy. */
  addedIn: number;
  /** History index of the layer that deletes or replaces it. */
  removedOrReplacedIn: number;
}

export interface DiveReport {
  wastedBytes: number;
  efficiency: number;
  /** dive's wasted bytes over the bytes of every layer but the first; null when that is 0 (dive: NaN). */
  wastedUserPercent: number | null;
}
