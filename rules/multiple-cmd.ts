import { defineRule } from '../src/engine/api';
import { onlyLastPerStage } from '../src/engine/rule-kit';

/** Only the last CMD of a stage takes effect (hadolint DL4003, BuildKit MultipleInstructionsDisallowed). */
export default defineRule({
  meta: {
    id: 'multiple-cmd',
    aliases: ['DL4003', 'MultipleInstructionsDisallowed'],
    severity: 'warning',
    category: 'correctness',
    fixable: false,
    description: 'Multiple CMD instructions in a stage: only the last one takes effect',
    messages: { multiple: 'This CMD is overridden by the CMD on line {{line}}; only the last CMD of a stage takes effect' },
  },
  create(context) {
    return onlyLastPerStage(context, 'CMD', 'multiple');
  },
});
