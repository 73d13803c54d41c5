import { defineRule } from '../src/engine/api';
import { quoteList } from '../src/engine/rule-text';
import { firstOperand, runCommands } from '../src/model/query/commands';
import type { ShellWord } from '../src/parse/shell';

/**
 * `gem install name` takes the newest release (hadolint DL3028). `name:version` or a `-v`/`--version` pins it.
 * Words after `--` go to the gem's build and are not gems.
 */
/** gem install options known not to take a value; any other option is read as taking the next word (as hadolint does). */
const BOOLEAN = new Set([
  '-N', '--document', '--no-document', '--no-ri', '--no-rdoc', '--ri', '--rdoc', '-f', '--force', '-q', '--quiet', '-V', '--verbose',
  '--conservative', '--minimal-deps', '--prerelease', '--pre', '-l', '--local', '-r', '--remote', '-b', '--both', '--clear-sources',
  '-E', '--env-shebang', '--lock', '--development', '--development-all', '--default', '--post-install-message', '--suggestions',
  '--ignore-dependencies', '--user-install', '-u', '--update-sources', '-w', '--wrappers', '--explain', '--vendor', '--system',
  '--silent', '--norc', '--backtrace', '--debug',
]);

export default defineRule({
  meta: {
    id: 'gem-unpinned',
    aliases: ['DL3028'],
    severity: 'warning',
    category: 'best-practice',
    fixable: false,
    onbuild: true,
    description: 'Pin versions in gem install: gem install <gem>:<version>',
    messages: { unpinned: '`gem install` of {{gems}} without a version: pin each as <gem>:<version> or with -v <version>' },
  },
  create(context) {
    return {
      RUN(ins) {
        for (const c of runCommands(ins)) {
          if (c.name !== 'gem') continue;
          const sub = firstOperand(c.args);
          if (!sub || (sub.word.value !== 'install' && sub.word.value !== 'i')) continue;
          const rest = c.args.slice(sub.index + 1);
          if (rest.some((a) => a.value === '-v' || a.value === '--version' || a.value.startsWith('--version=') || /^-v\S/.test(a.value))) continue;
          const unpinned = gems(rest).filter((g) => !g.includes(':'));
          if (unpinned.length === 0) continue;
          context.report({ messageId: 'unpinned', data: { gems: quoteList(unpinned) }, range: context.model.lines.range(c.cmd.span) });
        }
      },
    };
  },
});

function gems(args: readonly ShellWord[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const v = args[i].value;
    if (v === '--') break;
    if (!v.startsWith('-')) {
      out.push(v);
      continue;
    }
    if (!v.includes('=') && !BOOLEAN.has(v) && !v.startsWith('--no-')) i++;
  }
  return out;
}
