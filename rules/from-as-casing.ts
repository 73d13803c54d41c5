import { defineRule } from '../src/engine/api';
import { replaceSpan, safeFix } from '../src/engine/fix';

/** `FROM x as y` mixes cases: the AS keyword should match FROM's case (BuildKit FromAsCasing). */
export default defineRule({
  meta: {
    id: 'from-as-casing',
    aliases: ['FromAsCasing'],
    severity: 'warning',
    category: 'style',
    fixable: true,
    description: 'The AS keyword should match the case of the FROM keyword',
    messages: { casing: "'{{as}}' and '{{from}}' keywords' casing do not match; write {{expected}}" },
  },
  create(context) {
    return {
      FROM(ins) {
        const asArg = ins.args[1];
        if (!asArg || asArg.raw.toUpperCase() !== 'AS') return;
        const fromUpper = ins.keywordRaw === ins.keywordRaw.toUpperCase();
        const fromLower = ins.keywordRaw === ins.keywordRaw.toLowerCase();
        const expected = fromUpper ? 'AS' : fromLower ? 'as' : null;
        if (expected === null || asArg.raw === expected) return;
        context.report({
          messageId: 'casing',
          data: { as: asArg.raw, from: ins.keywordRaw, expected },
          range: asArg.range,
          fix: safeFix(replaceSpan(context.model, asArg.span, expected)),
        });
      },
    };
  },
});
