import { defineRule } from '../src/engine/api';
import { appendCommand } from '../src/engine/shell-fix';
import { firstOperand, operands, runCommands } from '../src/model/query/commands';
import { mountTargets } from '../src/model/query/mounts';
import { APT_VALUED } from '../src/model/query/packages';
import { layerShips } from '../src/model/query/stages';
import type { Instruction } from '../src/model/types';

/**
 * `apt-get update` leaves ~20 MB of package lists in the layer unless the same RUN removes them (hadolint DL3009).
 * Only stages that ship (the target, or a stage another stage builds FROM) are checked: a builder stage's lists
 * never reach the image. ONBUILD triggers always ship. Some mounts keep the lists out of the layer (see mountsLists).
 */
const LISTS = /^\/var\/lib\/apt(\/lists)?(\/\*[^/]*)?\/?$/;

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
    return {
      RUN(ins: Instruction) {
        if (!layerShips(model, ins) || mountsLists(ins)) return;
        const cmds = runCommands(ins);
        const update = cmds.find((c) => ['apt-get', 'apt', 'aptitude'].includes(c.name) && firstOperand(c.args, APT_VALUED)?.word.value === 'update');
        if (!update) return;
        const cleaned = cmds.some((c) => c.name === 'rm' && operands(c.args).some((o) => LISTS.test(o.word.value)));
        if (cleaned) return;
        context.report({ messageId: 'lists', data: { tool: update.name }, range: model.lines.range(update.cmd.span), fix: appendCommand(model, ins, 'rm -rf /var/lib/apt/lists/*') });
      },
    };
  },
});

/**
 * Mounts that keep the lists out of the layer: anything on /var/lib/apt/lists; a tmpfs on /var/lib/apt (discarded
 * after the RUN); a cache on /var/lib/apt only together with one on /var/cache/apt, as hadolint requires for a
 * working apt cache.
 */
function mountsLists(ins: Instruction): boolean {
  const clean = (ts: string[]): string[] => ts.map((t) => t.replace(/\/+$/, ''));
  const targets = clean(mountTargets(ins));
  if (targets.some((t) => t.startsWith('/var/lib/apt/lists'))) return true;
  if (clean(mountTargets(ins, ['tmpfs'])).some((t) => t === '/var/lib/apt')) return true;
  return targets.some((t) => t.startsWith('/var/lib/apt')) && targets.some((t) => t.startsWith('/var/cache/apt'));
}
