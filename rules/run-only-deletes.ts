import { defineRule } from '../src/engine/api';
import { bytesText, onlyDeletes, sumBytes, targetStage, wasteRemovedBy } from '../src/simulate/findings';

/**
 * A RUN that only deletes files frees nothing: the bytes stay in the layer that added them, and this RUN adds a
 * layer of whiteouts on top. The layer simulation says how many bytes the deletion leaves behind.
 */
export default defineRule({
  meta: {
    id: 'run-only-deletes',
    aliases: [],
    severity: 'warning',
    category: 'layer-cost',
    fixable: false,
    description: 'A RUN that only deletes files does not make the image smaller',
    messages: {
      onlyDeletes: 'This RUN only deletes files ({{paths}}); the bytes stay in the earlier layer that added them. Delete them in the RUN that creates them',
      withBytes: 'This RUN only deletes files ({{paths}}) and frees nothing: {{bytes}} stay in the layers of line {{lines}}. Delete them in the RUN that creates them',
      nothingKnown: 'This RUN only deletes files ({{paths}}) and frees nothing: whatever they hold stays in the layer that added it (here: the base image or an unmodelled command). Delete them where they are created',
    },
  },
  create(context) {
    return {
      RUN(ins) {
        // Only the shipped stages matter: deleting in a build stage before `COPY --from` is good practice.
        const model = context.model;
        if (ins.stageIndex !== model.targetStage && !model.stages.some((s) => s.parentStage === ins.stageIndex)) return;
        const { deletes, ok } = onlyDeletes(ins);
        if (!ok) return;
        const paths = deletes.flatMap((c) => c.args.filter((a) => !a.value.startsWith('-')).map((a) => a.value)).slice(0, 4).join(' ') || 'apt caches';
        const sim = context.analyses.simulation();
        const layer = sim?.layerOf(ins);
        const stage = targetStage(sim);
        if (!sim || !layer || !stage || !sim.shipped.has(ins.stageIndex)) {
          context.report({ messageId: 'onlyDeletes', data: { paths }, range: ins.range });
          return;
        }
        const hidden = wasteRemovedBy(stage, layer);
        const size = sumBytes(hidden);
        if (hidden.length === 0 || (size.bytes === 0 && size.confidence !== 'unknown')) {
          context.report({ messageId: 'nothingKnown', data: { paths }, range: ins.range });
          return;
        }
        const lines = [...new Set(hidden.map((h) => h.addedLine))].sort((a, b) => a - b).join(', ');
        context.report({ messageId: 'withBytes', data: { paths, bytes: bytesText(size), lines }, range: ins.range });
      },
    };
  },
});
