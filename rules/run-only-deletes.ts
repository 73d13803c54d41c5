import { defineRule } from '../src/engine/api';
import { allEffective } from '../src/model/shell-query';

/**
 * A RUN that only deletes files frees nothing: the bytes stay in the layer that added them, and this RUN adds a
 * layer of whiteouts on top. Delete in the same RUN that created the files, or in a build stage.
 */
export default defineRule({
  meta: {
    id: 'run-only-deletes',
    aliases: [],
    severity: 'warning',
    category: 'layer-cost',
    fixable: false,
    description: 'A RUN that only deletes files does not make the image smaller',
    messages: { onlyDeletes: 'This RUN only deletes files ({{paths}}); the bytes stay in the earlier layer that added them. Delete them in the RUN that creates them' },
  },
  create(context) {
    return {
      RUN(ins) {
        const cmds = allEffective(ins).filter((c) => !c.cmd.inSubstitution);
        if (cmds.length === 0 || ins.form === 'exec') return;
        const deletes = cmds.filter((c) => c.name === 'rm' || c.name === 'rmdir' || (c.name === 'apt-get' && c.args[0]?.value === 'clean'));
        // Only the shipped stages matter: deleting in a build stage before `COPY --from` is good practice.
        const model = context.model;
        if (ins.stageIndex !== model.targetStage && !model.stages.some((s) => s.parentStage === ins.stageIndex)) return;
        const harmless = new Set(['set', 'true', ':', 'echo']);
        const isHarmless = (c: (typeof cmds)[number]): boolean => harmless.has(c.name) && c.cmd.redirects.length === 0;
        if (deletes.length === 0 || deletes.length + cmds.filter(isHarmless).length !== cmds.length) return;
        const paths = deletes.flatMap((c) => c.args.filter((a) => !a.value.startsWith('-')).map((a) => a.value)).slice(0, 4).join(' ') || 'apt caches';
        context.report({ messageId: 'onlyDeletes', data: { paths }, range: ins.range });
      },
    };
  },
});
