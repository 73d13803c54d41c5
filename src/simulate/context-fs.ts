import type { Instruction } from '../model/types';
import type { BuildContext } from './context';
import { joinPath } from './paths';
import type { LayerSim } from './types';
import { Filesystem, LayerWriter, newDir } from './vfs';

/**
 * The build context as a read-only filesystem, for `RUN --mount=type=bind` without `from=`: commands can read it
 * (copy from it, unpack an archive in it) while nothing of it enters the layer. Symlinks stay links.
 */
export function contextFilesystem(ctx: BuildContext, anchor: Instruction): Filesystem {
  const fs = new Filesystem(newDir(true));
  const layer: LayerSim = {
    id: -1, stageIndex: -1, instruction: anchor, line: 0, keyword: 'CONTEXT', createsLayer: false, buildahLayer: false,
    versions: [], unknowns: [], estimates: [], notes: [], unknownHides: [],
  };
  const w = new LayerWriter(fs, layer);
  for (const [rel, e] of ctx.entries) {
    if (rel === '') continue;
    const path = joinPath('/', rel);
    if (e.type === 'dir') w.mkdir(path, { mode: e.mode, owner: null });
    else if (e.type === 'symlink') w.symlink(path, e.linkTarget ?? '');
    else w.writeFile(path, { bytes: e.size, confidence: 'exact' }, { mode: e.mode, origin: rel, tool: 'context' });
  }
  return fs;
}
