import type { Instruction } from '../model/types';
import type { RuleContext, Visitors } from './api';

/**
 * Visitors that report every `keyword` instruction of a stage after the first one (hadolint DL3012, DL4003,
 * DL4004 report the later instruction). The report sits on the later instruction, which is also where both
 * hadolint's and BuildKit's per-instruction suppressions must go; `{{line}}` is the line of the instruction
 * it overrides.
 */
export function repeatedPerStage(context: RuleContext, keyword: string, messageId: string): Visitors {
  let previous: Instruction | null = null;
  const visitors: Record<string, unknown> = {
    stage() {
      previous = null;
    },
    [keyword](ins: Instruction) {
      if (previous) context.report({ messageId, data: { line: previous.range.start.line }, range: ins.range, instruction: ins });
      previous = ins;
    },
  };
  return visitors as Visitors;
}
