import { defineRule } from '../src/engine/api';
import { repeatedPerStage } from '../src/engine/repeated';

/** Only the last ENTRYPOINT of a stage takes effect; reported on each later one, as hadolint does (hadolint DL4004, BuildKit MultipleInstructionsDisallowed). */
export default defineRule({
  meta: {
    id: 'multiple-entrypoint',
    aliases: ['DL4004', 'MultipleInstructionsDisallowed'],
    severity: 'error',
    category: 'correctness',
    fixable: false,
    description: 'Multiple ENTRYPOINT instructions in a stage: only the last one takes effect',
    messages: { multiple: 'This ENTRYPOINT replaces the ENTRYPOINT on line {{line}}; only the last ENTRYPOINT of a stage takes effect' },
  },
  create(context) {
    return repeatedPerStage(context, 'ENTRYPOINT', 'multiple');
  },
});
