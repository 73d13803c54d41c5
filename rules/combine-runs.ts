import { defineRule } from '../src/engine/api';
import { adjacentRuns, bytesText, onlyDeletes, pathList, sumBytes, targetStage } from '../src/simulate/findings';
import type { LayerSim, WasteEntry } from '../src/simulate/types';

/**
 * Two neighbouring RUNs where the second deletes, rewrites or re-permissions what the first wrote: as one RUN the
 * hidden copies would never be stored. Reports the saving and shows the combined RUN.
 */
export default defineRule({
  meta: {
    id: 'combine-runs',
    aliases: [],
    severity: 'info',
    category: 'layer-cost',
    fixable: false,
    description: 'Combining neighbouring RUNs would keep bytes out of the image',
    messages: {
      combine: 'Combining this RUN with the RUN on line {{line}} would save {{bytes}}: {{paths}} written there are {{verb}} here',
    },
    optionsSchema: { type: 'object', properties: { minBytes: { type: 'integer', minimum: 0 } }, additionalProperties: false },
  },
  create(context) {
    const minBytes = typeof context.settings.options['minBytes'] === 'number' ? context.settings.options['minBytes'] : 1024 * 1024;
    return {
      fileEnd() {
        const stage = targetStage(context.analyses.simulation());
        if (!stage) return;
        const pairs = new Map<LayerSim, { first: LayerSim; entries: WasteEntry[] }>();
        for (const e of stage.waste) {
          // apt lists are apt-lists-not-cleaned's (DL3009), reported where they are written.
          if (!adjacentRuns(e.addedBy, e.removedBy) || e.secret || e.packages || e.avoidable === 'apt-lists') continue;
          const p = pairs.get(e.removedBy) ?? { first: e.addedBy, entries: [] };
          p.entries.push(e);
          pairs.set(e.removedBy, p);
        }
        for (const [second, { first, entries }] of pairs) {
          if (onlyDeletes(second.instruction).ok) continue;
          const size = sumBytes(entries);
          if (size.bytes < minBytes || size.bytes === 0) continue;
          const kinds = new Set(entries.map((e) => e.kind));
          const verb = kinds.size > 1 ? 'deleted or rewritten' : kinds.has('deleted-later') ? 'deleted' : kinds.has('metadata-copy-up') ? 'copied again by chmod/chown/mv' : 'rewritten';
          const a = first.instruction;
          const b = second.instruction;
          const suggestion = a.form === 'shell' && b.form === 'shell' && a.heredocs.length === 0 && b.heredocs.length === 0 ? `RUN ${a.argsText.trim()} \\\n    && ${b.argsText.trim()}` : null;
          context.report({ messageId: 'combine', data: { line: first.line, bytes: bytesText(size), paths: pathList(entries), verb }, range: b.range, instruction: b, suggestion });
        }
      },
    };
  },
});
