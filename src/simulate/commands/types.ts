import type { ShellCommand } from '../../parse/shell';
import type { RunContext } from '../run';
import type { Size } from '../size';
import type { FileVersion } from '../types';

/** A word of a command after variable expansion. */
export interface Word {
  text: string;
  /** Every expansion in it could be resolved (no command substitution, no unknown variable). */
  resolved: boolean;
  /** Holds an unquoted glob character (the shell would expand it against the filesystem). */
  glob: boolean;
}

/** Data arriving on a command's standard input. */
export interface Stdin {
  size: Size;
  /** The file it comes from, when it is a file (`cat x.tgz | tar -xz`, `tar -x < x.tar`). */
  version: FileVersion | null;
}

export interface Invocation {
  /** Effective command name (wrappers such as sudo/env peeled off, path stripped). */
  name: string;
  args: Word[];
  cmd: ShellCommand;
  stdin: Stdin | null;
  /** Environment for this command (shell variables plus `VAR=value cmd` prefixes). */
  env: ReadonlyMap<string, string>;
}

/**
 * What a command printed on stdout: a size (null: nothing). A model that returns no `stdout` says the output size
 * is not known, which matters only when it is redirected into a file.
 */
export interface CommandResult {
  stdout?: Size | null;
  /** The file whose bytes went to stdout unchanged (`cat file`), so a pipe into tar can read it. */
  stdoutVersion?: FileVersion | null;
}

export type CommandModel = (inv: Invocation, rc: RunContext) => CommandResult | void;
