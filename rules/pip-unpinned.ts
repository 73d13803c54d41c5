import { defineRule } from '../src/engine/api';
import { quoteList } from '../src/engine/rule-text';
import { hasAnyOption, operands } from '../src/model/query/commands';
import { PIP_VALUED, pipInstalls, resolvedValue } from '../src/model/query/packages';
import type { ShellWord } from '../src/parse/shell';

/**
 * `pip install name` takes the newest release at build time (hadolint DL3013). Installing from a requirements or
 * constraints file, the current project (`.`), a local wheel or sdist, a path or URL, or a VCS URL with `@ref` is
 * left alone: those pin elsewhere or name one artifact.
 */
const VERSION = /==|>=|<=|>|<|!=|~=|===/;
const VCS = /^(git|hg|svn|bzr)(\+[a-z-]+)?:/;

export default defineRule({
  meta: {
    id: 'pip-unpinned',
    aliases: ['DL3013'],
    severity: 'warning',
    category: 'best-practice',
    fixable: false,
    onbuild: true,
    description: 'Pin versions in pip: pip install <package>==<version>, or install from a requirements file',
    messages: { unpinned: '`pip install` of {{packages}} without a version: pin each (<package>==<version>) or install from a requirements file' },
  },
  create(context) {
    return {
      RUN(ins) {
        for (const pip of pipInstalls(ins)) {
          if (fromFile(pip.args)) continue;
          const unpinned = operands(pip.rest, PIP_VALUED).filter((o) => !pinned(resolvedValue(o.word, ins))).map((o) => o.word.value);
          if (unpinned.length === 0) continue;
          context.report({ messageId: 'unpinned', data: { packages: quoteList(unpinned) }, range: context.model.lines.range(pip.cmd.cmd.span) });
        }
      },
    };
  },
});

/** Requirements (`-r`), constraints (`-c`) or the current project (`.`): versions live elsewhere. */
function fromFile(args: readonly ShellWord[]): boolean {
  const words = args.map((a) => a.value);
  if (words.some((w) => w === '.' || w === '-r' || w === '--requirement' || w.startsWith('--requirement=') || /^-r\S/.test(w))) return true;
  return hasAnyOption(args, ['c', 'constraint']);
}

function pinned(pkg: string): boolean {
  if (VERSION.test(pkg)) return true;
  if (VCS.test(pkg)) return pkg.includes('@');
  if (pkg.endsWith('.whl') || pkg.endsWith('.tar.gz')) return true;
  return pkg.includes('/');
}
