import { defineRule } from '../src/engine/api';

const FORBIDDEN = new Set(['ONBUILD', 'FROM', 'MAINTAINER']);

/** ONBUILD cannot trigger ONBUILD, FROM or MAINTAINER: the builder rejects the image that inherits it (hadolint DL3043). */
export default defineRule({
  meta: {
    id: 'onbuild-forbidden-trigger',
    aliases: ['DL3043'],
    severity: 'error',
    category: 'correctness',
    fixable: false,
    description: 'ONBUILD, FROM or MAINTAINER triggered from within ONBUILD instruction',
    messages: { forbidden: 'ONBUILD {{keyword}} is not allowed: ONBUILD cannot trigger ONBUILD, FROM or MAINTAINER' },
  },
  create(context) {
    return {
      ONBUILD(ins) {
        const trigger = ins.trigger;
        if (!trigger || !FORBIDDEN.has(trigger.keyword)) return;
        context.report({ messageId: 'forbidden', data: { keyword: trigger.keyword }, range: ins.range });
      },
    };
  },
});
