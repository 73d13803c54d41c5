import { FETCH_COMMANDS } from './fetch';
import { FS_COMMANDS } from './fs';
import { PACKAGE_COMMANDS } from './packages';
import { SYSTEM_COMMANDS } from './system';
import type { CommandModel } from './types';

/**
 * The table of command models a RUN is simulated with. A command that is not here makes its layer `unknown`
 * (with the command named as the reason); nothing is guessed from its name.
 */
export const COMMANDS: ReadonlyMap<string, CommandModel> = new Map(Object.entries({ ...SYSTEM_COMMANDS, ...FS_COMMANDS, ...FETCH_COMMANDS, ...PACKAGE_COMMANDS }));

export function isModelled(name: string): boolean {
  return COMMANDS.has(name);
}
