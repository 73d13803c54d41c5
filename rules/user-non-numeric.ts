import { defineRule } from '../src/engine/api';
import { expandVariables } from '../src/parse/expand';
import type { DockerfileModel, Instruction } from '../src/model/types';

/**
 * The user the container runs as should be a numeric UID: a name only resolves inside the image, so a host or
 * an orchestrator (`runAsNonRoot`) cannot verify it (hadolint DL3066). Only the USER that the built image runs
 * with is checked (the last USER of the target stage, or of the stage it is built FROM); `everyUser: true`
 * checks every USER as hadolint 2.15 does. A UID given through a declared ARG passes, and so does a variable
 * whose value is numeric.
 */
export default defineRule({
  meta: {
    id: 'user-non-numeric',
    aliases: ['DL3066'],
    severity: 'info',
    category: 'security',
    fixable: false,
    description: 'Non-numeric user-id may not be resolvable by host system',
    messages: { nonNumeric: 'USER {{user}} is a name, not a numeric UID: the host cannot resolve it; use the UID (e.g. USER 10001)' },
    optionsSchema: { type: 'object', properties: { everyUser: { type: 'boolean' } }, additionalProperties: false },
  },
  create(context) {
    const everyUser = context.settings.options['everyUser'] === true;
    const report = (ins: Instruction): void => {
      const user = ins.args[0]?.raw ?? '';
      if (!nonNumeric(ins, user, context.model.escape)) return;
      context.report({ messageId: 'nonNumeric', data: { user }, range: ins.range, instruction: ins });
    };
    if (everyUser) return { USER: report };
    return {
      fileEnd(model) {
        const runtime = runtimeUser(model);
        if (runtime) report(runtime);
      },
    };
  },
});

/** The USER instruction the target image runs with: the last one in the target stage or up its FROM chain. */
function runtimeUser(model: DockerfileModel): Instruction | null {
  if (model.stages.length === 0) return lastUser(model.instructions);
  for (let i: number | null = model.targetStage; i !== null && i >= 0; i = model.stages[i].parentStage) {
    const user = lastUser(model.stages[i].instructions);
    if (user) return user;
  }
  return null;
}

function lastUser(list: readonly Instruction[]): Instruction | null {
  const users = list.filter((ins) => ins.keyword === 'USER');
  return users.length > 0 ? users[users.length - 1] : null;
}

function nonNumeric(ins: Instruction, user: string, escape: string): boolean {
  const uid = user.replace(/^["']|["']$/g, '').split(':')[0];
  if (/^\d+$/.test(uid)) return false;
  if (!uid.includes('$')) return true;
  const expansion = expandVariables(uid, (n) => ins.scope.get(n)?.value, escape);
  if (/^\d+$/.test(expansion.text)) return false;
  // A UID that comes from a declared ARG is the builder's choice at build time.
  return !expansion.usedNames.some((n) => {
    const kind = ins.scope.get(n)?.kind;
    return kind === 'arg' || kind === 'build-arg';
  });
}
