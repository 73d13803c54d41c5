import type { Instruction } from '../model/types';
import { allEffective } from '../model/shell-query';
import { formatSize, humanBytes, type Size } from './size';
import type { LayerSim, Simulation, StageSim, WasteEntry } from './types';

/** Helpers the layer-cost rules share: which findings belong to which rule, and how bytes are shown. */

/** The stage whose image is built (its chain's waste and avoidable bytes are what ships). */
export function targetStage(sim: Simulation | null): StageSim | null {
  if (!sim || sim.target < 0) return null;
  return sim.stages[sim.target] ?? null;
}

/** Bytes as a message shows them: `12.3MB`, `~19.9MB`, `at least 1.2MB`, `an unknown number of bytes`. */
export function bytesText(size: Size): string {
  if (size.confidence === 'unknown') return size.bytes > 0 ? `at least ${humanBytes(size.bytes)}` : 'an unknown number of bytes';
  return formatSize(size);
}

/** Worth reporting: some bytes, or an unknown amount. */
export function significant(size: Size, minBytes: number): boolean {
  if (size.confidence === 'unknown' && size.bytes === 0) return true;
  return size.bytes >= minBytes && size.bytes > 0;
}

const HARMLESS = new Set(['set', 'true', ':', 'echo']);

/** A RUN whose commands only delete (rm, rmdir, apt-get clean) — what `run-only-deletes` reports. */
export function onlyDeletes(ins: Instruction): { deletes: ReturnType<typeof allEffective>; ok: boolean } {
  const cmds = allEffective(ins).filter((c) => !c.cmd.inSubstitution);
  if (cmds.length === 0 || ins.form === 'exec') return { deletes: [], ok: false };
  const deletes = cmds.filter((c) => c.name === 'rm' || c.name === 'rmdir' || (c.name === 'apt-get' && c.args[0]?.value === 'clean'));
  const harmless = cmds.filter((c) => HARMLESS.has(c.name) && c.cmd.redirects.length === 0);
  const ok = deletes.length > 0 && deletes.length + harmless.length === cmds.length;
  return { deletes, ok };
}

function flagKey(ins: Instruction): string {
  return ins.flags.map((f) => `${f.name}=${f.value ?? ''}`).sort().join(' ');
}

/** Two RUNs next to each other in a stage, with the same flags: they could be one RUN. */
export function adjacentRuns(a: LayerSim, b: LayerSim): boolean {
  if (a.keyword !== 'RUN' || b.keyword !== 'RUN' || a.stageIndex !== b.stageIndex) return false;
  if (b.id !== a.id + 1) return false;
  return flagKey(a.instruction) === flagKey(b.instruction);
}

/** Package-manager state that every install rewrites (dpkg status, debconf, ld.so.cache, account files). */
export function isStateRewrite(e: WasteEntry): boolean {
  return e.kind === 'overwritten-later' && /^(\/var\/lib\/dpkg\/|\/var\/cache\/debconf\/|\/etc\/ld\.so\.cache|\/var\/log\/apt\/|\/var\/lib\/apt\/extended_states|\/etc\/(passwd|shadow|group|gshadow)-?$)/.test(e.path);
}

/** Waste entries of the target chain removed by one instruction. */
export function wasteRemovedBy(stage: StageSim, layer: LayerSim): WasteEntry[] {
  return stage.waste.filter((w) => w.removedBy === layer);
}

/** Waste entries grouped by the layer that added them and the one that hid them (plus `extraKey`), in first-seen order. */
export function groupWaste(entries: Iterable<WasteEntry>, extraKey: (e: WasteEntry) => string = () => ''): { added: LayerSim; removed: LayerSim; entries: WasteEntry[] }[] {
  const groups = new Map<string, { added: LayerSim; removed: LayerSim; entries: WasteEntry[] }>();
  for (const e of entries) {
    const key = `${e.addedBy.id}:${e.removedBy.id}:${extraKey(e)}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { added: e.addedBy, removed: e.removedBy, entries: [] }));
    g.entries.push(e);
  }
  return [...groups.values()];
}

export function sumBytes(entries: readonly { size: Size }[]): Size {
  let bytes = 0;
  let confidence: Size['confidence'] = 'exact';
  for (const e of entries) {
    bytes += e.size.bytes;
    if (e.size.confidence === 'unknown') confidence = 'unknown';
    else if (e.size.confidence === 'estimated' && confidence === 'exact') confidence = 'estimated';
  }
  return { bytes, confidence };
}

/** Paths of waste entries for a message: a few, then a count. */
export function pathList(entries: readonly { path: string }[], max = 3): string {
  const names = [...new Set(entries.map((e) => e.path))];
  return names.length <= max ? names.join(', ') : `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}
