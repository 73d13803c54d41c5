import { defineRule } from '../src/engine/api';
import { runCommands } from '../src/model/query/commands';

/**
 * RUN already runs as the current USER; sudo adds a TTY and password machinery that behaves differently from one
 * base image to the next. Switch USER, or use gosu/su-exec in an entrypoint (hadolint DL3004).
 */
export default defineRule({
  meta: {
    id: 'run-sudo',
    aliases: ['DL3004'],
    severity: 'error',
    category: 'best-practice',
    fixable: false,
    onbuild: true,
    description: 'Do not use sudo in RUN: switch USER instead, or use gosu at run time',
    messages: { sudo: '`sudo` in RUN behaves unpredictably across base images; use USER to change user for the build steps that need it' },
  },
  create(context) {
    return {
      RUN(ins) {
        for (const c of runCommands(ins)) {
          if (c.name !== 'sudo' && !c.via.includes('sudo')) continue;
          context.report({ messageId: 'sudo', range: context.model.lines.range(c.cmd.span) });
        }
      },
    };
  },
});
