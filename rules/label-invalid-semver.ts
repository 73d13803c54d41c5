import { defineRule } from '../src/engine/api';
import { labelValueRule } from '../src/engine/label-schema';
import { isSemver } from '../src/model/query/label-formats';

/** A label the schema types as `semver` must hold a semantic version, MAJOR.MINOR.PATCH with optional pre-release and build parts (hadolint DL3056). */
export default defineRule({
  meta: {
    id: 'label-invalid-semver',
    aliases: ['DL3056'],
    severity: 'warning',
    category: 'maintainability',
    fixable: false,
    description: 'A semver label of the label schema is not a semantic version',
    messages: { invalid: 'Label `{{label}}` is not a semantic version (MAJOR.MINOR.PATCH): "{{value}}"' },
  },
  create(context) {
    return labelValueRule(context, 'semver', isSemver, 'invalid');
  },
});
