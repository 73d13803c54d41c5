import * as path from 'node:path';

export const WHITEOUT_PREFIX = '.wh.';
export const OPAQUE_MARKER = '.wh..wh..opq';

/** A tar name as an absolute, clean path ("./a//b/" -> "/a/b"; "." -> "/"), like Go's path.Clean on "/" + name. */
export function rootedPath(name: string): string {
  const p = path.posix.normalize('/' + name);
  return p.length > 1 && p.endsWith('/') ? p.slice(0, -1) : p;
}

export function isWhiteoutName(name: string): boolean {
  return path.posix.basename(rootedPath(name)).startsWith(WHITEOUT_PREFIX);
}

/** Path components of a rooted path ("/" has none). */
export function components(p: string): string[] {
  return p.split('/').filter((s) => s !== '');
}
