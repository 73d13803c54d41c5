import { defineRule } from '../src/engine/api';
import { trimQuotes } from '../src/engine/rule-text';
import type { Instruction } from '../src/model/types';

/**
 * `COPY src dest/` with a relative destination lands relative to whatever WORKDIR the base image happens to set
 * (hadolint DL3045). Fine once the stage, or a stage it is built FROM, has a WORKDIR. Destinations that are
 * absolute (`/x`, `C:\x`, `C:/x`) or start with a variable are accepted.
 */
export default defineRule({
  meta: {
    id: 'copy-relative-without-workdir',
    aliases: ['DL3045'],
    severity: 'warning',
    category: 'correctness',
    fixable: false,
    description: 'COPY to a relative destination without WORKDIR set',
    messages: { relative: 'COPY to the relative destination "{{dest}}" but no WORKDIR is set in this stage; set WORKDIR first or use an absolute path' },
  },
  create(context) {
    const model = context.model;
    const hasWorkdir = new Set<number>();
    let current = false;
    return {
      stage(stage) {
        current = stage.parentStage !== null && hasWorkdir.has(stage.parentStage);
      },
      stageEnd(stage) {
        if (current) hasWorkdir.add(stage.index);
      },
      WORKDIR() {
        current = true;
      },
      COPY(ins) {
        if (current) return;
        const dest = destination(ins);
        if (dest === null || isAbsoluteOrVariable(dest)) return;
        const lastArg = ins.args[ins.args.length - 1];
        context.report({ messageId: 'relative', data: { dest }, range: lastArg && ins.form === 'shell' ? lastArg.range : model.lines.range(ins.span) });
      },
    };
  },
});

function destination(ins: Instruction): string | null {
  const words = ins.form === 'exec' && ins.execArgs ? ins.execArgs : ins.args.map((a) => a.raw);
  if (words.length < 2 && ins.heredocs.length === 0) return null;
  const last = words[words.length - 1];
  return last === undefined ? null : trimQuotes(last);
}

function isAbsoluteOrVariable(dest: string): boolean {
  return dest.startsWith('/') || dest.startsWith('$') || /^.:[\\/]/.test(dest);
}
