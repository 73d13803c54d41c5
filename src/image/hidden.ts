/**
 * Hidden-copy waste: every file version that the final image cannot see, counted once at its own size.
 * A version is hidden when a later layer deletes it (`.wh.NAME`, an opaque directory `.wh..wh..opq`, a
 * file that replaces its parent directory) or adds the same path again (new content, chmod/chown
 * copy-up, touch). The surviving copy never counts, so the sum is what a rewrite of the Dockerfile could
 * save without changing the final filesystem, and sum(layer bytes) == final bytes + hidden bytes.
 *
 * Semantics match /work/shared/groundtruth/analyze.js ("lower copy" model), including its order of
 * application inside one layer: opaque markers, then whiteouts, then additions.
 */
import * as path from 'node:path';
import type { LayerEntry } from './types';
import { OPAQUE_MARKER, WHITEOUT_PREFIX, components, rootedPath } from './paths';

export type HiddenKind = 'deleted' | 'deleted-dir' | 'opaque-dir' | 'replaced' | 'replaced-by-dir' | 'dir-replaced-by-file';

export interface HiddenCopy {
  path: string;
  bytes: number;
  /** Non-directory entries in the hidden copy (more than 1 for a deleted directory). */
  files: number;
  /** Index of the layer (in layer order, not history order) that holds the hidden bytes. */
  addedLayer: number;
  /** Index of the layer that hides them. */
  hiddenByLayer: number;
  kind: HiddenKind;
}

export interface HiddenCopyResult {
  hidden: HiddenCopy[];
  /** Content bytes and non-directory entries visible in the final filesystem. */
  finalBytes: number;
  finalFiles: number;
}

interface Version {
  size: number;
  isDir: boolean;
  layer: number;
}

class PathNode {
  readonly children = new Map<string, PathNode>();
  version: Version | null = null;
}

interface Located {
  path: string;
  version: Version;
}

type Change = { op: 'opaque'; dir: string } | { op: 'whiteout'; target: string } | { op: 'add'; path: string; entry: LayerEntry };

/** What one tar entry does to the merged filesystem. */
export function classifyEntry(entry: LayerEntry): Change | null {
  const p = rootedPath(entry.name);
  if (p === '/') return null;
  const base = path.posix.basename(p);
  const dir = path.posix.dirname(p);
  if (base === OPAQUE_MARKER) return { op: 'opaque', dir };
  if (base.startsWith(WHITEOUT_PREFIX)) return { op: 'whiteout', target: path.posix.join(dir, base.slice(WHITEOUT_PREFIX.length)) };
  return { op: 'add', path: p, entry };
}

function childPath(parent: string, name: string): string {
  return parent === '/' ? '/' + name : parent + '/' + name;
}

/** Every non-directory version at or below `node`. */
function versionsUnder(node: PathNode, p: string, out: Located[]): void {
  if (node.version && !node.version.isDir) out.push({ path: p, version: node.version });
  for (const [name, child] of node.children) versionsUnder(child, childPath(p, name), out);
}

class MergedTree {
  private readonly root = new PathNode();
  readonly hidden: HiddenCopy[] = [];

  find(p: string): PathNode | null {
    let node = this.root;
    for (const part of components(p)) {
      const next = node.children.get(part);
      if (!next) return null;
      node = next;
    }
    return node;
  }

  findOrCreate(p: string): PathNode {
    let node = this.root;
    for (const part of components(p)) {
      let next = node.children.get(part);
      if (!next) {
        next = new PathNode();
        node.children.set(part, next);
      }
      node = next;
    }
    return node;
  }

  /** Records hidden versions as one row per source layer; versions from the hiding layer itself are not lower copies. */
  private record(p: string, hiddenByLayer: number, versions: Located[], kind: HiddenKind): void {
    const byLayer = new Map<number, { bytes: number; files: number }>();
    for (const { version } of versions) {
      if (version.layer === hiddenByLayer) continue;
      const g = byLayer.get(version.layer) ?? { bytes: 0, files: 0 };
      g.bytes += version.size;
      g.files += 1;
      byLayer.set(version.layer, g);
    }
    for (const [layer, g] of byLayer) this.hidden.push({ path: p, bytes: g.bytes, files: g.files, addedLayer: layer, hiddenByLayer, kind });
  }

  private dropChildren(node: PathNode, p: string, layer: number, kind: HiddenKind): void {
    const versions: Located[] = [];
    for (const [name, child] of node.children) versionsUnder(child, childPath(p, name), versions);
    node.children.clear();
    this.record(p, layer, versions, kind);
  }

  opaque(dir: string, layer: number): void {
    const node = this.find(dir);
    if (node) this.dropChildren(node, dir, layer, 'opaque-dir');
  }

  whiteout(target: string, layer: number): void {
    const node = this.find(target);
    if (!node) return; // deleting what no lower layer has hides nothing
    const versions: Located[] = [];
    versionsUnder(node, target, versions);
    this.record(target, layer, versions, node.version?.isDir ? 'deleted-dir' : 'deleted');
    this.find(path.posix.dirname(target))?.children.delete(path.posix.basename(target));
  }

  add(p: string, entry: LayerEntry, layer: number): void {
    const node = this.findOrCreate(p);
    const isDir = entry.type === '5';
    const old = node.version;
    if (old && !old.isDir && old.layer !== layer) this.record(p, layer, [{ path: p, version: old }], isDir ? 'replaced-by-dir' : 'replaced');
    if (!isDir && node.children.size > 0) this.dropChildren(node, p, layer, 'dir-replaced-by-file');
    node.version = { size: isDir ? 0 : entry.size, isDir, layer };
  }

  finalTotals(): { finalBytes: number; finalFiles: number } {
    let finalBytes = 0;
    let finalFiles = 0;
    const stack: PathNode[] = [this.root];
    for (let node = stack.pop(); node; node = stack.pop()) {
      if (node.version) {
        finalBytes += node.version.size;
        if (!node.version.isDir) finalFiles++;
      }
      for (const c of node.children.values()) stack.push(c);
    }
    return { finalBytes, finalFiles };
  }
}

/** Applies the layers bottom to top and returns every hidden copy, in the order they were hidden. */
export function hiddenCopies(layers: readonly (readonly LayerEntry[])[]): HiddenCopyResult {
  const tree = new MergedTree();
  layers.forEach((entries, layer) => {
    const changes = entries.map(classifyEntry).filter((c): c is Change => c !== null);
    // The OCI spec applies a layer's whiteouts before its own additions, whatever their order in the tar.
    for (const c of changes) if (c.op === 'opaque') tree.opaque(c.dir, layer);
    for (const c of changes) if (c.op === 'whiteout') tree.whiteout(c.target, layer);
    for (const c of changes) if (c.op === 'add') tree.add(c.path, c.entry, layer);
  });
  return { hidden: tree.hidden, ...tree.finalTotals() };
}
