import { defineRule } from '../src/engine/api';
import { onlyLastPerStage } from '../src/engine/rule-kit';

/**
 * Only the last HEALTHCHECK of a stage takes effect (hadolint DL3012, BuildKit MultipleInstructionsDisallowed).
 * `HEALTHCHECK NONE` counts as one. Reported on each overridden HEALTHCHECK, as BuildKit does.
 */
export default defineRule({
  meta: {
    id: 'multiple-healthcheck',
    aliases: ['DL3012', 'MultipleInstructionsDisallowed'],
    severity: 'error',
    category: 'correctness',
    fixable: false,
    description: 'Multiple HEALTHCHECK instructions in a stage: only the last one takes effect',
    messages: { multiple: 'This HEALTHCHECK is overridden by the HEALTHCHECK on line {{line}}; only the last HEALTHCHECK of a stage takes effect' },
  },
  create(context) {
    return onlyLastPerStage(context, 'HEALTHCHECK', 'multiple');
  },
});
