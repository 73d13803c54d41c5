import { defineRule } from '../src/engine/api';
import { replaceSpan, safeFix } from '../src/engine/fix';

/** MAINTAINER is deprecated; the OCI authors label says the same and shows up in `docker inspect` (DL4000, MaintainerDeprecated). */
export default defineRule({
  meta: {
    id: 'maintainer-deprecated',
    aliases: ['DL4000', 'MaintainerDeprecated'],
    severity: 'error',
    category: 'maintainability',
    fixable: true,
    description: 'MAINTAINER is deprecated',
    messages: { deprecated: 'MAINTAINER is deprecated; use LABEL org.opencontainers.image.authors="{{who}}"' },
  },
  create(context) {
    return {
      MAINTAINER(ins) {
        const who = ins.argsText.replace(/\s+/g, ' ').replace(/^"(.*)"$/, '$1');
        const value = JSON.stringify(who);
        // Keep the file's keyword case, so the fix does not create a casing finding of its own.
        const keyword = ins.keywordRaw === ins.keywordRaw.toLowerCase() ? 'label' : 'LABEL';
        const fix = safeFix(replaceSpan(context.model, { start: ins.span.start, end: ins.argsSpan.end }, `${keyword} org.opencontainers.image.authors=${value}`));
        context.report({ messageId: 'deprecated', data: { who }, range: ins.range, fix });
      },
    };
  },
});
