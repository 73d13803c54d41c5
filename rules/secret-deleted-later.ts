import { defineRule } from '../src/engine/api';
import { targetStage } from '../src/simulate/findings';

/**
 * A key, token or credentials file written into one layer and deleted in a later one is still in the image: anyone
 * with the image can read it from the earlier layer. Use a secret mount, which never enters a layer.
 */
export default defineRule({
  meta: {
    id: 'secret-deleted-later',
    aliases: [],
    severity: 'error',
    category: 'security',
    fixable: false,
    description: 'A secret file is deleted in a later layer but stays readable in the image',
    messages: {
      secret: '{{path}} holds a secret-looking file (key, token or credentials); line {{removed}} deletes or replaces it, but it stays readable in this layer of the image. Use RUN --mount=type=secret (or an SSH mount) instead of writing it into a layer',
    },
  },
  create(context) {
    return {
      fileEnd() {
        const stage = targetStage(context.analyses.simulation());
        if (!stage) return;
        const seen = new Set<string>();
        for (const w of stage.waste) {
          if (!w.secret) continue;
          // A chmod/chown copy-up keeps the secret visible, unless that new copy is deleted too.
          if (w.kind === 'metadata-copy-up') {
            const copies = w.removedBy.versions.filter((v) => v.secret && (v.path === w.path || v.path.startsWith(w.path + '/')));
            if (!copies.some((v) => v.dropped || stage.hidden.has(v))) continue;
          }
          const ins = w.addedBy.instruction;
          const key = `${ins.index}:${w.path}`;
          if (seen.has(key)) continue;
          seen.add(key);
          context.report({ messageId: 'secret', data: { path: w.path, removed: w.removedLine }, range: ins.range, instruction: ins });
        }
      },
    };
  },
});
