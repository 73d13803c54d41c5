import { defineRule } from '../src/engine/api';
import { labelValueRule } from '../src/engine/label-schema';
import { isRfc3339 } from '../src/model/query/label-formats';

/** A label the schema types as `rfc3339` must hold a full RFC 3339 date-time with a zone (hadolint DL3053). */
export default defineRule({
  meta: {
    id: 'label-invalid-rfc3339',
    aliases: ['DL3053'],
    severity: 'warning',
    category: 'maintainability',
    fixable: false,
    description: 'An rfc3339 label of the label schema is not an RFC 3339 time',
    messages: { invalid: 'Label `{{label}}` is not an RFC 3339 date-time (e.g. 2024-05-01T12:00:00Z): "{{value}}"' },
  },
  create(context) {
    return labelValueRule(context, 'rfc3339', isRfc3339, 'invalid');
  },
});
