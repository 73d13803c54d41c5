import { defineRule } from '../src/engine/api';
import { referencedNames } from '../src/parse/expand';

/**
 * `FROM --platform=<constant>` pins the stage to one platform, so multi-platform builds silently build it for the
 * wrong one (hadolint DL3029). A value built from variables (`$BUILDPLATFORM`, `$TARGETOS/$TARGETARCH`, an ARG)
 * is a deliberate choice and passes.
 */
export default defineRule({
  meta: {
    id: 'from-platform-flag',
    aliases: ['DL3029'],
    severity: 'warning',
    category: 'portability',
    fixable: false,
    description: 'Do not use --platform flag with FROM',
    messages: { constant: 'FROM --platform={{value}} fixes the stage to one platform; leave it out, or use $BUILDPLATFORM / $TARGETPLATFORM' },
  },
  create(context) {
    return {
      FROM(ins) {
        const flag = ins.flags.find((f) => f.name === 'platform');
        if (!flag || flag.value === null) return;
        const value = flag.value.replace(/^["']|["']$/g, '');
        if (value === '' || referencedNames(value, context.model.escape).length > 0) return;
        context.report({ messageId: 'constant', data: { value }, range: flag.range });
      },
    };
  },
});
