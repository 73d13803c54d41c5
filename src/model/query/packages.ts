import { expandVariables } from '../../parse/expand';
import type { ShellWord } from '../../parse/shell';
import type { Instruction } from '../types';
import { firstOperand, operands, runCommands, type RunCommand } from './commands';

/**
 * Package-manager invocations in RUN scripts: which tool, which subcommand, which package words. Each tool lists
 * the options that take a separate value, so a value (`-t bookworm-backports`, `--virtual .deps`) is never
 * mistaken for a subcommand or a package.
 */

const set = (...xs: string[]): ReadonlySet<string> => new Set(xs);

export const APT_VALUED = set('o', 'c', 't', 'a', 'option', 'config-file', 'target-release', 'default-release', 'host-architecture');

export const APK_VALUED = set(
  'X', 'repository', 'p', 'root', 'arch', 'keys-dir', 'repositories-file', 'cache-dir', 'cache-max-age', 'timeout', 'wait', 'progress-fd',
  't', 'virtual',
);

export const PIP_VALUED = set(
  'abi', 'b', 'build', 'e', 'editable', 'extra-index-url', 'f', 'find-links', 'i', 'index-url', 'implementation', 'no-binary', 'only-binary',
  'platform', 'prefix', 'progress-bar', 'proxy', 'python-version', 'root', 'src', 't', 'target', 'trusted-host', 'upgrade-strategy',
  'r', 'requirement', 'c', 'constraint', 'cache-dir', 'log', 'timeout', 'retries', 'exists-action', 'cert', 'client-cert', 'global-option',
  'install-option', 'config-settings', 'C', 'report', 'python', 'root-user-action', 'use-feature', 'use-deprecated', 'keyring-provider',
);

export const NPM_VALUED = set(
  'loglevel', 'registry', 'prefix', 'cache', 'userconfig', 'globalconfig', 'w', 'workspace', 'omit', 'include', 'install-strategy', 'before',
  'otp', 'tag', 'save-prefix', 'only', 'location', 'script-shell', 'fetch-retries', 'fetch-timeout',
);

export const YUM_VALUED = set(
  'c', 'config', 'd', 'debuglevel', 'e', 'errorlevel', 'R', 'randomwait', 'x', 'exclude', 'installroot', 'enablerepo', 'disablerepo',
  'setopt', 'releasever', 'repo', 'repoid', 'downloaddir', 'destdir', 'rpmverbosity', 'forcearch', 'repofrompath', 'comment', 'advisory',
  'advisories', 'bz', 'cve', 'sec-severity', 'secseverity', 'color', 'disableplugin', 'enableplugin', 'excludepkgs', 'includepkgs',
);

export const ZYPPER_VALUED = set(
  'R', 'root', 'c', 'config', 'D', 'reposd-dir', 'C', 'cache-dir', 'raw-cache-dir', 'solv-cache-dir', 'pkg-cache-dir', 'installroot',
  't', 'type', 'r', 'repo', 'from', 'download', 'p', 'plus-repo', 'plus-content',
);

export const GO_VALUED = set(
  'o', 'p', 'C', 'tags', 'ldflags', 'gcflags', 'asmflags', 'mod', 'modfile', 'pkgdir', 'toolexec', 'overlay', 'pgo', 'buildmode', 'compiler',
  'gccgoflags', 'installsuffix', 'exec', 'covermode', 'coverpkg', 'buildvcs',
);

export interface ToolInvocation {
  cmd: RunCommand;
  /** The subcommand word (`install`, `add` ...). */
  sub: ShellWord;
  /** Index of `sub` in `cmd.args`. */
  subIndex: number;
  /** Operands after the subcommand, option values removed: the package words. */
  packages: ShellWord[];
}

/** Invocations of `tools` whose first operand is one of `subcommands`. */
export function invocations(ins: Instruction, tools: readonly string[], subcommands: readonly string[], valued: ReadonlySet<string>): ToolInvocation[] {
  const out: ToolInvocation[] = [];
  for (const cmd of runCommands(ins)) {
    if (!tools.includes(cmd.name)) continue;
    const inv = invocationOf(cmd, subcommands, valued);
    if (inv) out.push(inv);
  }
  return out;
}

export function invocationOf(cmd: RunCommand, subcommands: readonly string[], valued: ReadonlySet<string>): ToolInvocation | null {
  const first = firstOperand(cmd.args, valued);
  if (!first || !subcommands.includes(first.word.value)) return null;
  const rest = cmd.args.slice(first.index + 1);
  return { cmd, sub: first.word, subIndex: first.index, packages: operands(rest, valued).map((o) => o.word) };
}

/** `apt-get install` (and `apt install`: the same packages, the same prompts). */
export function aptInstalls(ins: Instruction, tools: readonly string[] = ['apt-get', 'apt']): ToolInvocation[] {
  return invocations(ins, tools, ['install'], APT_VALUED);
}

/** Is `pip` run here, as `pip*`, or as `python* -m pip`? Returns the words pip receives. */
export function pipArgs(cmd: RunCommand): ShellWord[] | null {
  if (cmd.name.startsWith('pip')) return cmd.args;
  if (!cmd.name.startsWith('python')) return null;
  for (let i = 0; i < cmd.args.length; i++) {
    const v = cmd.args[i].value;
    if (v === '-m' && cmd.args[i + 1]?.value === 'pip') return cmd.args.slice(i + 2);
    if (v === '-mpip') return cmd.args.slice(i + 1);
    if (!v.startsWith('-')) return null;
  }
  return null;
}

/** A `pip install` (also `pip3`, `pip3.12`, `python3 -m pip`, and wrappers such as `pipx` whose name starts with pip). */
export interface PipInstall {
  cmd: RunCommand;
  /** Every word pip receives (global options, the subcommand, its arguments). */
  args: ShellWord[];
  sub: ShellWord;
  /** Words after `install`. */
  rest: ShellWord[];
}

export function pipInstalls(ins: Instruction): PipInstall[] {
  const out: PipInstall[] = [];
  for (const cmd of runCommands(ins)) {
    const args = pipArgs(cmd);
    if (!args) continue;
    const first = firstOperand(args, PIP_VALUED);
    if (!first || first.word.value !== 'install') continue;
    out.push({ cmd, args, sub: first.word, rest: args.slice(first.index + 1) });
  }
  return out;
}

/** `pipx` and `pipenv` manage their own environments and caches: not plain pip. */
export function isPipWrapper(cmd: RunCommand): boolean {
  if (cmd.name.includes('pipx') || cmd.name.includes('pipenv')) return true;
  return cmd.name.startsWith('python') && cmd.args.some((a, i) => a.value === '-m' && /^(pipx|pipenv)$/.test(cmd.args[i + 1]?.value ?? ''));
}

/** Index of a command in the instruction's script (for "comes after" checks). */
export function commandOrder(ins: Instruction, cmd: RunCommand): number {
  return ins.script ? ins.script.commands.indexOf(cmd.cmd) : -1;
}

/** Does any command matching `pred` come after `after` in the script? */
export function followedBy(ins: Instruction, after: RunCommand, pred: (c: RunCommand) => boolean): boolean {
  const at = commandOrder(ins, after);
  return runCommands(ins).some((c) => commandOrder(ins, c) > at && pred(c));
}

/** An `rm` whose operands include a path matching `path`. */
export function removes(cmd: RunCommand, path: RegExp): boolean {
  return cmd.name === 'rm' && operands(cmd.args).some((o) => path.test(o.word.value));
}

const RPM_VERSION_CHAR = /^[A-Za-z0-9.~^_:+]*$/;

/**
 * Does an rpm package word (yum/dnf) name a version? `name-version[-release]`: after the first `-`, every part is
 * made of version characters and one starts with a digit (`tomcat-9.0.1`, `gcc-c++-1.1.1`, `openssl-1:1.1.1k`).
 * A `.rpm` file is pinned by nature; `name-${VERSION}` counts when VERSION is one the Dockerfile declares.
 */
export function rpmPinned(pkg: string, declared: ReadonlySet<string>): boolean {
  const parts = pkg.split('-');
  if (parts.length <= 1) return false;
  if (pkg.endsWith('.rpm')) return true;
  if (pkg.includes('$')) return [...pkg.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)].some((m) => declared.has(m[1]));
  const rest = parts.slice(1);
  return rest.every((p) => RPM_VERSION_CHAR.test(p)) && rest.some((p) => /^[0-9]/.test(p));
}


/**
 * An rpm tool's install: the command, its subcommand word, and the package (or module) words. `yum module install`
 * and `dnf module install` give modules; `group install` / `groupinstall` give group names, which have no version.
 */
export interface RpmInstall {
  cmd: RunCommand;
  sub: ShellWord;
  kind: 'packages' | 'modules' | 'groups';
  words: ShellWord[];
}

export function rpmInstalls(ins: Instruction, tools: readonly string[], subcommands: readonly string[]): RpmInstall[] {
  const out: RpmInstall[] = [];
  for (const cmd of runCommands(ins)) {
    if (!tools.includes(cmd.name)) continue;
    const ops = operands(cmd.args, YUM_VALUED).map((o) => o.word);
    const [first, second] = ops;
    if (!first) continue;
    if ((first.value === 'module' || first.value === 'group') && second && subcommands.includes(second.value)) {
      out.push({ cmd, sub: second, kind: first.value === 'module' ? 'modules' : 'groups', words: ops.slice(2) });
    } else if (first.value === 'groupinstall' && subcommands.includes('groupinstall')) {
      out.push({ cmd, sub: first, kind: 'groups', words: ops.slice(1) });
    } else if (subcommands.includes(first.value)) {
      out.push({ cmd, sub: first, kind: 'packages', words: ops.slice(1) });
    }
  }
  return out;
}

/** Is `cmd` the given tool's `clean all`? */
export function cleansAll(cmd: RunCommand, tool: string): boolean {
  if (cmd.name !== tool) return false;
  const ops = operands(cmd.args, YUM_VALUED).map((o) => o.word.value);
  return ops[0] === 'clean' && ops[1] === 'all';
}

/**
 * A word's value with ARG/ENV variables filled in from the instruction's scope, so a version kept in a build
 * argument counts: `curl${CURL_PIN}` with `ARG CURL_PIN==7.88.1-10` is pinned. When any variable is unknown (set in the script,
 * or declared without a value) the word is returned as written.
 */
export function resolvedValue(word: ShellWord, ins: Instruction): string {
  if (!word.dynamic || !word.value.includes('$') || /\$\(|`/.test(word.value)) return word.value;
  const e = expandVariables(word.value, (n) => ins.scope.get(n)?.value, '\\');
  return e.undefinedNames.length > 0 ? word.value : e.text;
}
