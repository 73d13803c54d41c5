import { trimTrailingSlashes } from '../parse/text';
import type { Builder, Instruction } from './types';

/**
 * Does the instruction produce a filesystem layer? RUN, COPY and ADD always do. WORKDIR does under BuildKit
 * (a small layer that creates the folder) unless it is `/`; the classic builder only adds one when the folder is new,
 * which the model cannot know, so it assumes a folder set by an earlier WORKDIR of the stage exists.
 */
export function isLayerInstruction(ins: Instruction, builder: Builder): boolean {
  switch (ins.keyword) {
    case 'RUN':
    case 'COPY':
    case 'ADD':
      return true;
    case 'WORKDIR': {
      const dir = trimTrailingSlashes(ins.args[0]?.expanded ?? '');
      if (dir === '') return false;
      if (builder === 'buildkit') return true;
      return !WELL_KNOWN_DIRS.has(dir);
    }
    default:
      return false;
  }
}

const WELL_KNOWN_DIRS = new Set(['/tmp', '/root', '/usr', '/usr/local', '/usr/src', '/var', '/etc', '/home', '/opt', '/srv', '/bin', '/lib']);
