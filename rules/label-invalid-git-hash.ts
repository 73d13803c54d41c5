import { defineRule } from '../src/engine/api';
import { labelValueRule } from '../src/engine/label-schema';
import { isGitHash } from '../src/model/query/label-formats';

/** A label the schema types as `hash` must hold a short (7) or full (40) lower-case hex git commit hash (hadolint DL3055). */
export default defineRule({
  meta: {
    id: 'label-invalid-git-hash',
    aliases: ['DL3055'],
    severity: 'warning',
    category: 'maintainability',
    fixable: false,
    description: 'A hash label of the label schema is not a git commit hash',
    messages: { invalid: 'Label `{{label}}` is not a 7- or 40-character lower-case git hash: "{{value}}"' },
  },
  create(context) {
    return labelValueRule(context, 'hash', isGitHash, 'invalid');
  },
});
