import { defineRule } from '../src/engine/api';
import { insertAfterWord } from '../src/engine/shell-fix';
import { hasAnyOption } from '../src/model/query/commands';
import { hasCacheMountWith } from '../src/model/query/mounts';
import { APK_VALUED, followedBy, invocations, removes } from '../src/model/query/packages';

/**
 * `apk add` without `--no-cache` leaves the package index in /var/cache/apk in the layer (hadolint DL3019). A cache
 * or tmpfs mount on /var/cache/apk keeps it out, and so (unlike hadolint) does removing /var/cache/apk later in the
 * same RUN.
 */
const APK_CACHE = /^\/var\/cache\/apk(\/.*)?$/;

export default defineRule({
  meta: {
    id: 'apk-missing-no-cache',
    aliases: ['DL3019'],
    severity: 'info',
    category: 'layer-cost',
    fixable: true,
    onbuild: true,
    description: 'Use the --no-cache switch to avoid the need to use --update and remove /var/cache/apk/* when done installing packages',
    messages: { cache: '`apk add` without --no-cache leaves the package index in /var/cache/apk in this layer; add --no-cache' },
  },
  create(context) {
    return {
      RUN(ins) {
        if (hasCacheMountWith(ins, '/var/cache/apk')) return;
        for (const inv of invocations(ins, ['apk'], ['add'], APK_VALUED)) {
          if (hasAnyOption(inv.cmd.args, ['no-cache'])) continue;
          if (followedBy(ins, inv.cmd, (c) => removes(c, APK_CACHE))) continue;
          context.report({ messageId: 'cache', range: context.model.lines.range(inv.cmd.cmd.span), fix: insertAfterWord(context.model, ins, inv.sub, ' --no-cache') });
        }
      },
    };
  },
});
