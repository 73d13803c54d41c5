/**
 * dive's waste figures, reproduced exactly (wagoodman/dive d6c6919: filetree.Efficiency and
 * image.Analyze; the ground truth in /work/shared/groundtruth/analyze.js is a port of the same code).
 * Users compare layerlint with dive, so the quirks are kept on purpose:
 *  - only the leaves of each layer's own tree are visited; a path seen in 2+ layers counts ALL its copies,
 *    the surviving one included (dive#684);
 *  - a whiteout of a directory counts that directory's merged size once, so deleted directories show no
 *    waste unless the directory was itself a leaf before; a whiteout of a file counts 0;
 *  - opaque markers are dropped and never applied;
 *  - a whiteout whose target is missing below aborts the rest of that layer's walk, and the path it
 *    failed on stays in the score with a minimum size of -1, as in dive.
 */
import * as path from 'node:path';
import type { LayerEntry } from './types';
import { WHITEOUT_PREFIX } from './paths';

interface Info {
  size: number;
  isDir: boolean;
}

const EMPTY_INFO: Info = Object.freeze({ size: 0, isDir: false });
/** dive refuses to create nodes for opaque markers (and any other ".wh..wh.." name). */
const META_PREFIX = '.wh..wh..';

class Node {
  readonly children = new Map<string, Node>();
  private cachedPath: string | null = null;
  constructor(
    readonly parent: Node | null,
    readonly name: string,
    public info: Info,
  ) {}

  isWhiteout(): boolean {
    return this.name.startsWith(WHITEOUT_PREFIX);
  }

  /** The path a node stands for: a whiteout node stands for the path it deletes. */
  path(): string {
    if (this.cachedPath === null) {
      const parts: string[] = [this.isWhiteout() ? this.name.slice(WHITEOUT_PREFIX.length) : this.name];
      for (let n = this.parent; n && n.parent; n = n.parent) parts.push(n.name);
      this.cachedPath = ('/' + parts.reverse().join('/')).replace(/\/\//g, '/');
    }
    return this.cachedPath;
  }
}

function trimmedNames(p: string): string[] {
  return p.replace(/^\/+|\/+$/g, '').split('/');
}

/** Children sorted by name with JavaScript string order, as the ground truth does; order decides where an aborted walk stops. */
function sortedChildren(node: Node): Node[] {
  return [...node.children.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map((k) => node.children.get(k) as Node);
}

class Tree {
  readonly root = new Node(null, '', EMPTY_INFO);

  addPath(fp: string, info: Info): void {
    const names = trimmedNames(path.posix.normalize(fp));
    let node = this.root;
    for (let i = 0; i < names.length; i++) {
      const name = names[i] as string;
      if (name === '') continue;
      let next = node.children.get(name);
      if (!next) {
        if (name.startsWith(META_PREFIX)) return;
        // Parents without their own tar entry get an empty, non-directory info, as in dive.
        next = new Node(node, name, EMPTY_INFO);
        node.children.set(name, next);
      }
      node = next;
      if (i === names.length - 1) node.info = info;
    }
  }

  getNode(p: string): Node | null {
    let node = this.root;
    for (const name of trimmedNames(p)) {
      if (name === '') continue;
      const next = node.children.get(name);
      if (!next) return null;
      node = next;
    }
    return node;
  }

  removePath(p: string): void {
    const node = this.getNode(p);
    // The root has no parent; dive would fail on a whiteout of "/", layerlint ignores it.
    node?.parent?.children.delete(node.name);
  }

  copy(): Tree {
    const out = new Tree();
    const work: [Node, Node][] = [[this.root, out.root]];
    for (let item = work.pop(); item; item = work.pop()) {
      const [src, dst] = item;
      for (const [name, child] of src.children) {
        const c = new Node(dst, name, child.info);
        dst.children.set(name, c);
        work.push([child, c]);
      }
    }
    return out;
  }

  /** Depth-first, children before parents, siblings by name; iterative so deep paths cannot overflow the stack. */
  visitChildrenFirst(visit: (n: Node) => void, leavesOnly: boolean): void {
    const stack: { node: Node; kids: Node[]; next: number }[] = [{ node: this.root, kids: sortedChildren(this.root), next: 0 }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as { node: Node; kids: Node[]; next: number };
      const kid = top.kids[top.next];
      if (kid) {
        top.next++;
        stack.push({ node: kid, kids: sortedChildren(kid), next: 0 });
        continue;
      }
      stack.pop();
      if (top.node !== this.root && (!leavesOnly || top.node.children.size === 0)) visit(top.node);
    }
  }

  /** Applies an upper layer's tree onto this one (dive's Stack). */
  stack(upper: Tree): void {
    upper.visitChildrenFirst((n) => {
      if (n.isWhiteout()) this.removePath(n.path());
      else this.addPath(n.path(), n.info);
    }, false);
  }
}

/** One layer's tree as dive builds it from the tar entries. */
function layerTree(entries: readonly LayerEntry[]): Tree {
  const t = new Tree();
  for (const e of entries) {
    const n = path.posix.normalize(e.name);
    if (n === '.' || n === './' || n === '/') continue;
    t.addPath(n, { size: e.size, isDir: e.type === '5' });
  }
  return t;
}

/** True when any component is a whiteout name: a superset of the entries that can yield a whiteout leaf. */
function hasWhiteoutPart(e: LayerEntry): boolean {
  return path.posix.normalize(e.name).split('/').some((c) => c.startsWith(WHITEOUT_PREFIX));
}

function subtreeSize(node: Node): number {
  let total = 0;
  const work: Node[] = [node];
  for (let n = work.pop(); n; n = work.pop()) {
    total += n.info.size;
    for (const c of n.children.values()) work.push(c);
  }
  return total;
}

export interface DiveInefficiency {
  path: string;
  count: number;
  cumulativeBytes: number;
}

export interface DiveResult {
  wastedBytes: number;
  efficiency: number;
  userSizeBytes: number;
  wastedUserPercent: number | null;
  /** Layers whose walk stopped at a whiteout with no target below. */
  abortedLayerWalks: number;
  /** Paths seen in 2+ layers, largest cumulative size first. */
  inefficiencies: DiveInefficiency[];
}

interface PathData {
  path: string;
  count: number;
  cumulative: number;
  min: number;
}

class MissingTarget extends Error {}

export function diveAnalysis(layers: readonly (readonly LayerEntry[])[]): DiveResult {
  const trees = layers.map(layerTree);
  const byPath = new Map<string, PathData>();
  const inefficient: PathData[] = [];
  let aborted = 0;
  // dive re-stacks layers 0..i-1 (on a copy of layer 0, so layer 0 is applied twice) for each whiteout in
  // layer i; stacking once per layer onto one running tree gives the same tree at every step.
  const lastWithWhiteout = layers.reduce((last, entries, i) => (entries.some(hasWhiteoutPart) ? i : last), -1);
  const below = trees.length > 0 && lastWithWhiteout >= 0 ? (trees[0] as Tree).copy() : null;

  trees.forEach((tree, idx) => {
    try {
      tree.visitChildrenFirst((node) => {
        const p = node.path();
        let data = byPath.get(p);
        if (!data) {
          // Created before the size is known: an aborting whiteout leaves this entry with min -1.
          data = { path: p, count: 0, cumulative: 0, min: -1 };
          byPath.set(p, data);
        }
        let size = 0;
        if (node.isWhiteout()) {
          const prev = below?.getNode(p) ?? null;
          if (!prev) throw new MissingTarget(p);
          if (prev.info.isDir) size = subtreeSize(prev);
        } else size = node.info.size;
        data.cumulative += size;
        if (data.min < 0 || size < data.min) data.min = size;
        data.count += 1;
        if (data.count === 2) inefficient.push(data);
      }, true);
    } catch (err) {
      if (!(err instanceof MissingTarget)) throw err;
      aborted++;
    }
    if (below && idx < lastWithWhiteout) below.stack(tree);
  });

  let minSum = 0;
  let cumSum = 0;
  for (const d of byPath.values()) {
    minSum += d.min;
    cumSum += d.cumulative;
  }
  const wastedBytes = inefficient.reduce((s, d) => s + d.cumulative, 0);
  const userSizeBytes = layers.slice(1).reduce((s, entries) => s + entries.reduce((a, e) => a + e.size, 0), 0);
  // Array.prototype.sort is stable: ties keep discovery order, as dive's sort.Sort happens to for these inputs.
  const ranked = inefficient.slice().sort((a, b) => a.cumulative - b.cumulative).reverse();
  return {
    wastedBytes,
    efficiency: cumSum === 0 ? 1 : minSum / cumSum,
    userSizeBytes,
    wastedUserPercent: userSizeBytes ? wastedBytes / userSizeBytes : null,
    abortedLayerWalks: aborted,
    inefficiencies: ranked.map((d) => ({ path: d.path, count: d.count, cumulativeBytes: d.cumulative })),
  };
}
