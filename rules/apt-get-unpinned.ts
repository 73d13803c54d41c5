import { defineRule } from '../src/engine/api';
import { quoteList } from '../src/engine/rule-text';
import { aptInstalls, resolvedValue } from '../src/model/query/packages';

/**
 * Without `pkg=version` the same Dockerfile installs whatever the mirror has today, so two builds differ
 * (hadolint DL3008). A path or a `.deb` file names an exact package already; so does a `pkg/release` selection in
 * hadolint's reading, which this rule follows.
 */
export default defineRule({
  meta: {
    id: 'apt-get-unpinned',
    aliases: ['DL3008'],
    severity: 'warning',
    category: 'best-practice',
    fixable: false,
    onbuild: true,
    description: 'Pin versions in apt-get install: apt-get install <package>=<version>',
    messages: { unpinned: '`{{tool}} install` of {{packages}} without a version: pin each as <package>=<version> for repeatable builds' },
  },
  create(context) {
    return {
      RUN(ins) {
        for (const inv of aptInstalls(ins)) {
          const unpinned = inv.packages.filter((p) => !pinned(resolvedValue(p, ins))).map((p) => p.value);
          if (unpinned.length === 0) continue;
          context.report({ messageId: 'unpinned', data: { tool: inv.cmd.name, packages: quoteList(unpinned) }, range: context.model.lines.range(inv.cmd.cmd.span) });
        }
      },
    };
  },
});

function pinned(pkg: string): boolean {
  return pkg.includes('=') || pkg.includes('/') || pkg.endsWith('.deb');
}

