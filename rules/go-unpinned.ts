import { defineRule } from '../src/engine/api';
import { quoteList } from '../src/engine/rule-text';
import { GO_VALUED, invocations, resolvedValue } from '../src/model/query/packages';

/**
 * `go install pkg`, `go get pkg` and `go run pkg` of a remote module need `@version`; `@latest` and `@none` move
 * (hadolint DL3062). Local packages (`.`, `./cmd/x`, `/src/x`) and, unlike hadolint, `.go` files are left alone.
 */
export default defineRule({
  meta: {
    id: 'go-unpinned',
    aliases: ['DL3062'],
    severity: 'warning',
    category: 'best-practice',
    fixable: false,
    onbuild: true,
    description: 'Pin versions in go install: go install <package>@<version>',
    messages: { unpinned: '`go {{sub}}` of {{packages}} without a fixed version: use <package>@<version> (not @latest)' },
  },
  create(context) {
    return {
      RUN(ins) {
        for (const inv of invocations(ins, ['go'], ['install', 'get', 'run'], GO_VALUED)) {
          // `go run pkg args...`: only the first operand is a package, the rest are the program's arguments.
          const words = inv.sub.value === 'run' ? inv.packages.slice(0, 1) : inv.packages;
          const unpinned = words.filter((w) => !pinned(resolvedValue(w, ins))).map((w) => w.value);
          if (unpinned.length === 0) continue;
          context.report({ messageId: 'unpinned', data: { sub: inv.sub.value, packages: quoteList(unpinned) }, range: context.model.lines.range(inv.cmd.cmd.span) });
        }
      },
    };
  },
});

function pinned(pkg: string): boolean {
  if (pkg === '.' || pkg.startsWith('/') || pkg.startsWith('.') || pkg.endsWith('.go')) return true;
  return pkg.includes('@') && !/@(latest|none)$/.test(pkg);
}
