import { defineRule } from '../src/engine/api';
import { humanBytes } from '../src/simulate/size';

/**
 * Without a `.dockerignore`, `COPY . .` puts everything in the build context into the image: the VCS history,
 * dependency folders built on the host, env files and keys. Needs the build context (`--context`).
 */
export default defineRule({
  meta: {
    id: 'missing-dockerignore',
    aliases: [],
    severity: 'warning',
    category: 'layer-cost',
    fixable: false,
    description: 'No .dockerignore while the build context holds files that should not reach the image',
    messages: {
      missing: 'There is no .dockerignore, and this {{keyword}} copies {{items}} into the image. Add a .dockerignore that leaves them out',
    },
  },
  create(context) {
    return {
      fileEnd() {
        const sim = context.analyses.simulation();
        if (!sim || !sim.context || sim.context.ignoreFile !== null || sim.context.notable.length === 0) return;
        for (const st of sim.stages) {
          if (!sim.shipped.has(st.index)) continue;
          for (const layer of st.layers) {
            if (layer.keyword !== 'COPY' && layer.keyword !== 'ADD') continue;
            const origins = layer.versions.map((v) => v.origin).filter((o): o is string => o !== null);
            const hits = sim.context.notable.filter((n) => origins.some((o) => o === n.path || o.startsWith(n.path + '/')));
            if (hits.length === 0) continue;
            const items = hits.slice(0, 4).map((h) => `${h.path}${h.reason === 'secret' ? ' (secret-looking)' : ` (${humanBytes(h.bytes)})`}`).join(', ') + (hits.length > 4 ? ` and ${hits.length - 4} more` : '');
            const ignore = hits.map((h) => h.path).join('\n');
            context.report({ messageId: 'missing', data: { keyword: layer.keyword, items }, range: layer.instruction.range, instruction: layer.instruction, suggestion: `# .dockerignore\n${ignore}` });
          }
        }
      },
    };
  },
});
