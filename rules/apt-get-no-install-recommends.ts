import { defineRule } from '../src/engine/api';
import { insertAfterWord } from '../src/engine/shell-fix';
import { aptInstalls } from '../src/model/query/packages';

/**
 * Recommended packages are not needed to run and often double the layer (hadolint DL3015). `apt install` installs
 * them the same way and is checked too. `-o APT::Install-Recommends=false` is accepted.
 */
const OFF = /^APT::Install-Recommends=(false|0|no|off)$/i;

export default defineRule({
  meta: {
    id: 'apt-get-no-install-recommends',
    aliases: ['DL3015'],
    severity: 'info',
    category: 'layer-cost',
    fixable: true,
    onbuild: true,
    description: 'Avoid additional packages by specifying --no-install-recommends',
    messages: { missing: '`{{tool}} install` without --no-install-recommends also installs recommended packages; add --no-install-recommends' },
  },
  create(context) {
    return {
      RUN(ins) {
        for (const { cmd, sub } of aptInstalls(ins)) {
          const words = cmd.args.map((a) => a.value);
          if (words.some((w) => w === '--no-install-recommends' || w.startsWith('--no-install-recommends='))) continue;
          if (words.some((w, i) => OFF.test(w) || (/^-o/.test(w) && OFF.test(w.replace(/^-o/, ''))) || OFF.test(w.replace(/^--option=/, '')) || (/^(-o|--option)$/.test(words[i - 1] ?? '') && OFF.test(w)))) continue;
          context.report({ messageId: 'missing', data: { tool: cmd.name }, range: context.model.lines.range(cmd.cmd.span), fix: insertAfterWord(context.model, ins, sub, ' --no-install-recommends') });
        }
      },
    };
  },
});
