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
    messages: { root: 'The final stage\'s last USER is {{user}}: the container will run as root; switch to an unprivileged user' },
  },
  create(context) {
    const model = context.model;
    let lastUser: Instruction | null = null;
    return {
      stage() {
        lastUser = null;
      },
      USER(ins) {
        lastUser = ins;
      },
      stageEnd(stage) {
        if (stage.index !== model.targetStage || !lastUser) return;
        const user = (lastUser.args[0]?.expanded ?? '').split(':')[0];
        if (user === 'root' || user === '0') context.report({ messageId: 'root', data: { user }, range: lastUser.range, instruction: lastUser });
      },
    };
  },
});
