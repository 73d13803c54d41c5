import type { DockerfileModel, Instruction } from '../types';

/**
 * Does what this instruction leaves in its layer reach an image someone runs? True for the built stage (the chosen
 * target, else the last one), a stage another stage is built FROM, instructions before the first FROM, and ONBUILD triggers (they run
 * in whatever image builds on this one). A stage that is only copied from does not ship its layers.
 */
export function layerShips(model: DockerfileModel, ins: Instruction): boolean {
  if (ins.onbuildParent) return true;
  const s = ins.stageIndex;
  if (s < 0) return true;
  const shipped = model.targetStage >= 0 ? model.targetStage : model.stages.length - 1;
  return s === shipped || model.stages.some((st) => st.parentStage === s);
}

/**
 * Names declared by ARG anywhere before this instruction, or by ENV in its stage (inherited ENV included): a
 * `${NAME}` of one of these is something the author controls, such as a version that a bot keeps up to date.
 */
export function declaredNames(model: DockerfileModel, ins: Instruction): Set<string> {
  const names = new Set<string>();
  for (const [name, b] of ins.scope) if (b.kind === 'env' || b.kind === 'arg' || b.kind === 'build-arg') names.add(name);
  const at = ins.onbuildParent ? ins.onbuildParent.index : ins.index;
  for (const i of model.instructions) {
    if (i.index >= at) break;
    if (i.keyword !== 'ARG') continue;
    for (const a of i.args) names.add(a.raw.split('=')[0]);
  }
  return names;
}
