import type { LayerSim, Simulation } from './types';

/**
 * Lining a built image's history up with the Dockerfile: each instruction after FROM of the target's stage chain is
 * one history entry, in order (BuildKit, buildah and the classic builder all write one, empty or not); the entries
 * before them belong to the base image. Which entries carry a non-empty layer differs by builder (`createsLayer` for
 * BuildKit, `buildahLayer` for buildah/classic), content bytes do not.
 */
export interface HistoryEntry {
  createdBy: string;
  emptyLayer: boolean;
}

export interface AlignedEntry {
  /** Index into the history. */
  index: number;
  /** The instruction's layer in the simulation, or null for a base-image entry. */
  layer: LayerSim | null;
  /** The entry's text names a different instruction keyword than the one it is lined up with. */
  keywordMismatch: boolean;
}

/** The keyword a history entry's `createdBy` names: `#(nop) COPY …` (classic/buildah), `COPY … # buildkit`, or RUN. */
export function historyKeyword(createdBy: string): string {
  const nop = /#\(nop\)\s+([A-Z]+)/.exec(createdBy);
  if (nop) return nop[1];
  const bk = /^([A-Z]+)\s.*#\s*buildkit\s*$/.exec(createdBy.trim());
  if (bk) return bk[1];
  return 'RUN';
}

/** Align a history (oldest first) with the target chain of a simulation; null when it has fewer entries than instructions. */
export function alignHistory(sim: Simulation, history: readonly HistoryEntry[]): AlignedEntry[] | null {
  if (sim.target < 0) return null;
  const instructions = sim.stages[sim.target].chain.filter((l) => l.keyword !== 'FROM');
  const baseCount = history.length - instructions.length;
  if (baseCount < 0) return null;
  return history.map((h, index) => {
    if (index < baseCount) return { index, layer: null, keywordMismatch: false };
    const layer = instructions[index - baseCount];
    return { index, layer, keywordMismatch: historyKeyword(h.createdBy) !== layer.keyword };
  });
}
