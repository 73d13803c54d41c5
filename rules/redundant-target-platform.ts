import { defineRule } from '../src/engine/api';
import { replaceSpan, safeFix } from '../src/engine/fix';

/**
 * `FROM --platform=$TARGETPLATFORM` says what the builder does anyway (hadolint DL3065, BuildKit
 * RedundantTargetPlatform). The fix removes the flag, which changes nothing in the build.
 */
export default defineRule({
  meta: {
    id: 'redundant-target-platform',
    aliases: ['DL3065', 'RedundantTargetPlatform'],
    severity: 'warning',
    category: 'style',
    fixable: true,
    description: 'Setting FROM --platform to $TARGETPLATFORM is redundant: it is the default',
    messages: { redundant: 'Setting platform to predefined {{value}} in FROM is redundant as this is the default behavior' },
  },
  create(context) {
    const model = context.model;
    return {
      FROM(ins) {
        const flag = ins.flags.find((f) => f.name === 'platform');
        if (!flag || flag.value === null) return;
        const value = flag.value.replace(/^"(.*)"$/, '$1');
        if (value !== '$TARGETPLATFORM' && value !== '${TARGETPLATFORM}') return;
        // Remove the flag and the blanks after it.
        let end = flag.span.end;
        while (end < model.text.length && (model.text[end] === ' ' || model.text[end] === '\t')) end++;
        context.report({ messageId: 'redundant', data: { value }, range: flag.range, fix: safeFix(replaceSpan(model, { start: flag.span.start, end }, '')) });
      },
    };
  },
});
