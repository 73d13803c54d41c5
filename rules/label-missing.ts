import { defineRule } from '../src/engine/api';
import { resolveStageRef } from '../src/model/build';
import { labelPairs } from '../src/model/query/labels';
import type { DockerfileModel, Stage } from '../src/model/types';

/**
 * Every label named in `labelSchema` should be set (hadolint DL3049). A stage has a label when it sets it or is
 * built FROM a stage that has it. Stages that only feed other stages are not reported: one used by `COPY --from`
 * or `RUN --mount from=`, and one that a labelled stage is built FROM (directly or further down the chain).
 */
export default defineRule({
  meta: {
    id: 'label-missing',
    aliases: ['DL3049'],
    severity: 'info',
    category: 'maintainability',
    fixable: false,
    description: 'A label required by the label schema is missing',
    messages: { missing: 'Label `{{label}}` is missing in this stage' },
  },
  create(context) {
    const labels = Object.keys(context.settings.labelSchema);
    if (labels.length === 0) return {};
    return {
      fileEnd(model) {
        const used = stagesUsedByOthers(model);
        for (const label of labels) {
          for (const stage of stagesMissing(model, label, used)) {
            context.report({ messageId: 'missing', data: { label }, range: stage.from.range, instruction: stage.from });
          }
        }
      },
    };
  },
});

/** Stages whose files another stage takes (`COPY --from`, `RUN --mount from=`). */
function stagesUsedByOthers(model: DockerfileModel): Set<number> {
  const used = new Set<number>();
  for (const ins of model.instructions) {
    for (const f of ins.flags) {
      const ref = ins.keyword === 'COPY' && f.name === 'from' ? f.expanded : ins.keyword === 'RUN' && f.name === 'mount' ? (f.options['from'] ?? null) : null;
      if (!ref || ins.stageIndex < 0) continue;
      const dep = resolveStageRef(model, ref, ins.stageIndex);
      if (dep !== null) used.add(dep);
    }
  }
  return used;
}

function stagesMissing(model: DockerfileModel, label: string, used: ReadonlySet<number>): Stage[] {
  const has: boolean[] = [];
  for (const stage of model.stages) {
    const sets = stage.instructions.some((ins) => ins.keyword === 'LABEL' && labelPairs(model, ins).some((p) => p.key === label));
    has[stage.index] = sets || (stage.parentStage !== null && has[stage.parentStage]);
  }
  // A labelled stage makes the chain of stages it is built FROM intermediate.
  const feeders = new Set<number>();
  for (const stage of model.stages) {
    if (!has[stage.index]) continue;
    for (let p = stage.parentStage; p !== null && !feeders.has(p); p = model.stages[p].parentStage) feeders.add(p);
  }
  return model.stages.filter((s) => !has[s.index] && !used.has(s.index) && !feeders.has(s.index));
}
