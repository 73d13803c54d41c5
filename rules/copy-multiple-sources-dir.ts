import { defineRule } from '../src/engine/api';
import { insertAt, safeFix } from '../src/engine/fix';
import type { Instruction } from '../src/model/types';

/** With several sources the destination must be a folder, written with a trailing slash (hadolint DL3021). */
export default defineRule({
  meta: {
    id: 'copy-multiple-sources-dir',
    aliases: ['DL3021'],
    severity: 'error',
    category: 'correctness',
    fixable: true,
    description: 'COPY with more than two arguments requires the last argument to end with /',
    messages: { notDir: '{{keyword}} with {{count}} sources needs a folder destination ending in "/": "{{dest}}/"' },
  },
  create(context) {
    const check = (ins: Instruction): void => {
      if (ins.heredocs.length > 0) return;
      const parts = ins.form === 'exec' && ins.execArgs ? ins.execArgs : ins.args.map((a) => a.expanded);
      if (parts.length < 3) return;
      const lastArg = ins.args[ins.args.length - 1];
      const dest = parts[parts.length - 1].replace(/^["']|["']$/g, '');
      // A destination ending in a variable with no known value may well be a folder: only the user knows.
      const rawDest = ins.form === 'exec' ? dest : (lastArg?.raw ?? dest);
      const tail = /\$\{?(\w+)\}?["']?$/.exec(rawDest);
      if (tail && ins.scope.get(tail[1])?.value === undefined) return;
      if (dest.endsWith('/') || dest.endsWith('\\')) return;
      const fix = ins.form === 'shell' && lastArg && !/["']$/.test(lastArg.raw) ? safeFix(insertAt(context.model, lastArg.span.end, '/')) : null;
      context.report({ messageId: 'notDir', data: { keyword: ins.keyword, count: parts.length - 1, dest }, range: lastArg?.range ?? ins.range, fix });
    };
    return { COPY: check, ADD: check };
  },
});
