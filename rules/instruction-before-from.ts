import { defineRule } from '../src/engine/api';
import { KNOWN_KEYWORDS } from '../src/model/types';

/**
 * A Dockerfile must start with FROM; only ARG (and comments and parser directives) may come before the first
 * FROM (hadolint DL3061). Every other instruction before it is reported.
 */
export default defineRule({
  meta: {
    id: 'instruction-before-from',
    aliases: ['DL3061'],
    severity: 'error',
    category: 'correctness',
    fixable: false,
    description: 'Invalid instruction order: a Dockerfile must begin with FROM, ARG or a comment',
    messages: { order: '{{keyword}} before the first FROM: only ARG, comments and parser directives may come before FROM' },
  },
  create(context) {
    return {
      instruction(ins) {
        if (ins.stageIndex >= 0 || ins.onbuildParent || ins.keyword === 'ARG' || ins.keyword === 'FROM' || !KNOWN_KEYWORDS.has(ins.keyword)) return;
        context.report({ messageId: 'order', data: { keyword: ins.keyword }, range: ins.range });
      },
    };
  },
});
