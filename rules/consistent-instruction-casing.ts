import { defineRule } from '../src/engine/api';
import { replaceSpan, safeFix } from '../src/engine/fix';
import { KNOWN_KEYWORDS, type Instruction } from '../src/model/types';

/**
 * Instruction keywords should all use one case (BuildKit ConsistentInstructionCasing). The majority case of the
 * file wins, upper case on a tie, as BuildKit decides.
 */
export default defineRule({
  meta: {
    id: 'consistent-instruction-casing',
    aliases: ['ConsistentInstructionCasing'],
    severity: 'warning',
    category: 'style',
    fixable: true,
    description: 'All instruction keywords should use the same case',
    messages: { casing: "Command '{{keyword}}' should match the case of the other instructions ({{expected}})" },
  },
  create(context) {
    return {
      file(model) {
        const list: Instruction[] = [];
        for (const ins of model.instructions) {
          if (KNOWN_KEYWORDS.has(ins.keyword)) list.push(ins);
          if (ins.trigger && KNOWN_KEYWORDS.has(ins.trigger.keyword)) list.push(ins.trigger);
        }
        let upper = 0;
        let lower = 0;
        for (const ins of list) {
          if (ins.keywordRaw === ins.keywordRaw.toUpperCase()) upper++;
          else if (ins.keywordRaw === ins.keywordRaw.toLowerCase()) lower++;
        }
        const wantUpper = upper >= lower;
        for (const ins of list) {
          const expected = wantUpper ? ins.keywordRaw.toUpperCase() : ins.keywordRaw.toLowerCase();
          if (ins.keywordRaw === expected) continue;
          const span = { start: ins.span.start, end: ins.span.start + ins.keywordRaw.length };
          const kwSpan = ins.onbuildParent ? { start: model.lines.offset(ins.keywordRange.start), end: model.lines.offset(ins.keywordRange.end) } : span;
          context.report({ messageId: 'casing', data: { keyword: ins.keywordRaw, expected: wantUpper ? 'upper case' : 'lower case' }, range: ins.keywordRange, fix: safeFix(replaceSpan(model, kwSpan, expected)), instruction: ins });
        }
      },
    };
  },
});
