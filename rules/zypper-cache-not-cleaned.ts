import { defineRule } from '../src/engine/api';
import { appendCommand } from '../src/engine/shell-fix';
import { operands } from '../src/model/query/commands';
import { hasCacheMountWith } from '../src/model/query/mounts';
import { ZYPPER_VALUED, followedBy, invocations, removes } from '../src/model/query/packages';

/**
 * zypper keeps downloaded packages and metadata in /var/cache/zypp; unless `zypper clean` (or `cc`) runs after the
 * install in the same RUN, they ship in the layer (hadolint DL3036). A cache or tmpfs mount there keeps them out.
 */
const ZYPP_CACHE = /^\/var\/cache\/zypp(\/.*)?$/;

export default defineRule({
  meta: {
    id: 'zypper-cache-not-cleaned',
    aliases: ['DL3036'],
    severity: 'warning',
    category: 'layer-cost',
    fixable: true,
    onbuild: true,
    description: '`zypper clean` missing after zypper use',
    messages: { clean: '`zypper {{sub}}` leaves its package cache in this layer; run `zypper clean` after it in the same RUN' },
  },
  create(context) {
    return {
      RUN(ins) {
        if (hasCacheMountWith(ins, '/var/cache/zypp')) return;
        for (const inv of invocations(ins, ['zypper'], ['install', 'in'], ZYPPER_VALUED)) {
          const cleaned = followedBy(ins, inv.cmd, (c) => (c.name === 'zypper' && ['clean', 'cc'].includes(operands(c.args, ZYPPER_VALUED)[0]?.word.value ?? '')) || removes(c, ZYPP_CACHE));
          if (cleaned) continue;
          context.report({ messageId: 'clean', data: { sub: inv.sub.value }, range: context.model.lines.range(inv.cmd.cmd.span), fix: appendCommand(context.model, ins, 'zypper clean --all') });
        }
      },
    };
  },
});
