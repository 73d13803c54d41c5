import { defineRule } from '../src/engine/api';
import { labelValueRule } from '../src/engine/label-schema';
import { isUri } from '../src/model/query/label-formats';

/** A label the schema types as `url` must hold an absolute URI with a scheme (hadolint DL3052). */
export default defineRule({
  meta: {
    id: 'label-invalid-url',
    aliases: ['DL3052'],
    severity: 'warning',
    category: 'maintainability',
    fixable: false,
    description: 'A url label of the label schema is not a valid URL',
    messages: { invalid: 'Label `{{label}}` is not a valid URL: "{{value}}"' },
  },
  create(context) {
    return labelValueRule(context, 'url', isUri, 'invalid');
  },
});
