import { defineRule } from '../src/engine/api';
import { replaceSpan, safeFix } from '../src/engine/fix';
import type { DockerfileModel, Instruction, Stage } from '../src/model/types';

/**
 * Shell-form CMD/ENTRYPOINT run under `/bin/sh -c`, so the process is not PID 1 and misses signals
 * (hadolint DL3025, BuildKit JSONArgsRecommended). The fix rewrites to exec form only when the command has no
 * shell syntax at all (no variables, quotes, globs, operators or redirections), so meaning cannot change.
 */
export default defineRule({
  meta: {
    id: 'json-args-recommended',
    aliases: ['DL3025', 'JSONArgsRecommended'],
    severity: 'warning',
    category: 'correctness',
    fixable: true,
    description: 'Use arguments JSON notation for CMD and ENTRYPOINT arguments',
    messages: { shellForm: '{{keyword}} in shell form runs under /bin/sh -c and will not receive signals; use the JSON form {{keyword}} ["executable", "arg"]' },
  },
  create(context) {
    const check = (ins: Instruction): void => {
      if (ins.form !== 'shell') return;
      // BuildKit: an explicit SHELL (in this stage or a stage it builds FROM) means the author chose shell form
      // deliberately, whatever that shell is (`SHELL ["/bin/sh", "-o", "pipefail", "-c"]` included).
      if (hasExplicitShell(context.model, ins)) return;
      const words = ins.argsText.split(/\s+/).filter(Boolean);
      const plain = words.length > 0 && words.every((w) => /^[A-Za-z0-9_@%+=:,./-]+$/.test(w));
      const fix = plain ? safeFix(replaceSpan(context.model, ins.argsSpan, JSON.stringify(words).replace(/","/g, '", "'))) : null;
      context.report({ messageId: 'shellForm', data: { keyword: ins.keyword }, range: ins.range, fix });
    };
    return { CMD: check, ENTRYPOINT: check };
  },
});

function hasExplicitShell(model: DockerfileModel, ins: Instruction): boolean {
  let stage: Stage | undefined = model.stages[ins.stageIndex];
  let before = ins.index;
  const seen = new Set<number>();
  while (stage && !seen.has(stage.index)) {
    seen.add(stage.index);
    if (stage.instructions.some((i) => i.keyword === 'SHELL' && i.index < before)) return true;
    before = Number.MAX_SAFE_INTEGER;
    stage = stage.parentStage === null ? undefined : model.stages[stage.parentStage];
  }
  return false;
}
