import { defineRule } from '../src/engine/api';
import { labelValueRule } from '../src/engine/label-schema';

/** A label named in `labelSchema` is present but its value is empty (hadolint DL3051). */
export default defineRule({
  meta: {
    id: 'label-empty',
    aliases: ['DL3051'],
    severity: 'warning',
    category: 'maintainability',
    fixable: false,
    description: 'A label required by the label schema is empty',
    messages: { empty: 'Label `{{label}}` is empty' },
  },
  create(context) {
    return labelValueRule(context, null, (v) => v.trim() !== '', 'empty');
  },
});
