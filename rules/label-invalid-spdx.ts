import { defineRule } from '../src/engine/api';
import { labelValueRule } from '../src/engine/label-schema';
import { isSpdxId } from '../src/model/query/label-formats';

/** A label the schema types as `spdx` must hold one identifier from the SPDX license list (hadolint DL3054). */
export default defineRule({
  meta: {
    id: 'label-invalid-spdx',
    aliases: ['DL3054'],
    severity: 'warning',
    category: 'maintainability',
    fixable: false,
    description: 'An spdx label of the label schema is not an SPDX license identifier',
    messages: { invalid: 'Label `{{label}}` is not an SPDX license identifier (e.g. MIT, Apache-2.0): "{{value}}"' },
  },
  create(context) {
    return labelValueRule(context, 'spdx', isSpdxId, 'invalid');
  },
});
