import { defineRule } from '../src/engine/api';
import type { Instruction } from '../src/model/types';

/**
 * The image should not run as root (hadolint DL3002). Only the stage that is shipped matters at run time, so a
 * builder stage that ends as root is not reported (hadolint checks every stage: a documented difference).
 */
export default defineRule({
  meta: {
    id: 'last-user-root',
    aliases: ['DL3002'],
    severity: 'warning',
    category: 'security',
    fixable: false,
    description: 'Last USER should not be root',
    messages: {
      root: 'The final stage\'s last USER is {{user}}: the container will run as root; switch to an unprivileged user',
      inherited: 'This stage runs as {{user}}, the USER its parent stage ends with (line {{line}}); switch to an unprivileged user',
    },
  },
  create(context) {
    const model = context.model;
    const lastUserOf = new Map<number, Instruction>();
    return {
      USER(ins) {
        lastUserOf.set(ins.stageIndex, ins);
      },
      stageEnd(stage) {
        if (stage.index !== model.targetStage) return;
        // A stage without USER runs as the user its parent stage ended with.
        let s: number | null = stage.index;
        let last: Instruction | undefined;
        while (s !== null && !(last = lastUserOf.get(s))) s = model.stages[s].parentStage;
        if (!last) return;
        const user = (last.args[0]?.expanded ?? '').split(':')[0];
        if (user !== 'root' && user !== '0') return;
        const inherited = last.stageIndex !== stage.index;
        context.report({ messageId: inherited ? 'inherited' : 'root', data: { user, line: last.range.start.line }, range: last.range, instruction: last });
      },
    };
  },
});
