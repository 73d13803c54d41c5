import { defineRule } from '../src/engine/api';
import { labelValueRule } from '../src/engine/label-schema';
import { isEmail } from '../src/model/query/label-formats';

/** A label the schema types as `email` must hold an RFC 5322 address such as dev@example.com (hadolint DL3058). */
export default defineRule({
  meta: {
    id: 'label-invalid-email',
    aliases: ['DL3058'],
    severity: 'warning',
    category: 'maintainability',
    fixable: false,
    description: 'An email label of the label schema is not an email address',
    messages: { invalid: 'Label `{{label}}` is not an RFC 5322 email address: "{{value}}"' },
  },
  create(context) {
    return labelValueRule(context, 'email', isEmail, 'invalid');
  },
});
