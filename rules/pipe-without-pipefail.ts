import { defineRule } from '../src/engine/api';
import { baseName, optionNames } from '../src/model/query/commands';
import type { Instruction, Span } from '../src/model/types';
import { parseShell, shellParserReady, type ShellCommand, type ShellScript } from '../src/parse/shell';

/**
 * A pipeline's status is its last command's: `curl ... | tar x` succeeds even when curl fails, and the build goes on
 * with a broken layer. `SHELL ["/bin/bash", "-o", "pipefail", "-c"]` makes any failure count (hadolint DL4006).
 * Unlike hadolint, a pipefail SHELL inherited from a parent stage counts, so does `set -o pipefail` earlier in the
 * script, and exec-form RUNs are checked only when they run a shell with `-c`.
 */
const PIPEFAIL_SHELLS = new Set(['bash', 'zsh', 'ash', 'ksh', 'mksh']);
const POSIX_SHELLS = new Set([...PIPEFAIL_SHELLS, 'sh', 'dash', 'busybox']);

export default defineRule({
  meta: {
    id: 'pipe-without-pipefail',
    aliases: ['DL4006'],
    severity: 'warning',
    category: 'correctness',
    fixable: false,
    description: 'Set the SHELL option -o pipefail before RUN with a pipe in it',
    messages: {
      pipe: 'Without pipefail this pipeline fails only if its last command fails; set SHELL ["/bin/bash", "-o", "pipefail", "-c"] (or ash/zsh) before this RUN',
    },
  },
  create(context) {
    return {
      RUN(ins) {
        const target = scriptToCheck(ins);
        if (!target || target.pipefail) return;
        const at = firstPipe(target.script);
        if (at < 0 || setsPipefailBefore(target.script, at)) return;
        const span = target.span ?? pipelineSpan(target.script.commands, at);
        context.report({ messageId: 'pipe', range: context.model.lines.range(span), suggestion: 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]' });
      },
    };
  },
});

interface Target {
  script: ShellScript;
  pipefail: boolean;
  /** Where to report when the script's own spans do not point into the document (exec form). */
  span: Span | null;
}

function scriptToCheck(ins: Instruction): Target | null {
  if (ins.form === 'exec' && ins.execArgs) {
    // `RUN ["bash", "-c", "a | b"]`: SHELL does not apply; the shell and its options are right there.
    const argv = ins.execArgs;
    const c = argv.indexOf('-c');
    if (c < 0 || c + 1 >= argv.length || !POSIX_SHELLS.has(baseName(argv[0])) || !shellParserReady()) return null;
    const script = parseShell(argv[c + 1], () => ins.argsSpan, 'exec');
    return { script, pipefail: hasPipefail(argv.slice(0, c + 1)), span: ins.argsSpan };
  }
  if (!ins.script) return null;
  return { script: ins.script, pipefail: hasPipefail(ins.shell), span: null };
}

/** `["/bin/bash", "-o", "pipefail", "-c"]`, `["/bin/ash", "-eo", "pipefail", "-c"]` ... */
function hasPipefail(argv: readonly string[]): boolean {
  if (argv.length === 0 || !PIPEFAIL_SHELLS.has(baseName(argv[0]))) return false;
  const words = argv.slice(1).map((v) => ({ raw: v, value: v, dynamic: false, span: { start: 0, end: 0 } }));
  return optionNames(words).includes('o') && argv.includes('pipefail');
}

function firstPipe(script: ShellScript): number {
  return script.commands.findIndex((c) => c.op === '|');
}

/** `set -o pipefail` / `set -euo pipefail` at the top level before the pipe. */
function setsPipefailBefore(script: ShellScript, at: number): boolean {
  return script.commands.slice(0, at).some((c) => c.name === 'set' && !c.inSubshell && !c.inSubstitution && !c.conditional && optionNames(c.args).includes('o') && c.args.some((a) => a.value === 'pipefail'));
}

/** From the command before the `|` to the piped command. */
function pipelineSpan(commands: readonly ShellCommand[], at: number): Span {
  const piped = commands[at];
  for (let i = at - 1; i >= 0; i--) {
    if (commands[i].inSubstitution && !piped.inSubstitution) continue;
    return { start: commands[i].span.start, end: piped.span.end };
  }
  return piped.span;
}
