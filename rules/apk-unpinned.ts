import { defineRule } from '../src/engine/api';
import { quoteList } from '../src/engine/rule-text';
import { APK_VALUED, invocations, resolvedValue } from '../src/model/query/packages';

/**
 * `apk add name` installs whatever the repository holds today (hadolint DL3018). A constraint (`name=1.2-r0`,
 * `name~1.2`, `name>=1.2`) or a local `.apk` file pins it. The `--virtual`/`-t` group name is not a package.
 */
export default defineRule({
  meta: {
    id: 'apk-unpinned',
    aliases: ['DL3018'],
    severity: 'warning',
    category: 'best-practice',
    fixable: false,
    onbuild: true,
    description: 'Pin versions in apk add: apk add <package>=<version>',
    messages: { unpinned: '`apk add` of {{packages}} without a version: pin each as <package>=<version>' },
  },
  create(context) {
    return {
      RUN(ins) {
        for (const inv of invocations(ins, ['apk'], ['add'], APK_VALUED)) {
          const unpinned = inv.packages.filter((p) => !pinned(resolvedValue(p, ins))).map((p) => p.value);
          if (unpinned.length === 0) continue;
          context.report({ messageId: 'unpinned', data: { packages: quoteList(unpinned) }, range: context.model.lines.range(inv.cmd.cmd.span) });
        }
      },
    };
  },
});

function pinned(pkg: string): boolean {
  return /[=~<>]/.test(pkg) || pkg.endsWith('.apk');
}
