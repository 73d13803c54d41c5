import { defineRule } from '../src/engine/api';

/** A relative WORKDIR depends on whatever the previous WORKDIR was (hadolint DL3000, BuildKit WorkdirRelativePath). */
export default defineRule({
  meta: {
    id: 'workdir-relative',
    aliases: ['DL3000', 'WorkdirRelativePath'],
    severity: 'error',
    category: 'correctness',
    fixable: false,
    description: 'WORKDIR should be an absolute path',
    messages: {
      relative: 'WORKDIR "{{path}}" is relative; use an absolute path so the folder does not depend on an earlier WORKDIR',
    },
  },
  create(context) {
    const workdirSet = new Set<number>();
    return {
      WORKDIR(ins) {
        const arg = ins.args[0];
        if (!arg) return;
        const raw = arg.raw.replace(/^["']|["']$/g, '');
        const absolute = raw.startsWith('/') || raw.startsWith('$') || /^[A-Za-z]:/.test(raw) || raw.startsWith('\\');
        // BuildKit only warns when no earlier WORKDIR in the stage set a base; hadolint always flags. Relative after
        // an absolute WORKDIR is still fragile, so we flag it too.
        if (!absolute) context.report({ messageId: 'relative', data: { path: raw }, range: arg.range });
        workdirSet.add(ins.stageIndex);
      },
    };
  },
});
