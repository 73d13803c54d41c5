import { defineRule } from '../src/engine/api';
import type { Instruction } from '../src/model/types';

/**
 * Each RUN is a layer; single-command RUNs in a row with the same flags can usually be one (hadolint DL3059).
 * A command inside `$(...)` counts as a command, as in hadolint: `RUN echo $(date)` is not a single command.
 * Heredoc RUNs are scripts already and are never suggested for merging.
 */
export default defineRule({
  meta: {
    id: 'consecutive-run',
    aliases: ['DL3059'],
    severity: 'info',
    category: 'layer-cost',
    fixable: false,
    description: 'Multiple consecutive RUN instructions: consider consolidation',
    messages: { consecutive: 'This RUN follows another RUN (line {{line}}) with the same flags; combine them with && into one layer' },
  },
  create(context) {
    let previous: Instruction | null = null;
    return {
      stage() {
        previous = null;
      },
      instruction(ins) {
        if (ins.keyword !== 'RUN') {
          previous = null;
          return;
        }
        const prev = previous;
        previous = ins;
        if (!prev || !mergeable(prev) || !mergeable(ins)) return;
        if (flagKey(prev) !== flagKey(ins)) return;
        const suggestion = `RUN ${prev.argsText} ${context.model.escape}\n    && ${ins.argsText}`;
        context.report({ messageId: 'consecutive', data: { line: prev.range.start.line }, range: ins.range, suggestion });
      },
    };
  },
});

function mergeable(ins: Instruction): boolean {
  if (ins.heredocs.length > 0 || ins.form !== 'shell' || !ins.script) return false;
  return ins.script.commands.length === 1;
}

function flagKey(ins: Instruction): string {
  return ins.flags.map((f) => `${f.name}=${f.value ?? ''}`).sort().join(' ');
}
