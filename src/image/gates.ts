/**
 * Pass/fail gates over an ImageReport, modelled on dive's CI mode (`.dive-ci` rules lowestEfficiency,
 * highestWastedBytes, highestUserWastedPercent). As in dive every comparison is strict, a rule that is
 * not given is skipped, and a ratio that cannot be computed (a one-layer image) passes.
 */
import type { ImageReport } from './types';
import { groupedBytes, humanBytes, percent } from './units';

export interface GateOptions {
  /** Fail when the wasted bytes exceed this (dive: highestWastedBytes). */
  maxWastedBytes?: number;
  /** Fail when wasted bytes / user bytes exceed this ratio in [0, 1] (dive: highestUserWastedPercent). */
  maxWastedFraction?: number;
  /** Fail when dive's efficiency is below this ratio in [0, 1] (dive: lowestEfficiency). */
  minEfficiency?: number;
  /**
   * Which waste the two waste gates measure. 'dive' (default) uses dive's figures, so thresholds copied
   * from a .dive-ci file give the same verdicts. 'hidden' uses layerlint's hidden-copy waste (bytes the
   * final image cannot see) over the same user bytes (every layer but the first).
   */
  basis?: 'dive' | 'hidden';
}

export interface GateResult {
  ok: boolean;
  failures: string[];
}

function checkRatio(name: string, v: number | undefined): void {
  if (v !== undefined && !(v >= 0 && v <= 1)) throw new RangeError(`${name} must be a ratio between 0 and 1, got ${v}`);
}

/** Rejects thresholds dive would reject as a config error, instead of silently passing or failing. */
export function validateGates(g: GateOptions): void {
  if (g.maxWastedBytes !== undefined && !(Number.isFinite(g.maxWastedBytes) && g.maxWastedBytes >= 0)) {
    throw new RangeError(`maxWastedBytes must be a non-negative number of bytes, got ${g.maxWastedBytes}`);
  }
  checkRatio('maxWastedFraction', g.maxWastedFraction);
  checkRatio('minEfficiency', g.minEfficiency);
  if (g.basis !== undefined && g.basis !== 'dive' && g.basis !== 'hidden') throw new RangeError(`basis must be 'dive' or 'hidden', got ${String(g.basis)}`);
}

/** Bytes of every layer except the first, dive's "user size" (layer 0 is taken as the base image). */
export function userBytes(r: ImageReport): number {
  const first = r.layers.findIndex((l) => !l.emptyLayer);
  return r.layers.reduce((sum, l, i) => (i === first ? sum : sum + l.bytes), 0);
}

function wasteFigures(r: ImageReport, basis: 'dive' | 'hidden'): { bytes: number; fraction: number | null; label: string } {
  if (basis === 'dive') return { bytes: r.dive.wastedBytes, fraction: r.dive.wastedUserPercent, label: "wasted bytes (dive's count)" };
  const user = userBytes(r);
  return { bytes: r.wastedBytes, fraction: user ? r.wastedBytes / user : null, label: 'wasted bytes (hidden copies)' };
}

export function checkGates(r: ImageReport, g: GateOptions): GateResult {
  validateGates(g);
  const failures: string[] = [];
  const waste = wasteFigures(r, g.basis ?? 'dive');
  if (g.maxWastedBytes !== undefined && waste.bytes > g.maxWastedBytes) {
    failures.push(`${waste.label}: ${groupedBytes(waste.bytes)} B (${humanBytes(waste.bytes)}) is more than the limit of ${groupedBytes(g.maxWastedBytes)} B (${humanBytes(g.maxWastedBytes)})`);
  }
  if (g.maxWastedFraction !== undefined && waste.fraction !== null && waste.fraction > g.maxWastedFraction) {
    failures.push(`${waste.label} are ${percent(waste.fraction)} of the bytes above the first layer, more than the limit of ${percent(g.maxWastedFraction)}`);
  }
  if (g.minEfficiency !== undefined && g.minEfficiency > r.dive.efficiency) {
    failures.push(`efficiency (dive's score): ${percent(r.dive.efficiency)} is below the minimum of ${percent(g.minEfficiency)}`);
  }
  return { ok: failures.length === 0, failures };
}
