/**
 * Predicted vs. actual: a simulation set beside the layers of the image built from the same Dockerfile. The image side
 * is plain numbers (history text, empty or not, content bytes), so this needs nothing from the image reader.
 */
import type { DockerfileModel } from '../model/types';
import { historyInstructions, matchHistory, textless, type HistoryEntry } from './align';
import { instructionText } from './report';
import { layerSize } from './simulate';
import { sumSizes, type Confidence, type Size } from './size';
import type { Simulation } from './types';

/** One history entry of the built image, with its content bytes (0 for an empty entry). */
export interface ActualLayer extends HistoryEntry {
  bytes: number;
}

/**
 * `base`: an entry of the base image (only its total is predicted); `instruction`: an entry lined up with an
 * instruction; `extra`: an entry after the base that no instruction explains; `missing`: an instruction the history
 * has no entry for.
 */
export type RowKind = 'base' | 'instruction' | 'extra' | 'missing';

export interface ComparisonRow {
  kind: RowKind;
  /** Index in the image history; null for `missing`. */
  historyIndex: number | null;
  createdBy: string | null;
  emptyLayer: boolean | null;
  /** Dockerfile line and instruction text; null for `base` and `extra`. */
  line: number | null;
  instruction: string | null;
  /** Predicted content bytes (the known part when the confidence is `unknown`); null for `base` and `extra`. */
  predictedBytes: number | null;
  confidence: Confidence | null;
  /** Measured content bytes; null for `missing`. */
  actualBytes: number | null;
  /** predicted − actual; null unless both are there. */
  errorBytes: number | null;
  /** errorBytes / actualBytes; 0 when both are 0, null when only the actual is 0 (or either side is absent). */
  relativeError: number | null;
  /** The history text names another instruction than the one it is lined up with. */
  keywordMismatch: boolean;
}

export interface ComparedTotal {
  predictedBytes: number;
  confidence: Confidence;
  actualBytes: number;
  errorBytes: number;
  relativeError: number | null;
}

export type AlignmentStatus = 'aligned' | 'partial';

export interface Comparison {
  /** `aligned`: every instruction has its entry, with the same keyword, and no entry is left over after the base. */
  status: AlignmentStatus;
  /** Why the alignment is partial, one sentence each (empty when aligned). */
  problems: string[];
  rows: ComparisonRow[];
  /** The base image as the simulation names it (`scratch`, `debian:bookworm` …). */
  baseImage: string;
  /** Predicted base size vs. the base entries' bytes. */
  base: ComparedTotal;
  /** The instructions' layers vs. every entry after the base (extra entries included). */
  added: ComparedTotal;
  total: ComparedTotal;
  /** Predicted hidden-copy waste of the target vs. the image's `wastedBytes`, when the caller passes it. */
  wasted: ComparedTotal | null;
  matched: {
    /** Instructions lined up with an entry of their keyword, of all instructions after FROM in the target chain. */
    instructions: number;
    ofInstructions: number;
    /** Non-empty entries after the base lined up with an instruction, of all non-empty entries after the base. */
    layers: number;
    ofLayers: number;
  };
  /** Largest |errorBytes| over the lined-up rows (0 when there are none). */
  maxAbsErrorBytes: number;
}

/** (predicted − actual) / actual, with 0/0 = 0 and x/0 = null. */
export function relativeError(predicted: number, actual: number): number | null {
  if (actual === 0) return predicted === 0 ? 0 : null;
  return (predicted - actual) / actual;
}

function total(predicted: Size, actual: number): ComparedTotal {
  return { predictedBytes: predicted.bytes, confidence: predicted.confidence, actualBytes: actual, errorBytes: predicted.bytes - actual, relativeError: relativeError(predicted.bytes, actual) };
}

function plural(n: number, one: string, many = one + 's'): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * Compares the simulation of a Dockerfile's target with the history of the image built from it. `wastedBytes` is the
 * image's measured hidden-copy waste (optional). A simulation without a target (no FROM) compares nothing: every
 * entry is `extra`.
 */
export function compareWithImage(model: DockerfileModel, sim: Simulation, actual: readonly ActualLayer[], wastedBytes: number | null = null): Comparison {
  const target = sim.target >= 0 ? sim.stages[sim.target] : null;
  const instructions = historyInstructions(sim);
  const baseImage = target ? target.rootBase.image : '';
  const steps = matchHistory(instructions, actual, { baseAllowed: target !== null && baseImage !== 'scratch' });
  const rows: ComparisonRow[] = steps.map((s) => {
    if (s.kind === 'missing') {
      const size = layerSize(s.layer);
      return { kind: 'missing', historyIndex: null, createdBy: null, emptyLayer: null, line: s.layer.line, instruction: instructionText(model, s.layer.instruction), predictedBytes: size.bytes, confidence: size.confidence, actualBytes: null, errorBytes: null, relativeError: null, keywordMismatch: false };
    }
    const a = actual[s.index];
    const common = { historyIndex: s.index, createdBy: a.createdBy, emptyLayer: a.emptyLayer, actualBytes: a.bytes };
    if (s.kind !== 'pair') return { kind: s.kind, ...common, line: null, instruction: null, predictedBytes: null, confidence: null, errorBytes: null, relativeError: null, keywordMismatch: false };
    const size = layerSize(s.layer);
    return { kind: 'instruction', ...common, line: s.layer.line, instruction: instructionText(model, s.layer.instruction), predictedBytes: size.bytes, confidence: size.confidence, errorBytes: size.bytes - a.bytes, relativeError: relativeError(size.bytes, a.bytes), keywordMismatch: s.keywordMismatch };
  });

  const baseRows = rows.filter((r) => r.kind === 'base');
  const afterBase = rows.filter((r) => r.kind === 'instruction' || r.kind === 'extra');
  const sum = (list: readonly ComparisonRow[]): number => list.reduce((n, r) => n + (r.actualBytes ?? 0), 0);
  const predictedBase: Size = target ? target.rootBase.size : { bytes: 0, confidence: 'exact' };
  const predictedAdded = sumSizes(instructions.map(layerSize));
  const base = total(predictedBase, sum(baseRows));
  const added = total(predictedAdded, sum(afterBase));
  const whole = total(sumSizes([predictedBase, predictedAdded]), base.actualBytes + added.actualBytes);
  const wasted = wastedBytes === null || !target ? null : total(target.totals.wasted, wastedBytes);

  const paired = rows.filter((r) => r.kind === 'instruction');
  const extra = rows.filter((r) => r.kind === 'extra');
  const missing = rows.filter((r) => r.kind === 'missing');
  const mismatched = paired.filter((r) => r.keywordMismatch);
  const problems: string[] = [];
  if (!target) problems.push('the Dockerfile has no stage to build, so no instruction can be lined up');
  // Without history texts only layers show: instructions without a layer of their own are expected to be absent.
  const noTexts = textless(actual);
  if (noTexts) problems.push('the image has no usable history (no texts, one entry per layer): layers were lined up by order and size, not by instruction');
  const unexpected = noTexts ? missing.filter((r) => (r.predictedBytes ?? 0) > 0 || r.confidence !== 'exact') : missing;
  if (unexpected.length > 0) problems.push(`${plural(unexpected.length, 'instruction')} (line ${unexpected.map((r) => r.line).join(', ')}) ${unexpected.length === 1 ? 'has' : 'have'} no history entry`);
  if (extra.length > 0) problems.push(`${plural(extra.length, 'history entry', 'history entries')} after the base (#${extra.map((r) => r.historyIndex).join(', #')}) ${extra.length === 1 ? 'matches' : 'match'} no instruction`);
  if (mismatched.length > 0) problems.push(`${plural(mismatched.length, 'history entry', 'history entries')} (#${mismatched.map((r) => r.historyIndex).join(', #')}) ${mismatched.length === 1 ? 'names' : 'name'} another instruction than the line ${mismatched.length === 1 ? 'it is' : 'they are'} lined up with`);
  if (target && baseImage === 'scratch' && extra.length > 0 && extra[0].historyIndex === 0) problems.push('the Dockerfile builds FROM scratch, so the image should have no base entries');

  return {
    status: problems.length === 0 ? 'aligned' : 'partial',
    problems,
    rows,
    baseImage,
    base,
    added,
    total: whole,
    wasted,
    matched: {
      instructions: paired.length - mismatched.length,
      ofInstructions: instructions.length,
      layers: paired.filter((r) => r.emptyLayer === false).length,
      ofLayers: afterBase.filter((r) => r.emptyLayer === false).length,
    },
    maxAbsErrorBytes: paired.reduce((mx, r) => Math.max(mx, Math.abs(r.errorBytes ?? 0)), 0),
  };
}
