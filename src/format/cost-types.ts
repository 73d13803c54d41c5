/**
 * The cost JSON (version 1) as the reports read it: the contract of `layerlint cost --format json` (docs/cost-json.md),
 * derived from the simulation's own types (src/simulate/report.ts). Fields the reports can do without are optional
 * here, so the HTML report reads both the real output and older or hand-written documents (`parseCostJson` below
 * checks them); the simulation's `CostJson` is assignable to this one.
 */
import type * as Sim from '../simulate/report';

/** `T` with the fields `K` made optional. */
type Loose<T, K extends keyof T> = Omit<T, K> & Partial<Pick<T, K>>;

export type CostConfidence = Sim.CostLayer['confidence'];
export type CostWasteKind = Sim.CostWaste['kind'];
export type CostAvoidableKind = Sim.CostAvoidable['kind'];

export type CostLayer = Loose<Sim.CostLayer, 'buildahLayer' | 'wastedConfidence' | 'reasons' | 'notes'>;
export type CostStage = Omit<Sim.CostStage, 'layers'> & { layers: CostLayer[] };
export type CostImage = Loose<Sim.CostImage, 'baseConfidence' | 'addedConfidence' | 'wastedConfidence' | 'avoidableConfidence'>;
export type CostWaste = Loose<Sim.CostWaste, 'confidence'>;
export type CostAvoidable = Loose<Sim.CostAvoidable, 'confidence'>;
export type CostJson = Loose<Omit<Sim.CostJson, 'stages' | 'image' | 'waste' | 'avoidable'>, 'builder' | 'contextRead'> & {
  stages: CostStage[];
  /** Totals of the target image; null when there is no stage. */
  image: CostImage | null;
  waste: CostWaste[];
  avoidable: CostAvoidable[];
};

const CONFIDENCES: readonly string[] = ['exact', 'estimated', 'unknown'];
const WASTE_KINDS: readonly string[] = ['deleted-later', 'overwritten-later', 'metadata-copy-up'];
const AVOIDABLE_KINDS: readonly string[] = ['apt-lists', 'package-cache', 'build-tools'];

export class CostJsonError extends Error {}

type Obj = Record<string, unknown>;

function obj(v: unknown, where: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new CostJsonError(`${where}: expected an object`);
  return v as Obj;
}

function arr(v: unknown, where: string): unknown[] {
  if (!Array.isArray(v)) throw new CostJsonError(`${where}: expected an array`);
  return v;
}

function str(v: unknown, where: string): string {
  if (typeof v !== 'string') throw new CostJsonError(`${where}: expected a string`);
  return v;
}

function count(v: unknown, where: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new CostJsonError(`${where}: expected a number of at least 0`);
  return v;
}

function conf(v: unknown, where: string): CostConfidence {
  if (typeof v !== 'string' || !CONFIDENCES.includes(v)) throw new CostJsonError(`${where}: expected exact, estimated or unknown`);
  return v as CostConfidence;
}

function optConf(v: unknown, where: string): CostConfidence | undefined {
  return v === undefined ? undefined : conf(v, where);
}

function strings(v: unknown, where: string): string[] | undefined {
  if (v === undefined) return undefined;
  return arr(v, where).map((s, i) => str(s, `${where}[${i}]`));
}

/** Checks a parsed cost JSON document against the version-1 contract; throws CostJsonError naming the bad field. */
export function parseCostJson(input: unknown): CostJson {
  const o = obj(input, 'cost report');
  if (o.version !== 1) throw new CostJsonError(`cost report: version ${JSON.stringify(o.version)} is not supported (expected 1)`);
  const target = o.target;
  if (target !== null && typeof target !== 'string' && typeof target !== 'number') throw new CostJsonError('target: expected a string, a number or null');
  const stages = arr(o.stages, 'stages').map((s, i): CostStage => {
    const w = `stages[${i}]`;
    const so = obj(s, w);
    const base = obj(so.base, `${w}.base`);
    const name = so.name;
    if (name !== null && typeof name !== 'string') throw new CostJsonError(`${w}.name: expected a string or null`);
    return {
      index: count(so.index, `${w}.index`),
      name,
      base: { image: str(base.image, `${w}.base.image`), bytes: count(base.bytes, `${w}.base.bytes`), confidence: conf(base.confidence, `${w}.base.confidence`) },
      layers: arr(so.layers, `${w}.layers`).map((l, j): CostLayer => {
        const lw = `${w}.layers[${j}]`;
        const lo = obj(l, lw);
        if (typeof lo.createsLayer !== 'boolean') throw new CostJsonError(`${lw}.createsLayer: expected true or false`);
        return {
          line: count(lo.line, `${lw}.line`),
          instruction: str(lo.instruction, `${lw}.instruction`),
          createsLayer: lo.createsLayer,
          bytes: count(lo.bytes, `${lw}.bytes`),
          confidence: conf(lo.confidence, `${lw}.confidence`),
          wastedBytes: count(lo.wastedBytes, `${lw}.wastedBytes`),
          reasons: strings(lo.reasons, `${lw}.reasons`),
          notes: strings(lo.notes, `${lw}.notes`),
        };
      }),
    };
  });
  let image: CostImage | null = null;
  if (o.image !== null) {
    const io = obj(o.image, 'image');
    image = {
      baseBytes: count(io.baseBytes, 'image.baseBytes'),
      addedBytes: count(io.addedBytes, 'image.addedBytes'),
      totalBytes: count(io.totalBytes, 'image.totalBytes'),
      wastedBytes: count(io.wastedBytes, 'image.wastedBytes'),
      avoidableBytes: count(io.avoidableBytes, 'image.avoidableBytes'),
      confidence: conf(io.confidence, 'image.confidence'),
      baseConfidence: optConf(io.baseConfidence, 'image.baseConfidence'),
      addedConfidence: optConf(io.addedConfidence, 'image.addedConfidence'),
      wastedConfidence: optConf(io.wastedConfidence, 'image.wastedConfidence'),
      avoidableConfidence: optConf(io.avoidableConfidence, 'image.avoidableConfidence'),
    };
  }
  const waste = arr(o.waste, 'waste').map((x, i): CostWaste => {
    const w = `waste[${i}]`;
    const xo = obj(x, w);
    if (typeof xo.kind !== 'string' || !WASTE_KINDS.includes(xo.kind)) throw new CostJsonError(`${w}.kind: expected one of ${WASTE_KINDS.join(', ')}`);
    return {
      path: str(xo.path, `${w}.path`),
      bytes: count(xo.bytes, `${w}.bytes`),
      confidence: optConf(xo.confidence, `${w}.confidence`),
      addedLine: count(xo.addedLine, `${w}.addedLine`),
      removedLine: count(xo.removedLine, `${w}.removedLine`),
      kind: xo.kind as CostWasteKind,
    };
  });
  const avoidable = arr(o.avoidable, 'avoidable').map((x, i): CostAvoidable => {
    const w = `avoidable[${i}]`;
    const xo = obj(x, w);
    if (typeof xo.kind !== 'string' || !AVOIDABLE_KINDS.includes(xo.kind)) throw new CostJsonError(`${w}.kind: expected one of ${AVOIDABLE_KINDS.join(', ')}`);
    return { path: str(xo.path, `${w}.path`), bytes: count(xo.bytes, `${w}.bytes`), confidence: optConf(xo.confidence, `${w}.confidence`), line: count(xo.line, `${w}.line`), kind: xo.kind as CostAvoidableKind };
  });
  const out: CostJson = { version: 1, file: str(o.file, 'file'), target, stages, image, waste, avoidable };
  if (typeof o.builder === 'string') out.builder = o.builder;
  if (typeof o.contextRead === 'boolean') out.contextRead = o.contextRead;
  return out;
}
