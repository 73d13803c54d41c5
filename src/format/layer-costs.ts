import type { Analyses } from '../engine/api';
import type { LintOptions } from '../engine/lint';
import type { DockerfileModel } from '../model/types';
import type { Simulation } from '../simulate/types';

/**
 * The bridge to the layer simulation (src/simulate), which the editor and CI integrations use when it exists and do
 * without when it does not. The simulation module is looked up at run time: when it is absent, or exports no
 * `simulate(model)`, or returns something this adapter cannot read, every caller degrades to "no prediction".
 */
export interface LayerCost {
  /** `Instruction.index` of the instruction that creates the layer. */
  instruction: number;
  /** Predicted size of the layer in bytes. */
  bytes: number;
  /** Bytes the layer carries that a later layer deletes or overwrites (null when the simulation does not say). */
  wastedBytes: number | null;
}

export interface CostReport {
  layers: LayerCost[];
  /** Predicted size of the whole image (target stage), when known. */
  imageBytes: number | null;
}

export interface Simulator {
  /** The simulation's own result, as rules see it through `context.analyses.simulation()`. */
  raw(model: DockerfileModel): unknown;
  /** The same result read as per-layer costs (null when it cannot be read). */
  costs(model: DockerfileModel): CostReport | null;
}

type SimulateFn = (model: DockerfileModel) => unknown;

/** Load the simulation when the build has one; null otherwise. */
export function loadSimulator(load: () => unknown = requireSimulate): Simulator | null {
  let mod: unknown;
  try {
    mod = load();
  } catch {
    return null;
  }
  const fn = isRecord(mod) ? mod.simulate : undefined;
  if (typeof fn !== 'function') return null;
  return simulatorFrom(fn as SimulateFn);
}

function requireSimulate(): unknown {
  // A runtime path: the module may not exist in this build, and the compiler must not insist that it does.
  const target = '../simulate/index';
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(target);
}

/** Wrap a `simulate(model)` function; results are cached per model object, errors become "no prediction". */
export function simulatorFrom(simulate: SimulateFn): Simulator {
  const cache = new WeakMap<DockerfileModel, { raw: unknown }>();
  const raw = (model: DockerfileModel): unknown => {
    let hit = cache.get(model);
    if (!hit) {
      try {
        hit = { raw: simulate(model) };
      } catch {
        hit = { raw: null };
      }
      cache.set(model, hit);
    }
    return hit.raw;
  };
  return { raw, costs: (model) => readCosts(raw(model)) };
}

/** `LintOptions.analyses` backed by a simulator, so rules that ask for the simulation get it. */
export function analysesFrom(sim: Simulator | null): LintOptions['analyses'] {
  if (!sim) return undefined;
  return (model: DockerfileModel): Analyses => ({ simulation: () => asSimulation(sim.raw(model)) });
}

/** The simulator's result when it has the shape rules read (src/simulate's Simulation), else null. */
function asSimulation(raw: unknown): Simulation | null {
  return isRecord(raw) && Array.isArray(raw.stages) && typeof raw.layerOf === 'function' && raw.shipped instanceof Set ? (raw as unknown as Simulation) : null;
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null;
}

function num(o: Record<string, unknown>, keys: readonly string[]): number | null {
  for (const k of keys) {
    const v = o[k];
    if (typeof v === 'number' && Number.isFinite(v)) return v;
  }
  return null;
}

/** Read a simulation result leniently: `{layers: [{instruction|instructionIndex, bytes|size|sizeBytes, wastedBytes|waste}], imageBytes|totalBytes}`. */
export function readCosts(raw: unknown): CostReport | null {
  if (!isRecord(raw) || !Array.isArray(raw.layers)) return null;
  const layers: LayerCost[] = [];
  for (const l of raw.layers as unknown[]) {
    if (!isRecord(l)) continue;
    const ins = isRecord(l.instruction) ? num(l.instruction, ['index']) : num(l, ['instruction', 'instructionIndex']);
    const bytes = num(l, ['bytes', 'sizeBytes', 'size']);
    if (ins === null || bytes === null) continue;
    layers.push({ instruction: ins, bytes, wastedBytes: num(l, ['wastedBytes', 'wasteBytes', 'waste']) });
  }
  return { layers, imageBytes: num(raw, ['imageBytes', 'totalBytes', 'imageSize', 'size']) };
}

/** Sizes as people read them: decimal units (as `docker images` shows them). */
export function formatBytes(n: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let v = Math.max(0, n);
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  if (i === 0) return `${Math.round(v)} B`;
  return `${v < 100 ? String(Math.round(v * 10) / 10) : Math.round(v)} ${units[i]}`;
}
