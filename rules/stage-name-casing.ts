import { defineRule } from '../src/engine/api';
import { replaceSpan, safeFix } from '../src/engine/fix';

/**
 * Stage names should be lower case (BuildKit StageNameCasing). BuildKit lower-cases stage names wherever it
 * resolves them (FROM, `COPY --from`, `--mount from=`, `--target`), so the mixed-case spelling only misleads.
 */
export default defineRule({
  meta: {
    id: 'stage-name-casing',
    aliases: ['StageNameCasing'],
    severity: 'warning',
    category: 'style',
    fixable: true,
    description: 'Stage names should be lower case',
    messages: { casing: "Stage name '{{name}}' should be lower case: write '{{lower}}'" },
  },
  create(context) {
    return {
      stage(stage) {
        const raw = stage.nameRaw;
        const arg = stage.from.args[2];
        if (!raw || !arg || raw === raw.toLowerCase()) return;
        const lower = raw.toLowerCase();
        context.report({
          messageId: 'casing',
          data: { name: raw, lower },
          range: arg.range,
          // Stage names are matched case-insensitively, so lower-casing the definition changes nothing else.
          // A `$` means a builder that expands stage names (buildah): lower-casing would rename the variable.
          fix: raw.includes('$') ? null : safeFix(replaceSpan(context.model, arg.span, lower)),
          instruction: stage.from,
        });
      },
    };
  },
});
