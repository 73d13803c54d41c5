import { resolveStageRef } from '../model/build';
import type { DockerfileModel, Instruction, Stage } from '../model/types';
import { STANDARD_DIRS, imageEnv, imageFamily, knownEmptyDirs, knownFiles } from './base-image';
import type { BuildContext } from './context';
import { applyCopy } from './copy';
import { defaultEstimator } from './default-estimator';
import type { PackageEstimator } from './estimator';
import { dirname, joinPath, resolvePath } from './paths';
import { mountsOf, RunContext, runScript } from './run';
import { UNKNOWN, exact, lowestConfidence, minConfidence, sumSizes, type Confidence, type Size } from './size';
import type { SimState, StageState } from './state';
import type { AvoidableEntry, BaseInfo, FileVersion, Hidden, ImageTotals, LayerSim, Simulation, StageSim, WasteEntry } from './types';
import { Filesystem, LayerWriter, newDir } from './vfs';
import { compareText } from '../parse/collate';

export interface SimulateOptions {
  /** The walked build context; null or absent: COPY/ADD from the context are `unknown`. */
  context?: BuildContext | null;
  /** Package sizes (default: the built-in estimator; NO_ESTIMATES for none). */
  estimator?: PackageEstimator;
}

/** Simulate every stage of a Dockerfile: per-instruction layers, hidden (wasted) copies and avoidable bytes. */
export function simulate(model: DockerfileModel, opts: SimulateOptions = {}): Simulation {
  const sim: SimState = { model, context: opts.context ?? null, estimator: opts.estimator ?? defaultEstimator(), stages: [], layers: [] };
  for (const stage of model.stages) sim.stages.push(simulateStage(stage, sim));
  const stages = sim.stages.map((st) => summarizeStage(st, model.stages[st.index]));
  const shipped = new Set<number>();
  for (let i = model.targetStage; i >= 0 && !shipped.has(i); i = model.stages[i].parentStage ?? -1) shipped.add(i);
  const byIns = new Map<Instruction, LayerSim>();
  for (const l of sim.layers) byIns.set(l.instruction, l);
  const target = model.targetStage >= 0 ? stages[model.targetStage] : null;
  const layers = target
    ? target.chain.map((l) => {
        const size = layerSize(l);
        return { instruction: l.instruction, bytes: size.confidence === 'unknown' ? null : size.bytes, confidence: size.confidence, wastedBytes: layerWaste(l, target.hidden).bytes };
      })
    : [];
  return {
    stages,
    layers,
    totalBytes: target && target.totals.total.confidence !== 'unknown' ? target.totals.total.bytes : null,
    target: model.targetStage,
    shipped,
    hasContext: sim.context !== null,
    context: sim.context ? { ignoreFile: sim.context.ignoreFile, notable: sim.context.notable } : null,
    layerOf: (ins) => byIns.get(ins),
  };
}

function newLayer(sim: SimState, stage: Stage, ins: Instruction): LayerSim {
  const layer: LayerSim = {
    id: sim.layers.length,
    stageIndex: stage.index,
    instruction: ins,
    line: ins.range.start.line,
    keyword: ins.keyword,
    createsLayer: ins.keyword === 'FROM' ? false : ins.createsLayer,
    buildahLayer: ins.keyword === 'RUN' || ins.keyword === 'COPY' || ins.keyword === 'ADD',
    versions: [],
    unknowns: [],
    estimates: [],
    notes: [],
    unknownHides: [],
  };
  sim.layers.push(layer);
  return layer;
}

function initStage(stage: Stage, sim: SimState, fromLayer: LayerSim): StageState {
  const common = { index: stage.index, layers: [fromLayer] };
  if (stage.parentStage !== null && sim.stages[stage.parentStage]) {
    const p = sim.stages[stage.parentStage];
    return {
      ...common,
      fs: p.fs.clone(),
      family: p.family,
      baseRef: p.baseRef,
      installed: p.installed ? new Set(p.installed) : null,
      manual: new Set(p.manual),
      markUncertain: p.markUncertain,
      aptStateBase: p.aptStateBase,
      packageBlobs: new Map(p.packageBlobs),
      aptInstalls: p.aptInstalls.map((r) => ({ ...r })),
      apkBlobs: new Map(p.apkBlobs),
      user: p.user,
      workdir: p.workdir,
      baseEnv: p.baseEnv,
      chain: [...p.chain, fromLayer],
      base: { image: `stage:${p.index}`, size: totalsOfChain(p), source: `stage ${stage.base.text}` },
      rootBase: p.rootBase,
    };
  }
  const ref = stage.base;
  const family = imageFamily(ref);
  const scratch = family === 'scratch';
  const root = newDir(scratch);
  const fs = new Filesystem(root, new Map(), scratch ? new Set() : STANDARD_DIRS);
  let rootBase: BaseInfo;
  let installed: Set<string> | null = null;
  if (scratch) rootBase = { image: 'scratch', size: exact(0), source: 'scratch is empty' };
  else if (ref.dynamic || ref.text.trim() === '') rootBase = { image: ref.text, size: UNKNOWN, source: 'the base image name holds a variable with no value' };
  else {
    const info = sim.estimator.lookupBaseImage(ref.text);
    const size: Size = info.contentBytes === null ? UNKNOWN : { bytes: info.contentBytes, confidence: info.confidence };
    rootBase = { image: info.image, size, source: info.source };
    installed = info.packages ? new Set(info.packages) : null;
  }
  const st: StageState = {
    ...common,
    fs,
    family,
    baseRef: scratch ? '' : ref.text,
    installed,
    manual: new Set(),
    markUncertain: false,
    aptStateBase: new Map(),
    packageBlobs: new Map(),
    aptInstalls: [],
    apkBlobs: new Map(),
    user: null,
    workdir: '/',
    baseEnv: imageEnv(ref),
    chain: [fromLayer],
    base: rootBase,
    rootBase,
  };
  seedBaseFiles(st, sim, fromLayer);
  return st;
}

/** Put the base image's known files (apt snippets, account files, dpkg state) and known-empty folders in place. */
function seedBaseFiles(st: StageState, sim: SimState, fromLayer: LayerSim): void {
  const w = new LayerWriter(st.fs, fromLayer);
  for (const dir of knownEmptyDirs(st.family)) {
    const d = w.mkdir(dir);
    d.complete = true;
  }
  for (const f of knownFiles(st.family)) w.writeFile(f.path, f.bytes === null ? UNKNOWN : { bytes: f.bytes, confidence: 'estimated' }, { tool: 'FROM', owner: '0:0' });
  if (st.family === 'debian' && st.baseRef) {
    for (const f of sim.estimator.aptStateFiles(st.baseRef)) {
      w.writeFile(f.path, { bytes: f.bytes, confidence: 'estimated' }, { tool: 'FROM', owner: '0:0' });
      st.aptStateBase.set(f.path, f.bytes);
    }
  }
  // Parent folders created on the way belong to the base image: their listings are not complete.
  markIncomplete(st.fs, knownEmptyDirs(st.family));
}

function markIncomplete(fs: Filesystem, keep: string[]): void {
  // An explicit stack, not recursion: a WORKDIR 50,000 folders deep must not overflow the call stack.
  const root = fs.lookup('/');
  if (!root || root.type !== 'dir') return;
  const stack: [string, typeof root][] = [['/', root]];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const [path, n] = item;
    if (!keep.includes(path)) n.complete = false;
    for (const [name, child] of n.children) if (child.type === 'dir') stack.push([joinPath(path, name), child]);
  }
}

function simulateStage(stage: Stage, sim: SimState): StageState {
  const fromLayer = newLayer(sim, stage, stage.from);
  const st = initStage(stage, sim, fromLayer);
  const resolve = (ref: string): StageState | null => {
    const idx = resolveStageRef(sim.model, ref, stage.index);
    return idx === null ? null : (sim.stages[idx] ?? null);
  };
  for (const ins of stage.instructions) {
    if (ins === stage.from) continue;
    const layer = newLayer(sim, stage, ins);
    st.layers.push(layer);
    st.chain.push(layer);
    applyInstruction(ins, sim, st, layer, resolve);
  }
  return st;
}

function argText(ins: Instruction): string {
  const a = ins.args[0]?.expanded ?? '';
  return a.length >= 2 && (a.startsWith('"') || a.startsWith("'")) && a.endsWith(a[0]) ? a.slice(1, -1) : a;
}

function applyInstruction(ins: Instruction, sim: SimState, st: StageState, layer: LayerSim, resolve: (ref: string) => StageState | null): void {
  const w = new LayerWriter(st.fs, layer);
  switch (ins.keyword) {
    case 'RUN': {
      if (!ins.script) {
        layer.unknowns.push('the RUN is not a POSIX shell script (SHELL or exec form): not simulated');
        return;
      }
      const mounts = mountsOf(ins, { sim, stage: st, workdir: st.workdir }, resolve);
      const rc = new RunContext(sim, st, ins, w, mounts);
      runScript(ins.script, rc);
      if (ins.script.errors.length > 0) layer.unknowns.push('part of the shell script could not be parsed: what it writes is not fully known');
      return;
    }
    case 'COPY':
    case 'ADD':
      applyCopy(ins, sim, st, w, resolve);
      return;
    case 'WORKDIR': {
      const dir = argText(ins);
      if (!dir) return;
      const path = resolvePath(st.workdir, dir);
      if (!/[$]/.test(dir)) w.mkdir(path, { mode: 0o755, owner: st.user === null ? '0:0' : st.user });
      st.workdir = path;
      return;
    }
    case 'USER': {
      const u = argText(ins);
      st.user = u === '' || u === 'root' || u === '0' || u === '0:0' || u === 'root:root' ? null : u;
      return;
    }
    default:
      return;
  }
}

/** Size of what a layer stores, and how far to trust it. */
export function layerSize(layer: LayerSim): Size {
  if (layer.keyword === 'FROM') return exact(0);
  const s = sumSizes(layer.versions.filter((v) => !v.dropped).map((v) => v.size));
  let confidence = s.confidence;
  if (layer.estimates.length > 0) confidence = minConfidence(confidence, 'estimated');
  if (layer.unknowns.length > 0) confidence = 'unknown';
  return { bytes: s.bytes, confidence };
}

/** Hidden bytes a layer carries (its copies that later layers of the chain hid). */
export function layerWaste(layer: LayerSim, hidden: ReadonlyMap<FileVersion, Hidden>): Size {
  return sumSizes([...hidden.values()].filter((h) => h.version.layer === layer && !h.version.dropped).map((h) => h.version.size));
}

function totalsOfChain(st: StageState): Size {
  return sumSizes([st.rootBase.size, ...st.chain.map(layerSize)]);
}

function wasteEntries(st: StageState): WasteEntry[] {
  const groups = new Map<string, WasteEntry>();
  for (const h of st.fs.hidden.values()) {
    const v = h.version;
    if (v.dropped) continue;
    const key = `${h.operand}\0${v.layer.id}\0${h.by.id}\0${h.kind}`;
    let e = groups.get(key);
    if (!e) {
      e = { path: h.operand, size: exact(0), addedLine: v.layer.line, removedLine: h.by.line, kind: h.kind, addedBy: v.layer, removedBy: h.by, packages: v.packages !== null && v.kind === 'blob', secret: false, avoidable: v.avoidable };
      groups.set(key, e);
    }
    e.size = sumSizes([e.size, v.size]);
    if (v.secret) e.secret = true;
    if (v.avoidable && !e.avoidable) e.avoidable = v.avoidable;
  }
  return [...groups.values()].sort((a, b) => b.size.bytes - a.size.bytes || a.addedLine - b.addedLine || compareText(a.path, b.path));
}

function avoidableEntries(st: StageState): AvoidableEntry[] {
  const groups = new Map<string, AvoidableEntry>();
  // An explicit stack, not recursion (deep folder chains must not overflow the call stack).
  const visit = (start: string): void => {
    const first = st.fs.lookup(start, false);
    if (!first || first.type !== 'dir') return;
    const stack: [string, typeof first][] = [[start, first]];
    for (let item = stack.pop(); item; item = stack.pop()) {
      const [dirPath, node] = item;
      for (const b of node.blobs) add(b, dirPath);
      for (const [name, child] of node.children) {
        const p = joinPath(dirPath, name);
        if (child.type === 'dir') stack.push([p, child]);
        else if (child.type === 'file') add(child.version, dirname(p));
      }
    }
  };
  const add = (v: FileVersion, dir: string): void => {
    if (!v.avoidable || v.layer.keyword === 'FROM') return;
    const path = v.avoidable === 'build-tools' ? 'dpkg:' : dir;
    const key = `${v.avoidable}\0${v.layer.id}\0${path}`;
    let e = groups.get(key);
    if (!e) {
      e = { path, size: exact(0), line: v.layer.line, kind: v.avoidable, layer: v.layer, tool: v.tool };
      groups.set(key, e);
    }
    e.size = sumSizes([e.size, v.size]);
    if (v.avoidable === 'build-tools') e.path = `${e.path === 'dpkg:' ? 'dpkg:' : e.path + ','}${(v.packages ?? [v.label ?? '?']).join(',')}`;
  };
  visit('/');
  return [...groups.values()].map((e) => (e.kind === 'build-tools' ? { ...e, path: compactPackages(e.path) } : e)).sort((a, b) => b.size.bytes - a.size.bytes || a.line - b.line);
}

function compactPackages(path: string): string {
  const names = path.replace(/^dpkg:/, '').split(',');
  return names.length <= 4 ? `dpkg:${names.join(',')}` : `dpkg:${names.slice(0, 3).join(',')} (+${names.length - 3} packages)`;
}

function summarizeStage(st: StageState, stage: Stage): StageSim {
  const waste = wasteEntries(st);
  const avoidable = avoidableEntries(st);
  const base = st.rootBase.size;
  const added = sumSizes(st.chain.filter((l) => l.keyword !== 'FROM').map(layerSize));
  let wasted = sumSizes(waste.map((e) => e.size));
  if (st.chain.some((l) => l.unknownHides.length > 0)) wasted = { ...wasted, confidence: 'unknown' };
  const avoidableSize = sumSizes(avoidable.map((e) => e.size));
  const total = sumSizes([base, added]);
  const confidence: Confidence = lowestConfidence([base.confidence, added.confidence, wasted.confidence]);
  const totals: ImageTotals = { base, added, total, wasted, avoidable: avoidableSize, confidence };
  return { index: st.index, name: stage.name, base: st.base, rootBase: st.rootBase, layers: st.layers, chain: st.chain, waste, avoidable, totals, hidden: st.fs.hidden };
}
