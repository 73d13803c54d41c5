import { defineRule } from '../src/engine/api';
import { replaceSpan, safeFix, unsafeFix } from '../src/engine/fix';
import type { Instruction } from '../src/model/types';

/**
 * Shell-form CMD/ENTRYPOINT run under `/bin/sh -c`, so the process is not PID 1 and misses signals
 * (hadolint DL3025, BuildKit JSONArgsRecommended). The fix rewrites to exec form only when the command has no
 * shell syntax at all (no variables, quotes, globs, operators or redirections), so meaning cannot change.
 */
export default defineRule({
  meta: {
    id: 'json-args-recommended',
    aliases: ['DL3025', 'JSONArgsRecommended'],
    severity: 'warning',
    category: 'correctness',
    fixable: true,
    description: 'Use arguments JSON notation for CMD and ENTRYPOINT arguments',
    messages: { shellForm: '{{keyword}} in shell form runs under /bin/sh -c and will not receive signals; use the JSON form {{keyword}} ["executable", "arg"]' },
  },
  create(context) {
    const check = (ins: Instruction): void => {
      if (ins.form !== 'shell') return;
      // BuildKit: an explicit SHELL (here or in a parent stage) means the author chose shell form deliberately.
      if (ins.shellSetBy !== null && ins.keyword !== 'HEALTHCHECK') return;
      if (ins.keyword === 'HEALTHCHECK') {
        // hadolint checks `HEALTHCHECK CMD` too; `HEALTHCHECK NONE` has no command.
        if (!/^CMD\s/i.test(ins.argsText.replace(/^(--\S+\s+)*/, ''))) return;
        context.report({ messageId: 'shellForm', data: { keyword: 'HEALTHCHECK CMD' }, range: ins.range });
        return;
      }
      const words = ins.argsText.split(/\s+/).filter(Boolean);
      const plain = words.length > 0 && words.every((w) => /^[A-Za-z0-9_@%+=:,./-]+$/.test(w));
      // CMD: safe. ENTRYPOINT: exec form changes how a CMD (maybe from the base image) is passed, so only offered.
      const edit = replaceSpan(context.model, ins.argsSpan, JSON.stringify(words).replace(/","/g, '", "'));
      const fix = plain ? (ins.keyword === 'CMD' ? safeFix(edit) : unsafeFix(edit)) : null;
      context.report({ messageId: 'shellForm', data: { keyword: ins.keyword }, range: ins.range, fix });
    };
    return { CMD: check, ENTRYPOINT: check, HEALTHCHECK: check };
  },
});
