import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError } from '../engine/config';
import { describeFsError } from './discover';

/**
 * Paths listed in a file (`-` = stdin), one per line: blank lines are skipped, a trailing CR is dropped, and
 * relative paths are taken from the working folder (as xargs and `tar -T` do).
 */
export function readFileList(source: string, cwd: string): string[] {
  let text: string;
  try {
    text = source === '-' ? fs.readFileSync(0, 'utf8') : fs.readFileSync(path.resolve(cwd, source), 'utf8');
  } catch (err) {
    throw new ConfigError(`${source}: cannot read the file list (${describeFsError(err)})`);
  }
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const p = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (p.trim() === '') continue;
    out.push(p);
  }
  return out;
}
