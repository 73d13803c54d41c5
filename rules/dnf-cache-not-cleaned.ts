import { defineRule } from '../src/engine/api';
import { appendCommand } from '../src/engine/shell-fix';
import { hasCacheMountWith } from '../src/model/query/mounts';
import { cleansAll, followedBy, removes, rpmInstalls } from '../src/model/query/packages';
import type { Instruction } from '../src/model/types';

/**
 * dnf and microdnf keep downloaded packages and metadata in their cache; unless the same tool runs `clean all` (or
 * the cache is removed) after installing or upgrading, they ship in the layer (hadolint DL3040). Cache or tmpfs
 * mounts on the cache directory keep them out.
 */
const DNF_CACHE = /^\/var\/cache\/(yum|dnf|libdnf5)(\/.*)?$/;
const SUBCOMMANDS = ['install', 'in', 'upgrade', 'up', 'update', 'upgrade-minimal', 'up-min', 'reinstall', 'rei'];

export default defineRule({
  meta: {
    id: 'dnf-cache-not-cleaned',
    aliases: ['DL3040'],
    severity: 'warning',
    category: 'layer-cost',
    fixable: true,
    onbuild: true,
    description: '`dnf clean all` missing after dnf command',
    messages: { clean: '`{{tool}} {{sub}}` leaves its package cache in this layer; run `{{tool}} clean all` after it in the same RUN' },
  },
  create(context) {
    return {
      RUN(ins) {
        if (cacheMounted(ins)) return;
        for (const inv of rpmInstalls(ins, ['dnf', 'microdnf'], SUBCOMMANDS)) {
          const tool = inv.cmd.name;
          if (followedBy(ins, inv.cmd, (c) => cleansAll(c, tool) || removes(c, DNF_CACHE))) continue;
          context.report({
            messageId: 'clean',
            data: { tool, sub: inv.sub.value },
            range: context.model.lines.range(inv.cmd.cmd.span),
            fix: appendCommand(context.model, ins, `${tool} clean all`),
          });
        }
      },
    };
  },
});

function cacheMounted(ins: Instruction): boolean {
  return ['/var/cache/libdnf5', '.cache/libdnf5', '/var/cache/dnf', '/var/cache/yum'].some((d) => hasCacheMountWith(ins, d));
}
