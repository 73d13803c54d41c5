import { defineRule } from '../src/engine/api';
import { insertAt, safeFix } from '../src/engine/fix';
import { aptInstall } from '../src/model/shell-query';

/** Recommended packages are not needed to run and often double the layer (hadolint DL3015). */
export default defineRule({
  meta: {
    id: 'apt-get-no-install-recommends',
    aliases: ['DL3015'],
    severity: 'info',
    category: 'layer-cost',
    fixable: true,
    onbuild: true,
    description: 'Avoid additional packages by specifying --no-install-recommends',
    messages: { missing: '`apt-get install` without --no-install-recommends also installs recommended packages; add --no-install-recommends' },
  },
  create(context) {
    return {
      RUN(ins) {
        for (const { cmd, sub } of aptInstall(ins)) {
          const words = cmd.args.map((a) => a.value);
          if (words.includes('--no-install-recommends')) continue;
          if (words.some((w, i) => /^(-o|--option)$/.test(words[i - 1] ?? '') && /^APT::Install-Recommends=(false|0|no)$/i.test(w))) continue;
          if (words.some((w) => /^-oAPT::Install-Recommends=(false|0|no)$/i.test(w) || /^--option=APT::Install-Recommends=(false|0|no)$/i.test(w))) continue;
          const fix = ins.script?.origin === 'exec' ? null : safeFix(insertAt(context.model, sub.span.end, ' --no-install-recommends'));
          context.report({ messageId: 'missing', range: context.model.lines.range(cmd.cmd.span), fix });
        }
      },
    };
  },
});
