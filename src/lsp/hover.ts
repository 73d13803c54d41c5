import { MarkupKind, type MarkupContent } from 'vscode-languageserver';
import type { CostReport, LayerCost } from '../format/layer-costs';
import { formatBytes } from '../format/layer-costs';
import type { DockerfileModel, Instruction } from '../model/types';

/** Hover text for an instruction: whether it creates a layer, and the predicted size and waste when known. */
export function instructionHover(model: DockerfileModel, ins: Instruction, costs: CostReport | null, simulationAvailable: boolean): MarkupContent {
  const lines: string[] = [];
  const stage = ins.stageIndex >= 0 ? model.stages[ins.stageIndex] : null;
  const where = stage ? ` (stage ${stage.index}${stage.nameRaw ? ` \`${stage.nameRaw}\`` : ''})` : '';
  if (ins.keyword === 'FROM' && stage) {
    lines.push(`**FROM**${where} starts from \`${stage.base.text}\`; its layers are the base image's.`);
  } else if (ins.createsLayer) {
    lines.push(`**${ins.keyword}**${where} creates a filesystem layer.`);
  } else {
    lines.push(`**${ins.keyword}**${where} creates no filesystem layer (it changes only the image configuration${ins.onbuildParent ? ', or runs in images built FROM this one' : ''}).`);
  }
  const reachable = !stage || model.reachableStages.has(stage.index);
  if (!reachable) lines.push('', `This stage is not built for the target stage, so it adds nothing to the image.`);
  const cost = costs ? layerOf(costs, ins) : null;
  if (cost) lines.push('', layerLine(cost));
  else if (ins.createsLayer && !simulationAvailable) lines.push('', '_No size prediction: the layer simulation is not available in this build._');
  else if (ins.createsLayer && reachable && ins.keyword !== 'FROM') lines.push('', '_No size prediction for this layer._');
  if (costs && costs.imageBytes !== null && ins.keyword === 'FROM') lines.push('', `Predicted image size: **${formatBytes(costs.imageBytes)}**.`);
  return { kind: MarkupKind.Markdown, value: lines.join('\n') };
}

export function layerOf(costs: CostReport, ins: Instruction): LayerCost | null {
  return costs.layers.find((l) => l.instruction === ins.index) ?? null;
}

export function layerLine(cost: LayerCost): string {
  const waste = cost.wastedBytes !== null && cost.wastedBytes > 0 ? `, of which **${formatBytes(cost.wastedBytes)}** is wasted (deleted or overwritten later)` : '';
  return `Predicted layer size: **${formatBytes(cost.bytes)}**${waste}.`;
}

/** Inlay-hint label after an instruction that creates a layer. */
export function layerHintLabel(cost: LayerCost): string {
  const waste = cost.wastedBytes !== null && cost.wastedBytes > 0 ? ` (${formatBytes(cost.wastedBytes)} wasted)` : '';
  return `≈ ${formatBytes(cost.bytes)}${waste}`;
}
