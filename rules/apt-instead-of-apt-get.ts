import { defineRule } from '../src/engine/api';
import { replaceSpan, safeFix } from '../src/engine/fix';
import { firstOperand, runCommands } from '../src/model/query/commands';
import { APT_VALUED } from '../src/model/query/packages';

/**
 * `apt` is meant for people at a terminal: its output and behaviour may change between releases and it warns that
 * its command line interface is not stable. Scripts should use apt-get and apt-cache (hadolint DL3027).
 */
/** Subcommands that mean the same to apt-get, so the rename is safe. */
const SAME_IN_APT_GET = new Set(['install', 'remove', 'purge', 'update', 'autoremove', 'clean', 'autoclean', 'source', 'build-dep']);

export default defineRule({
  meta: {
    id: 'apt-instead-of-apt-get',
    aliases: ['DL3027'],
    severity: 'warning',
    category: 'best-practice',
    fixable: true,
    onbuild: true,
    description: 'Do not use apt as it is meant to be an end-user tool; use apt-get or apt-cache instead',
    messages: { apt: '`apt` is an interactive tool without a stable command line; use apt-get (or apt-cache) in scripts' },
  },
  create(context) {
    const model = context.model;
    return {
      RUN(ins) {
        for (const c of runCommands(ins)) {
          if (c.name !== 'apt') continue;
          const sub = firstOperand(c.args, APT_VALUED);
          const renamable = sub !== null && SAME_IN_APT_GET.has(sub.word.value) && ins.script?.origin !== 'exec' && model.text.slice(c.nameSpan.start, c.nameSpan.end).endsWith('apt');
          const fix = renamable ? safeFix(replaceSpan(model, { start: c.nameSpan.end - 3, end: c.nameSpan.end }, 'apt-get')) : null;
          context.report({ messageId: 'apt', range: model.lines.range(c.cmd.span), fix });
        }
      },
    };
  },
});
