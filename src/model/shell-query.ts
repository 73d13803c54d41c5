import type { ShellCommand, ShellWord } from '../parse/shell';
import { baseName, peel, type RunCommand } from './query/commands';
import type { Instruction } from './types';

/** A command with wrappers peeled off: the name it really runs and the words after it (see query/commands.ts). */
export type EffectiveCommand = RunCommand;

/**
 * The command as it runs, wrappers (`sudo -u x`, `env A=1`, `nice -n 5` ...) peeled off by the one peeler the rules
 * share. A look-up such as `command -v curl` runs nothing: it stays the `command` builtin.
 */
export function effective(cmd: ShellCommand): EffectiveCommand {
  return peel(cmd) ?? { name: baseName(cmd.name), args: cmd.args, cmd, nameSpan: cmd.nameSpan, via: [] };
}

/** Commands of an instruction's script whose effective name is one of `names`. */
export function commandsNamed(ins: Instruction, ...names: string[]): EffectiveCommand[] {
  if (!ins.script) return [];
  const out: EffectiveCommand[] = [];
  for (const c of ins.script.commands) {
    const e = effective(c);
    if (names.includes(e.name)) out.push(e);
  }
  return out;
}

export function allEffective(ins: Instruction): EffectiveCommand[] {
  return ins.script ? ins.script.commands.map(effective) : [];
}

/** Words that are not options. */
export function positional(args: readonly ShellWord[]): ShellWord[] {
  return args.filter((a) => !a.value.startsWith('-'));
}

/** The first positional word (a subcommand such as `install`), skipping options and their known values. */
export function subcommand(args: readonly ShellWord[], optionsWithValue: ReadonlySet<string> = new Set()): { word: ShellWord; index: number } | null {
  for (let i = 0; i < args.length; i++) {
    const v = args[i].value;
    if (v.startsWith('-')) {
      if (optionsWithValue.has(v)) i++;
      continue;
    }
    return { word: args[i], index: i };
  }
  return null;
}

/** Is a flag present? Short flags may be bundled (`-qy` holds `-y`). */
export function hasFlag(args: readonly ShellWord[], long: readonly string[], short: readonly string[] = []): boolean {
  for (const a of args) {
    const v = a.value;
    if (v === '--') break;
    if (v.startsWith('--')) {
      const name = v.split('=')[0];
      if (long.includes(name)) return true;
    } else if (v.startsWith('-') && v.length > 1) {
      for (const s of short) if (v.slice(1).includes(s)) return true;
    }
  }
  return false;
}

export const APT_GET_OPTIONS_WITH_VALUE = new Set(['-o', '-c', '-t', '--target-release', '--option', '--config-file', '--default-release']);

/** `apt-get install` / `apt install` / `aptitude install` with the package words. */
export function aptInstall(ins: Instruction, tools: readonly string[] = ['apt-get']): { cmd: EffectiveCommand; packages: ShellWord[]; sub: ShellWord }[] {
  const out: { cmd: EffectiveCommand; packages: ShellWord[]; sub: ShellWord }[] = [];
  for (const e of commandsNamed(ins, ...tools)) {
    const sub = subcommand(e.args, APT_GET_OPTIONS_WITH_VALUE);
    if (!sub || sub.word.value !== 'install') continue;
    const packages: ShellWord[] = [];
    for (let i = sub.index + 1; i < e.args.length; i++) {
      const v = e.args[i].value;
      if (v.startsWith('-')) {
        if (APT_GET_OPTIONS_WITH_VALUE.has(v)) i++;
        continue;
      }
      packages.push(e.args[i]);
    }
    out.push({ cmd: e, packages, sub: sub.word });
  }
  return out;
}
