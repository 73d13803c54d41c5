import type { DockerfileModel, Instruction } from '../model/types';
import { layerSize, layerWaste } from './simulate';
import type { Confidence } from './size';
import type { AvoidableKind, Simulation, StageSim, WasteKind } from './types';

/** The `layerlint cost --format json` document, version 1 (see docs/cost-json.md). */
export interface CostJson {
  version: 1;
  file: string;
  target: string | number | null;
  builder: string;
  contextRead: boolean;
  stages: CostStage[];
  image: CostImage | null;
  waste: CostWaste[];
  avoidable: CostAvoidable[];
}

export interface CostStage {
  index: number;
  name: string | null;
  base: { image: string; bytes: number; confidence: Confidence };
  layers: CostLayer[];
}

export interface CostLayer {
  line: number;
  instruction: string;
  createsLayer: boolean;
  buildahLayer: boolean;
  bytes: number;
  confidence: Confidence;
  wastedBytes: number;
  wastedConfidence: Confidence;
  reasons: string[];
  notes: string[];
}

export interface CostImage {
  baseBytes: number;
  addedBytes: number;
  totalBytes: number;
  wastedBytes: number;
  avoidableBytes: number;
  confidence: Confidence;
  baseConfidence: Confidence;
  addedConfidence: Confidence;
  wastedConfidence: Confidence;
  avoidableConfidence: Confidence;
}

export interface CostWaste {
  path: string;
  bytes: number;
  confidence: Confidence;
  addedLine: number;
  removedLine: number;
  kind: WasteKind;
}

export interface CostAvoidable {
  path: string;
  bytes: number;
  confidence: Confidence;
  line: number;
  kind: AvoidableKind;
}

/** The instruction as written (flags included, continuations joined, heredoc bodies left out), on one line. */
export function instructionText(model: DockerfileModel, ins: Instruction, max = 500): string {
  let end = ins.span.end;
  if (ins.heredocs.length > 0) end = Math.min(end, model.lines.lineEnd(model.lines.position(ins.span.start).line));
  const esc = model.escape.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
  const text = model.text.slice(ins.span.start, end).replace(/^[ \t]*#.*\r?\n/gm, '').replace(new RegExp(`${esc}\\r?\\n`, 'g'), ' ').replace(/\s+/g, ' ').trim();
  return text.length > max ? text.slice(0, max - 1) + '…' : text;
}

function stageJson(model: DockerfileModel, st: StageSim): CostStage {
  return {
    index: st.index,
    name: st.name,
    base: { image: st.base.image.startsWith('stage:') ? `stage:${model.stages[Number(st.base.image.slice(6))]?.name ?? st.base.image.slice(6)}` : st.base.image, bytes: st.base.size.bytes, confidence: st.base.size.confidence },
    layers: st.layers.map((l) => {
      const size = layerSize(l);
      const waste = layerWaste(l, st.hidden);
      return {
        line: l.line,
        instruction: instructionText(model, l.instruction),
        createsLayer: l.createsLayer,
        buildahLayer: l.buildahLayer,
        bytes: size.bytes,
        confidence: size.confidence,
        wastedBytes: waste.bytes,
        wastedConfidence: waste.confidence,
        reasons: [...l.unknowns, ...l.estimates],
        notes: [...l.notes],
      };
    }),
  };
}

export function costJson(model: DockerfileModel, sim: Simulation, file: string): CostJson {
  const target = sim.target >= 0 ? sim.stages[sim.target] : null;
  return {
    version: 1,
    file,
    target: target ? (target.name ?? target.index) : null,
    builder: model.builder,
    contextRead: sim.hasContext,
    stages: sim.stages.map((s) => stageJson(model, s)),
    image: target
      ? {
          baseBytes: target.totals.base.bytes,
          addedBytes: target.totals.added.bytes,
          totalBytes: target.totals.total.bytes,
          wastedBytes: target.totals.wasted.bytes,
          avoidableBytes: target.totals.avoidable.bytes,
          confidence: target.totals.confidence,
          baseConfidence: target.totals.base.confidence,
          addedConfidence: target.totals.added.confidence,
          wastedConfidence: target.totals.wasted.confidence,
          avoidableConfidence: target.totals.avoidable.confidence,
        }
      : null,
    waste: target ? target.waste.map((w) => ({ path: w.path, bytes: w.size.bytes, confidence: w.size.confidence, addedLine: w.addedLine, removedLine: w.removedLine, kind: w.kind })) : [],
    avoidable: target ? target.avoidable.map((a) => ({ path: a.path, bytes: a.size.bytes, confidence: a.size.confidence, line: a.line, kind: a.kind })) : [],
  };
}
