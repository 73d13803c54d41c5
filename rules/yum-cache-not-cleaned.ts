import { defineRule } from '../src/engine/api';
import { appendCommand } from '../src/engine/shell-fix';
import { hasCacheMountWith } from '../src/model/query/mounts';
import { cleansAll, followedBy, removes, rpmInstalls } from '../src/model/query/packages';

/**
 * yum keeps downloaded packages and metadata in /var/cache/yum; unless the same RUN runs `yum clean all` (or removes
 * that cache) after installing, they ship in the layer (hadolint DL3032). A cache or tmpfs mount there keeps them out.
 */
const YUM_CACHE = /^\/var\/cache\/yum(\/.*)?$/;

export default defineRule({
  meta: {
    id: 'yum-cache-not-cleaned',
    aliases: ['DL3032'],
    severity: 'warning',
    category: 'layer-cost',
    fixable: true,
    onbuild: true,
    description: '`yum clean all` missing after yum command',
    messages: { clean: '`yum install` leaves its package cache in this layer; run `yum clean all` after it in the same RUN' },
  },
  create(context) {
    return {
      RUN(ins) {
        if (hasCacheMountWith(ins, '/var/cache/yum')) return;
        for (const inv of rpmInstalls(ins, ['yum'], ['install'])) {
          if (followedBy(ins, inv.cmd, (c) => cleansAll(c, 'yum') || removes(c, YUM_CACHE))) continue;
          context.report({ messageId: 'clean', range: context.model.lines.range(inv.cmd.cmd.span), fix: appendCommand(context.model, ins, 'yum clean all') });
        }
      },
    };
  },
});
