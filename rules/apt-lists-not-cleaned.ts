import { defineRule } from '../src/engine/api';
import { insertAt, safeFix } from '../src/engine/fix';
import { allEffective, APT_GET_OPTIONS_WITH_VALUE, subcommand } from '../src/model/shell-query';
import type { Instruction } from '../src/model/types';

/**
 * `apt-get update` leaves ~20 MB of package lists in the layer unless the same RUN removes them (hadolint DL3009).
 * Only stages that ship (the target, or a stage another stage builds FROM) are checked: a builder stage's lists
 * never reach the image.
 */
export default defineRule({
  meta: {
    id: 'apt-lists-not-cleaned',
    aliases: ['DL3009'],
    severity: 'info',
    category: 'layer-cost',
    fixable: true,
    onbuild: true,
    description: 'Delete the apt-get lists after installing something',
    messages: { lists: '`{{tool}} update` leaves the package lists (~20 MB) in this layer; remove /var/lib/apt/lists/* in the same RUN' },
  },
  create(context) {
    const model = context.model;
    // The built stage and the stages it is built FROM ship their layers; other stages' lists never reach the image.
    const shipped = (stageIndex: number): boolean => stageIndex === model.targetStage || model.stages.some((s) => s.parentStage === stageIndex);
    return {
      RUN(ins: Instruction) {
        if (ins.stageIndex >= 0 && !shipped(ins.stageIndex)) return;
        if (mountsLists(ins)) return;
        const cmds = allEffective(ins);
        const update = cmds.find((c) => ['apt-get', 'apt', 'aptitude'].includes(c.name) && subcommand(c.args, APT_GET_OPTIONS_WITH_VALUE)?.word.value === 'update');
        if (!update) return;
        const cleaned = cmds.some((c) => c.name === 'rm' && c.args.some((a) => /^\/var\/lib\/apt\/lists\/?(\*|\*\/?\*?)?$/.test(a.value) || a.value === '/var/lib/apt/lists/*'));
        if (cleaned) return;
        let fix = null;
        if (ins.script?.origin === 'shell' && ins.heredocs.length === 0) {
          // After the last top-level command: text after it may be a shell comment, which would swallow the rm.
          const top = ins.script.commands.filter((c) => !c.inSubstitution);
          const end = Math.max(...top.map((c) => c.span.end));
          fix = safeFix(insertAt(model, end, ` ${model.escape}\n    && rm -rf /var/lib/apt/lists/*`));
        }
        context.report({ messageId: 'lists', data: { tool: update.name }, range: model.lines.range(update.cmd.span), fix });
      },
    };
  },
});

function mountsLists(ins: Instruction): boolean {
  return ins.flags.some((f) => f.name === 'mount' && (f.options['type'] === 'cache' || f.options['type'] === 'tmpfs') && /^\/var\/lib\/apt(\/lists)?\/?$/.test(f.options['target'] ?? f.options['dst'] ?? f.options['destination'] ?? ''));
}
