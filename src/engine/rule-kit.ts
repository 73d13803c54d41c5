import type { Instruction } from '../model/types';
import type { RuleContext, Visitors } from './api';

/** Visitors that report every `keyword` instruction of a stage except the last (they are overridden). */
export function onlyLastPerStage(context: RuleContext, keyword: string, messageId: string): Visitors {
  let seen: Instruction[] = [];
  const visitors: Record<string, unknown> = {
    stage() {
      seen = [];
    },
    [keyword](ins: Instruction) {
      seen.push(ins);
    },
    stageEnd() {
      const last = seen[seen.length - 1];
      for (const ins of seen.slice(0, -1)) context.report({ messageId, data: { line: last.range.start.line }, range: ins.range, instruction: ins, alsoSuppressedBy: [last] });
    },
  };
  return visitors as Visitors;
}
