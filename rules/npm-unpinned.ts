import { defineRule } from '../src/engine/api';
import { quoteList } from '../src/engine/rule-text';
import { invocations, NPM_VALUED, resolvedValue } from '../src/model/query/packages';

/**
 * `npm install name` resolves to whatever is newest at build time (hadolint DL3016). `npm install` without package
 * names installs what package.json and the lock file say, and is fine. Folders and tarballs name one artifact; git
 * URLs need a `#ref`. Unlike hadolint, `npm i` and `npm add` count as installs, and `@latest` is not a pin.
 */
const GIT = /^git(\+(ssh|https?))?:\/\//;
const TARBALL = /\.(tar|tar\.gz|tgz)$/;
const FOLDER = /^(\/|\.\/|\.\.\/|~\/)/;

export default defineRule({
  meta: {
    id: 'npm-unpinned',
    aliases: ['DL3016'],
    severity: 'warning',
    category: 'best-practice',
    fixable: false,
    onbuild: true,
    description: 'Pin versions in npm: npm install <package>@<version>',
    messages: { unpinned: '`npm {{sub}}` of {{packages}} without a version: pin each as <package>@<version>' },
  },
  create(context) {
    return {
      RUN(ins) {
        for (const inv of invocations(ins, ['npm'], ['install', 'i', 'add'], NPM_VALUED)) {
          const unpinned = inv.packages.filter((p) => !pinned(resolvedValue(p, ins))).map((p) => p.value);
          if (unpinned.length === 0) continue;
          context.report({ messageId: 'unpinned', data: { sub: inv.sub.value, packages: quoteList(unpinned) }, range: context.model.lines.range(inv.cmd.cmd.span) });
        }
      },
    };
  },
});

function pinned(pkg: string): boolean {
  if (GIT.test(pkg)) return pkg.includes('#');
  if (TARBALL.test(pkg) || FOLDER.test(pkg)) return true;
  // A scope (`@org/name`) starts with @; the version marker is an @ after it.
  const at = pkg.indexOf('@', pkg.startsWith('@') ? 1 : 0);
  if (at < 0) return false;
  return pkg.slice(at + 1) !== 'latest';
}
