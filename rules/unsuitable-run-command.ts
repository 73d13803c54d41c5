import { defineRule } from '../src/engine/api';
import { runCommands } from '../src/model/query/commands';

/**
 * Interactive or system-management programs do nothing useful while an image builds: there is no terminal, no init
 * system and no other process to manage (hadolint DL3001).
 */
const UNSUITABLE = new Set(['free', 'kill', 'mount', 'ps', 'service', 'shutdown', 'ssh', 'top', 'vim']);

export default defineRule({
  meta: {
    id: 'unsuitable-run-command',
    aliases: ['DL3001'],
    severity: 'info',
    category: 'best-practice',
    fixable: false,
    onbuild: true,
    description: 'Commands such as ssh, vim, service, ps, top or kill make no sense in a RUN',
    messages: { unsuitable: '`{{name}}` makes no sense while an image builds (no terminal, no init system, no running services)' },
  },
  create(context) {
    return {
      RUN(ins) {
        for (const c of runCommands(ins)) {
          if (!UNSUITABLE.has(c.name)) continue;
          context.report({ messageId: 'unsuitable', data: { name: c.name }, range: context.model.lines.range(c.cmd.span) });
        }
      },
    };
  },
});
