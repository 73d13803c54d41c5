import { defineRule } from '../src/engine/api';
import { operands, runCommandsNamed } from '../src/model/query/commands';

/**
 * Replacing /bin/sh with a symlink changes the shell of every later RUN (and of the base image's scripts) behind
 * the reader's back; the SHELL instruction says it in the open (hadolint DL4005). Unlike hadolint, only a link
 * that replaces /bin/sh is reported, not one that points at it.
 */
export default defineRule({
  meta: {
    id: 'symlink-bin-sh',
    aliases: ['DL4005'],
    severity: 'warning',
    category: 'best-practice',
    fixable: false,
    onbuild: true,
    description: 'Use SHELL to change the default shell',
    messages: { ln: 'Replacing /bin/sh with `ln` hides the shell change; use SHELL ["/bin/bash", "-c"] instead' },
  },
  create(context) {
    return {
      RUN(ins) {
        for (const c of runCommandsNamed(ins, 'ln')) {
          const ops = operands(c.args, new Set(['S', 'suffix', 't', 'target-directory']));
          if (ops.length < 2 || ops[ops.length - 1].word.value.replace(/\/+$/, '') !== '/bin/sh') continue;
          context.report({ messageId: 'ln', range: context.model.lines.range(c.cmd.span), suggestion: 'SHELL ["/bin/bash", "-c"]' });
        }
      },
    };
  },
});
