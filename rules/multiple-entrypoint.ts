import { defineRule } from '../src/engine/api';
import { onlyLastPerStage } from '../src/engine/rule-kit';

/** Only the last ENTRYPOINT of a stage takes effect (hadolint DL4004, BuildKit MultipleInstructionsDisallowed). */
export default defineRule({
  meta: {
    id: 'multiple-entrypoint',
    aliases: ['DL4004', 'MultipleInstructionsDisallowed'],
    severity: 'error',
    category: 'correctness',
    fixable: false,
    description: 'Multiple ENTRYPOINT instructions in a stage: only the last one takes effect',
    messages: { multiple: 'This ENTRYPOINT is overridden by the ENTRYPOINT on line {{line}}; only the last ENTRYPOINT of a stage takes effect' },
  },
  create(context) {
    return onlyLastPerStage(context, 'ENTRYPOINT', 'multiple');
  },
});
