import { defineRule } from '../src/engine/api';
import { runCommands } from '../src/model/query/commands';
import type { Instruction } from '../src/model/types';

/**
 * wget and curl do the same job; a stage that uses both installs (and ships) two HTTP clients (hadolint DL4001).
 * Every RUN that uses one of them, once the stage has used both, is reported.
 */
export default defineRule({
  meta: {
    id: 'wget-and-curl',
    aliases: ['DL4001'],
    severity: 'warning',
    category: 'maintainability',
    fixable: false,
    onbuild: true,
    description: 'Either use wget or curl but not both',
    messages: { both: 'This stage uses both wget and curl (first {{other}} on line {{line}}); pick one HTTP client' },
  },
  create(context) {
    // ONBUILD triggers run in another build: they are tracked apart from the stage's own RUNs.
    let seen = new Map<string, Instruction>();
    let seenTriggers = new Map<string, Instruction>();
    return {
      stage() {
        seen = new Map();
        seenTriggers = new Map();
      },
      RUN(ins) {
        const used = runCommands(ins).filter((c) => c.name === 'curl' || c.name === 'wget');
        if (used.length === 0) return;
        const tracker = ins.onbuildParent ? seenTriggers : seen;
        for (const c of used) if (!tracker.has(c.name)) tracker.set(c.name, ins);
        if (tracker.size < 2) return;
        const mine = used[0].name;
        const other = mine === 'curl' ? 'wget' : 'curl';
        const otherAt = used.some((c) => c.name === other) ? ins : (tracker.get(other) ?? ins);
        const line = (otherAt.onbuildParent ?? otherAt).range.start.line;
        context.report({ messageId: 'both', data: { other, line }, range: context.model.lines.range(used[0].cmd.span) });
      },
    };
  },
});
