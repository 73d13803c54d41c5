import type { ShellCommand, ShellScript, ShellWord } from '../../parse/shell';
import type { Instruction, Span } from '../types';

/**
 * Commands a RUN really executes, with wrappers peeled off: the one wrapper peeler (`effective()` in shell-query.ts
 * uses it too). It knows the wrappers' options that take a value (`nice -n 10`, `xargs -I {}`, `sudo -u user`),
 * and it drops look-ups such as `command -v wget`, which name a program without running it.
 */
export interface RunCommand {
  /** Program name as run (basename). */
  name: string;
  /** Words after the program name. */
  args: ShellWord[];
  /** The parsed shell command this comes from. */
  cmd: ShellCommand;
  nameSpan: Span;
  /** Wrappers peeled off, outermost first (`sudo`, `env` ...). */
  via: string[];
}

/** Wrapper → its options that take a separate value. */
const WRAPPERS: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['sudo', new Set(['-u', '-g', '-p', '-h', '-C', '-D', '-r', '-t', '-U', '-T', '--user', '--group', '--prompt', '--host', '--chdir'])],
  ['env', new Set(['-u', '-C', '-S', '--unset', '--chdir', '--split-string'])],
  ['time', new Set(['-f', '-o', '--format', '--output'])],
  ['exec', new Set(['-a'])],
  ['nice', new Set(['-n', '--adjustment'])],
  ['nohup', new Set()],
  ['command', new Set()],
  ['builtin', new Set()],
  ['xargs', new Set(['-I', '-i', '-L', '-l', '-n', '-P', '-s', '-d', '-E', '-e', '-a', '--max-args', '--max-procs', '--delimiter', '--arg-file', '--max-lines', '--max-chars'])],
  ['stdbuf', new Set(['-i', '-o', '-e'])],
  ['timeout', new Set(['-s', '-k', '--signal', '--kill-after'])],
  ['chroot', new Set(['--userspec', '--groups'])],
  ['gosu', new Set()],
  ['su-exec', new Set()],
  ['tini', new Set()],
  ['eatmydata', new Set()],
  ['fakeroot', new Set()],
  ['doas', new Set(['-u', '-C'])],
]);

/** Wrappers whose first positional word is not the program (a user for gosu, a duration for timeout, a root for chroot). */
const SKIP_FIRST_POSITIONAL = new Set(['gosu', 'su-exec', 'timeout', 'chroot']);

export function baseName(n: string): string {
  const slash = n.lastIndexOf('/');
  return slash >= 0 ? n.slice(slash + 1) : n;
}

/** Peel wrappers off one command; null when the command only looks a program up (`command -v x`). */
export function peel(cmd: ShellCommand): RunCommand | null {
  let name = baseName(cmd.name);
  let args = cmd.args;
  let nameSpan = cmd.nameSpan;
  const via: string[] = [];
  for (let guard = 0; guard < 6; guard++) {
    const valued = WRAPPERS.get(name);
    if (!valued) break;
    if (name === 'command' && args.some((a) => a.value === '-v' || a.value === '-V')) return null;
    let i = 0;
    let skipPositional = SKIP_FIRST_POSITIONAL.has(name);
    while (i < args.length) {
      const v = args[i].value;
      if (v === '--') {
        i++;
        break;
      }
      if (v.startsWith('-') && v.length > 1) {
        if (valued.has(v)) i++;
        i++;
        continue;
      }
      if (name === 'env' && /^\w+=/.test(v)) {
        i++;
        continue;
      }
      if (skipPositional) {
        skipPositional = false;
        i++;
        continue;
      }
      break;
    }
    if (i >= args.length) break;
    via.push(name);
    name = baseName(args[i].value);
    nameSpan = args[i].span;
    args = args.slice(i + 1);
  }
  return { name, args, cmd, nameSpan, via };
}

/** runCommands by script: some twenty rules ask for the same RUN's commands, and peeling each time showed in profiles. */
const peeled = new WeakMap<ShellScript, readonly RunCommand[]>();

/** Every command of the instruction's script that runs a program (look-ups dropped), in script order. */
export function runCommands(ins: Instruction): readonly RunCommand[] {
  const script = ins.script;
  if (!script) return [];
  let out = peeled.get(script);
  if (!out) {
    const list: RunCommand[] = [];
    for (const c of script.commands) {
      const r = peel(c);
      if (r) list.push(r);
    }
    peeled.set(script, (out = list));
  }
  return out;
}

/** Commands of the script that run one of `names`. */
export function runCommandsNamed(ins: Instruction, ...names: string[]): RunCommand[] {
  return runCommands(ins).filter((c) => names.includes(c.name));
}

/**
 * Option names as hadolint reads them: `--name=value` gives `name`, `-abc` gives `a`, `b`, `c`. Words after a bare
 * `--` are operands, not options.
 */
export function optionNames(args: readonly ShellWord[]): string[] {
  const out: string[] = [];
  for (const a of args) {
    const v = a.value;
    if (v === '--') break;
    if (v === '-' || !v.startsWith('-')) continue;
    if (v.startsWith('--')) out.push(v.slice(2).split('=')[0]);
    else for (const ch of v.slice(1)) out.push(ch);
  }
  return out;
}

export function hasAnyOption(args: readonly ShellWord[], names: readonly string[]): boolean {
  return optionNames(args).some((n) => names.includes(n));
}

/** How often an option is given (`-q -q`, `-qq`, `--quiet --quiet`). */
export function countOption(args: readonly ShellWord[], name: string): number {
  return optionNames(args).filter((n) => n === name).length;
}

/** A word and where it stands among a command's arguments. */
export interface IndexedWord {
  word: ShellWord;
  index: number;
}

/**
 * The operands of a command: words that are not options, without the values of options listed in `valued`
 * (long names without dashes, short ones as one letter). A value written inline (`--index-url=x`, `-ix`) is part
 * of its option word already. After `--` every word is an operand.
 */
export function operands(args: readonly ShellWord[], valued: ReadonlySet<string> = new Set()): IndexedWord[] {
  const out: IndexedWord[] = [];
  let afterDashDash = false;
  for (let i = 0; i < args.length; i++) {
    const v = args[i].value;
    if (afterDashDash || !v.startsWith('-') || v === '-') {
      out.push({ word: args[i], index: i });
      continue;
    }
    if (v === '--') {
      afterDashDash = true;
      continue;
    }
    if (takesNextWord(v, valued)) i++;
  }
  return out;
}

/** Does this option word consume the following word as its value? */
export function takesNextWord(option: string, valued: ReadonlySet<string>): boolean {
  if (option.startsWith('--')) return !option.includes('=') && valued.has(option.slice(2));
  // A bundle of short options: only the last letter can take the next word; an earlier one takes the rest inline.
  const letters = option.slice(1);
  for (let k = 0; k < letters.length; k++) {
    if (!valued.has(letters[k])) continue;
    return k === letters.length - 1;
  }
  return false;
}

/** The first operand (a subcommand such as `install`), or null. */
export function firstOperand(args: readonly ShellWord[], valued: ReadonlySet<string> = new Set()): IndexedWord | null {
  return operands(args, valued)[0] ?? null;
}
