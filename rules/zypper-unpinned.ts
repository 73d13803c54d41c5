import { defineRule } from '../src/engine/api';
import { quoteList } from '../src/engine/rule-text';
import { invocations, resolvedValue, ZYPPER_VALUED } from '../src/model/query/packages';
import type { ShellWord } from '../src/parse/shell';

/**
 * `zypper install name` takes the newest build in the repositories (hadolint DL3037). A version constraint
 * (`name=1.2`, `name>=1.2`, `name<2`) or an `.rpm` file pins it. Patterns, patches and products (`-t pattern`) have
 * no version to pin and are left alone.
 */
export default defineRule({
  meta: {
    id: 'zypper-unpinned',
    aliases: ['DL3037'],
    severity: 'warning',
    category: 'best-practice',
    fixable: false,
    onbuild: true,
    description: 'Specify version with zypper install -y <package>=<version>',
    messages: { unpinned: '`zypper {{sub}}` of {{packages}} without a version: pin each as <package>=<version>' },
  },
  create(context) {
    return {
      RUN(ins) {
        for (const inv of invocations(ins, ['zypper'], ['install', 'in'], ZYPPER_VALUED)) {
          if (installsNonPackages(inv.cmd.args)) continue;
          const unpinned = inv.packages.filter((p) => !pinned(resolvedValue(p, ins))).map((p) => p.value);
          if (unpinned.length === 0) continue;
          context.report({ messageId: 'unpinned', data: { sub: inv.sub.value, packages: quoteList(unpinned) }, range: context.model.lines.range(inv.cmd.cmd.span) });
        }
      },
    };
  },
});

/** `-t pattern`, `--type=patch` ...: the names are not packages. */
function installsNonPackages(args: readonly ShellWord[]): boolean {
  return args.some((a, i) => {
    const type = a.value === '-t' || a.value === '--type' ? args[i + 1]?.value : a.value.startsWith('--type=') ? a.value.slice(7) : /^-t./.test(a.value) ? a.value.slice(2) : null;
    return type !== null && type !== undefined && type !== 'package';
  });
}

function pinned(pkg: string): boolean {
  return /[=<>]/.test(pkg) || pkg.endsWith('.rpm');
}
