import { defineRule } from '../src/engine/api';
import { trimQuotes } from '../src/engine/rule-text';
import { resolveStageRef } from '../src/model/build';
import type { DockerfileModel } from '../src/model/types';

/**
 * `COPY --from=<stage> / /` copies another image's entire filesystem over this one, package databases and all
 * (hadolint DL3067). Copy the folders that are needed instead. A stage built FROM scratch holds only what it
 * produced, so copying all of it is fine.
 */
export default defineRule({
  meta: {
    id: 'copy-whole-filesystem',
    aliases: ['DL3067'],
    severity: 'warning',
    category: 'layer-cost',
    fixable: false,
    description: 'Do not copy an entire filesystem from another stage',
    messages: { whole: 'COPY --from={{from}} / / copies the entire filesystem of {{from}}; copy only the folders you need' },
  },
  create(context) {
    return {
      COPY(ins) {
        const from = ins.flags.find((f) => f.name === 'from');
        if (!from || from.value === null || ins.heredocs.length > 0) return;
        const words = (ins.form === 'exec' && ins.execArgs ? ins.execArgs : ins.args.map((a) => a.raw)).map(trimQuotes);
        if (words.length < 2) return;
        const dest = words[words.length - 1];
        if (dest !== '/' || !words.slice(0, -1).includes('/')) return;
        if (startsFromScratch(context.model, ins.stageIndex, from.expanded ?? from.value)) return;
        context.report({ messageId: 'whole', data: { from: from.expanded ?? from.value }, range: ins.range });
      },
    };
  },
});

/** Does `--from` name a stage whose FROM chain starts at `scratch`? */
function startsFromScratch(model: DockerfileModel, stageIndex: number, ref: string): boolean {
  let i = stageIndex >= 0 ? resolveStageRef(model, ref, stageIndex) : null;
  while (i !== null) {
    const stage = model.stages[i];
    if (stage.parentStage === null) return stage.base.registry === null && stage.base.name === 'scratch';
    i = stage.parentStage;
  }
  return false;
}
