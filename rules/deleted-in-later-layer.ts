import { defineRule } from '../src/engine/api';
import { adjacentRuns, bytesText, groupWaste, isStateRewrite, onlyDeletes, pathList, significant, sumBytes, targetStage } from '../src/simulate/findings';
import type { LayerSim } from '../src/simulate/types';

/**
 * Files one layer adds and a later layer deletes or overwrites stay in the earlier layer: the image carries them
 * but cannot show them. Reported on the instruction that hides them, with the bytes and the line that added them.
 * Left to other rules: caches (package-cache-in-layer), secrets (secret-deleted-later), chmod/chown/mv copies
 * (metadata-copy-up), neighbouring RUNs (combine-runs), RUNs that only delete (run-only-deletes), and the state
 * files every package install rewrites.
 */
export default defineRule({
  meta: {
    id: 'deleted-in-later-layer',
    aliases: [],
    severity: 'warning',
    category: 'layer-cost',
    fixable: false,
    description: 'Files added in one layer and deleted or overwritten in a later one still ship in the image',
    messages: {
      deleted: '{{paths}} ({{bytes}}), added in line {{added}}, is deleted here, but its bytes stay in that layer. {{advice}}',
      overwritten: '{{paths}} ({{bytes}}), added in line {{added}}, is overwritten here; the old copy stays in that layer. {{advice}}',
      purged: 'Removing packages installed in line {{added}} frees nothing: {{bytes}} ({{paths}}) stay in that layer. Install, use and purge them in one RUN, or build in a separate stage',
    },
    optionsSchema: { type: 'object', properties: { minBytes: { type: 'integer', minimum: 0 } }, additionalProperties: false },
  },
  create(context) {
    const minBytes = typeof context.settings.options['minBytes'] === 'number' ? context.settings.options['minBytes'] : 1024 * 1024;
    return {
      fileEnd() {
        const sim = context.analyses.simulation();
        const stage = targetStage(sim);
        if (!stage) return;
        const kept = stage.waste.filter((e) => {
          if (e.kind === 'metadata-copy-up' || e.secret || e.avoidable === 'package-cache' || e.avoidable === 'apt-lists' || isStateRewrite(e)) return false;
          if (e.removedBy.keyword === 'RUN' && onlyDeletes(e.removedBy.instruction).ok) return false;
          return !(adjacentRuns(e.addedBy, e.removedBy) && !e.packages);
        });
        const groups = groupWaste(kept, (e) => `${e.kind}:${e.packages}`);
        for (const g of groups) {
          const size = sumBytes(g.entries);
          const fromContext = g.added.keyword === 'COPY' || g.added.keyword === 'ADD';
          if (!significant(size, minBytes) || (size.confidence === 'unknown' && size.bytes === 0 && !fromContext && !g.entries[0].packages)) continue;
          const first = g.entries[0];
          const data = { paths: pathList(g.entries), bytes: bytesText(size), added: g.added.line, advice: advice(g.added, g.removed) };
          const messageId = first.packages ? 'purged' : first.kind === 'deleted-later' ? 'deleted' : 'overwritten';
          context.report({ messageId, data, range: g.removed.instruction.range, instruction: g.removed.instruction, suggestion: suggestion(g.added, g.removed) });
        }
      },
    };
  },
});

function advice(added: LayerSim, removed: LayerSim): string {
  if (added.keyword === 'COPY' || added.keyword === 'ADD') return `If the file is only needed while building, mount it instead of copying it (RUN --mount=type=bind,source=...,target=...), or use it in a build stage`;
  if (added.keyword === 'RUN' && removed.keyword === 'RUN') return `Delete it in the RUN on line ${added.line} that creates it, or create it in a build stage and copy out only what you need`;
  return 'Create it in a build stage and copy out only what the image needs';
}

function suggestion(added: LayerSim, removed: LayerSim): string | null {
  const a = added.instruction;
  const r = removed.instruction;
  if (added.keyword === 'COPY' && removed.keyword === 'RUN' && a.form === 'shell' && a.args.length === 2 && a.flags.length === 0 && r.form === 'shell' && r.heredocs.length === 0) {
    const src = a.args[0].raw;
    const dest = a.args[1].raw;
    return `RUN --mount=type=bind,source=${src},target=${dest} \\\n    ${r.argsText.trim()}`;
  }
  return null;
}
