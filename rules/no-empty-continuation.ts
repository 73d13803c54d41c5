import { defineRule, type TextEdit } from '../src/engine/api';
import { safeFix } from '../src/engine/fix';

/**
 * A blank line inside a continued instruction (BuildKit NoEmptyContinuation). The builder skips it today, but
 * BuildKit announces it will become an error; it also hides where an instruction really ends. Comment lines
 * inside a continuation are fine. Heredoc bodies are not continuations and are not checked.
 */
export default defineRule({
  meta: {
    id: 'no-empty-continuation',
    aliases: ['NoEmptyContinuation'],
    severity: 'warning',
    category: 'syntax',
    fixable: true,
    description: 'Empty continuation lines will become errors in a future BuildKit release',
    messages: { empty: 'Empty continuation line inside this {{keyword}} ({{count}} blank line(s)); remove it, a future BuildKit will reject it' },
  },
  create(context) {
    const model = context.model;
    return {
      instruction(ins) {
        if (ins.onbuildParent) return;
        const first = ins.range.start.line;
        // The instruction's own lines end where a heredoc body starts.
        const last = ins.heredocs.length > 0 ? model.lines.position(ins.heredocs[0].markerSpan.start).line : ins.range.end.line;
        const blank: number[] = [];
        for (let line = first + 1; line <= last; line++) {
          if (model.lines.lineText(line).trim() === '') blank.push(line);
        }
        if (blank.length === 0) return;
        const edits: TextEdit[] = blank.map((line) => ({ range: { start: { line, column: 1 }, end: { line: line + 1, column: 1 } }, text: '' }));
        const line = blank[0];
        context.report({
          messageId: 'empty',
          data: { keyword: ins.keyword, count: blank.length },
          range: { start: { line, column: 1 }, end: { line, column: model.lines.lineText(line).length + 1 } },
          fix: safeFix(...edits),
        });
      },
    };
  },
});
