import { KNOWN_KEYWORDS } from '../model/types';
import { layerSize } from './simulate';
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

/**
 * The keyword a history entry's `createdBy` names: `#(nop) COPY …` (classic/buildah), `COPY … # buildkit` or
 * `ENV A=1` (BuildKit starts every entry with its keyword), or RUN (`/bin/sh -c …`, `|2 A=1 /bin/sh -c …`).
 */
export function historyKeyword(createdBy: string): string {
  const nop = /#\(nop\)\s+([A-Z]+)/.exec(createdBy);
  if (nop) return nop[1];
  const lead = /^([A-Z]+)(?:\s|$)/.exec(createdBy.trim());
  if (lead && KNOWN_KEYWORDS.has(lead[1])) return lead[1];
  return 'RUN';
}

/** The instructions of the target's stage chain that write history entries (every one but FROM), in order. */
export function historyInstructions(sim: Simulation): LayerSim[] {
  if (sim.target < 0) return [];
  return sim.stages[sim.target].chain.filter((l) => l.keyword !== 'FROM');
}

/** Align a history (oldest first) with the target chain of a simulation; null when it has fewer entries than instructions. */
export function alignHistory(sim: Simulation, history: readonly HistoryEntry[]): AlignedEntry[] | null {
  if (sim.target < 0) return null;
  const instructions = historyInstructions(sim);
  const baseCount = history.length - instructions.length;
  if (baseCount < 0) return null;
  return history.map((h, index) => {
    if (index < baseCount) return { index, layer: null, keywordMismatch: false };
    const layer = instructions[index - baseCount];
    return { index, layer, keywordMismatch: historyKeyword(h.createdBy) !== layer.keyword };
  });
}

/** One step of a tolerant alignment: an entry paired with an instruction, an entry alone, or an instruction alone. */
export type MatchStep =
  | { kind: 'base'; index: number }
  | { kind: 'pair'; index: number; layer: LayerSim; keywordMismatch: boolean }
  | { kind: 'extra'; index: number }
  | { kind: 'missing'; layer: LayerSim };

/** A history entry, with its content bytes when known (used only when the history has no texts). */
export interface MatchEntry extends HistoryEntry {
  bytes?: number;
}

/** Costs of the tolerant alignment: a pair whose keywords differ is cheaper than leaving both sides alone. */
const COST = { mismatch: 3, extra: 2, missing: 2 } as const;

/** Does the instruction write a layer under any builder (what a history without texts can still show)? */
function writesLayer(l: LayerSim): boolean {
  return l.createsLayer || l.buildahLayer;
}

/** Predicted exactly to write nothing (WORKDIR, a RUN that changes nothing): under buildah it may have no layer at all. */
function exactlyEmpty(l: LayerSim): boolean {
  const s = layerSize(l);
  return s.confidence === 'exact' && s.bytes === 0;
}

/** The history has no texts at all (the image had no usable history): only layers and their sizes can be lined up. */
export function textless(history: readonly HistoryEntry[]): boolean {
  return history.length > 0 && history.every((h) => h.createdBy.trim() === '');
}

/**
 * Lines a history up with instructions when the counts or keywords may not agree (a squashed image, a builder that
 * skips entries, a different Dockerfile). Leading entries are the base image's and cost nothing, except on
 * `FROM scratch`, where there is no base; an entry after them that pairs with no instruction is `extra`, an
 * instruction without an entry `missing`. Among the cheapest alignments it takes the one with the most base entries,
 * so the Dockerfile's instructions line up with the newest entries. Quadratic in the lengths (a few hundred at most
 * for real images).
 *
 * Without texts (no usable history: one entry per layer) an entry pairs with an instruction that writes a layer; a
 * metadata instruction is left alone at no cost, one predicted exactly to write nothing at a small cost (buildah
 * makes no layer for it), and a pair whose exact prediction differs from the layer's bytes costs a little more than
 * one that agrees, so sizes decide where the base ends.
 */
export function matchHistory(instructions: readonly LayerSim[], history: readonly MatchEntry[], opts: { baseAllowed: boolean }): MatchStep[] {
  const n = instructions.length;
  const m = history.length;
  const noTexts = textless(history);
  const keywords = history.map((h) => (h.createdBy.trim() === '' ? null : historyKeyword(h.createdBy)));
  const pairCost = (j: number, i: number): number => {
    const l = instructions[i];
    const k = keywords[j];
    if (k !== null) return k === l.keyword ? 0 : COST.mismatch;
    if (!writesLayer(l)) return COST.mismatch;
    if (!noTexts) return 0;
    const size = layerSize(l);
    const bytes = history[j].bytes;
    return size.confidence === 'exact' && bytes !== undefined && bytes !== size.bytes ? 1 : 0;
  };
  const missingCost = (i: number): number => {
    if (!noTexts) return COST.missing;
    if (!writesLayer(instructions[i])) return 0;
    return exactlyEmpty(instructions[i]) ? 1 : COST.missing;
  };
  // cost[j][i]: cheapest alignment of history[j..] with instructions[i..].
  const cost: number[][] = Array.from({ length: m + 1 }, () => new Array<number>(n + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) cost[m][i] = cost[m][i + 1] + missingCost(i);
  for (let j = m - 1; j >= 0; j--) {
    cost[j][n] = cost[j + 1][n] + COST.extra;
    for (let i = n - 1; i >= 0; i--) cost[j][i] = Math.min(cost[j + 1][i + 1] + pairCost(j, i), cost[j + 1][i] + COST.extra, cost[j][i + 1] + missingCost(i));
  }
  let start = 0;
  if (opts.baseAllowed) for (let j = 1; j <= m; j++) if (cost[j][0] <= cost[start][0]) start = j;
  const steps: MatchStep[] = [];
  for (let j = 0; j < start; j++) steps.push({ kind: 'base', index: j });
  let j = start;
  let i = 0;
  while (j < m || i < n) {
    if (j < m && i < n && cost[j][i] === cost[j + 1][i + 1] + pairCost(j, i)) {
      steps.push({ kind: 'pair', index: j, layer: instructions[i], keywordMismatch: keywords[j] !== null && keywords[j] !== instructions[i].keyword });
      j++;
      i++;
    } else if (j < m && cost[j][i] === cost[j + 1][i] + COST.extra) steps.push({ kind: 'extra', index: j++ });
    else steps.push({ kind: 'missing', layer: instructions[i++] });
  }
  return steps;
}
