import { defineRule } from '../src/engine/api';
import { insertAt, unsafeFix } from '../src/engine/fix';
import { hasAnyOption, runCommandsNamed } from '../src/model/query/commands';

/**
 * wget's default progress bar turns into thousands of log lines in a build (hadolint DL3047). `--progress=dot:giga`
 * keeps it short; `-q`, `-nv` or logging to a file (`-o`, `-a`) silence it.
 */
export default defineRule({
  meta: {
    id: 'wget-missing-progress',
    aliases: ['DL3047'],
    severity: 'info',
    category: 'maintainability',
    fixable: true,
    onbuild: true,
    description: 'Avoid use of wget without progress bar: use wget --progress=dot:giga <url>, or -q / -nv',
    messages: { progress: '`wget` without --progress, -q or -nv floods the build log with its progress bar; add --progress=dot:giga' },
  },
  create(context) {
    return {
      RUN(ins) {
        for (const c of runCommandsNamed(ins, 'wget')) {
          if (hasAnyOption(c.args, ['progress', 'q', 'quiet', 'o', 'output-file', 'a', 'append-output', 'no-verbose'])) continue;
          if (c.args.some((a) => a.value === '-nv')) continue;
          // Unsafe: BusyBox wget (Alpine) has no --progress option.
          const fix = ins.script?.origin === 'exec' ? null : unsafeFix(insertAt(context.model, c.nameSpan.end, ' --progress=dot:giga'));
          context.report({ messageId: 'progress', range: context.model.lines.range(c.cmd.span), fix });
        }
      },
    };
  },
});
