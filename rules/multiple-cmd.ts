import { defineRule } from '../src/engine/api';
import { repeatedPerStage } from '../src/engine/repeated';

/** Only the last CMD of a stage takes effect; reported on each later one, as hadolint does (hadolint DL4003, BuildKit MultipleInstructionsDisallowed). */
export default defineRule({
  meta: {
    id: 'multiple-cmd',
    aliases: ['DL4003', 'MultipleInstructionsDisallowed'],
    severity: 'warning',
    category: 'correctness',
    fixable: false,
    description: 'Multiple CMD instructions in a stage: only the last one takes effect',
    messages: { multiple: 'This CMD replaces the CMD on line {{line}}; only the last CMD of a stage takes effect' },
  },
  create(context) {
    return repeatedPerStage(context, 'CMD', 'multiple');
  },
});
