import { defineRule } from '../src/engine/api';
import { quoteList } from '../src/engine/rule-text';
import { rpmInstalls, rpmPinned } from '../src/model/query/packages';
import { declaredNames } from '../src/model/query/stages';

/**
 * `dnf install name` takes the newest build in the repositories (hadolint DL3041). Pin with `name-version`; modules
 * with `name:stream`. A version held in a variable the Dockerfile declares (ARG, or ENV of this stage) counts.
 */
export default defineRule({
  meta: {
    id: 'dnf-unpinned',
    aliases: ['DL3041'],
    severity: 'warning',
    category: 'best-practice',
    fixable: false,
    onbuild: true,
    description: 'Specify version with dnf install -y <package>-<version>',
    messages: {
      unpinned: '`{{tool}} install` of {{packages}} without a version: pin each as <package>-<version>',
      module: '`{{tool}} module install` of {{packages}} without a stream: pin each as <module>:<stream>',
    },
  },
  create(context) {
    return {
      RUN(ins) {
        // Only for RUNs that install RPMs: the names are gathered from every instruction before this one.
        let declared: Set<string> | null = null;
        for (const inv of rpmInstalls(ins, ['dnf', 'microdnf'], ['install', 'in'])) {
          if (inv.kind === 'groups') continue;
          const words = inv.words.map((w) => w.value);
          const modules = inv.kind === 'modules';
          const unpinned = words.filter((w) => (modules ? !w.includes(':') : !rpmPinned(w, (declared ??= declaredNames(context.model, ins)))));
          if (unpinned.length === 0) continue;
          context.report({ messageId: modules ? 'module' : 'unpinned', data: { tool: inv.cmd.name, packages: quoteList(unpinned) }, range: context.model.lines.range(inv.cmd.cmd.span) });
        }
      },
    };
  },
});
