import { basename, dirname, joinPath, matchSegment, normalize, segments } from './paths';
import type { Size } from './size';
import type { AvoidableKind, FileVersion, Hidden, LayerSim, WasteKind } from './types';

/**
 * The virtual filesystem of one stage: what each path holds, which layer wrote it, and which lower copies later
 * layers have hidden. Directories whose full listing is not known (the base image's) are `complete: false`: a path
 * missing there may still exist.
 */
export interface Meta {
  /** Permission bits, or null when unknown. */
  mode: number | null;
  /** `uid:gid` or `user:group` as given, or null when unknown. */
  owner: string | null;
}

export interface DirNode {
  type: 'dir';
  meta: Meta;
  children: Map<string, Node>;
  /** Every child is listed (created by this build); false for base-image directories. */
  complete: boolean;
  /** Content known only as a total (apt package payload, lists, caches, the base image). */
  blobs: FileVersion[];
  /** Names deleted by the build: known not to exist even where the listing is incomplete. */
  gone: Set<string>;
}

export interface FileNode {
  type: 'file';
  meta: Meta;
  version: FileVersion;
}

export interface LinkNode {
  type: 'symlink';
  meta: Meta;
  target: string;
  version: FileVersion;
}

export type Node = DirNode | FileNode | LinkNode;

export interface WriteOptions {
  mode?: number | null;
  owner?: string | null;
  label?: string | null;
  avoidable?: AvoidableKind | null;
  tool?: string | null;
  secret?: boolean;
  origin?: string | null;
  packages?: string[] | null;
}

let nextVersionId = 1;

export function newDir(complete: boolean, meta: Meta = { mode: 0o755, owner: null }): DirNode {
  return { type: 'dir', meta, children: new Map(), complete, blobs: [], gone: new Set() };
}

const SECRET_NAME = /^(id_(rsa|dsa|ecdsa|ed25519)|.*\.(key|p12|pfx|jks|keystore|ppk)|.*(private|priv|secret|-key|_key)[^/]*\.pem|\.env(\..+)?|\.netrc|\.npmrc|\.pypirc|\.pgpass|\.git-credentials|credentials(\.json)?|secrets?\.(json|ya?ml|txt|env)|service[-_]account.*\.json|kubeconfig|\.htpasswd)$/i;

/**
 * File names that usually hold private keys, tokens or passwords. Public material is left out: `.pub`, GPG keyrings
 * and armoured keys (`.gpg`, `.asc`: Dockerfiles import signing keys), certificates (`.pem`/`.crt` unless the name
 * says key or private), env templates.
 */
export function looksSecret(path: string): boolean {
  const name = basename(path);
  if (/\.(pub|pem\.pub|gpg|asc|crt|cer)$/i.test(name)) return false;
  if (/^\.env\.(example|sample|template|dist|defaults)$/i.test(name)) return false;
  return SECRET_NAME.test(name) || /\/\.ssh\/(id_|[^/]*_key$)|\/\.aws\/credentials$|\/\.docker\/config\.json$/.test(path);
}

export class Filesystem {
  readonly root: DirNode;
  /** Lower copies hidden by later layers of this chain. */
  readonly hidden: Map<FileVersion, Hidden>;

  /**
   * Folders a base image is expected to have (FHS): a folder created below a base-image folder counts as new
   * (its listing complete) unless it is one of these.
   */
  readonly standardDirs: ReadonlySet<string>;

  constructor(root: DirNode, hidden: Map<FileVersion, Hidden> = new Map(), standardDirs: ReadonlySet<string> = new Set()) {
    this.root = root;
    this.hidden = hidden;
    this.standardDirs = standardDirs;
  }

  /** A deep copy for a stage built FROM this one (versions are shared; hiding is per chain). */
  clone(): Filesystem {
    return new Filesystem(cloneDir(this.root), new Map(this.hidden), this.standardDirs);
  }

  /**
   * The node at `path`, following symlinks in the directories on the way (and at the end when `follow`).
   * `undefined`: not known (a base-image path); `null`: known not to exist.
   */
  lookup(path: string, follow = true): Node | null | undefined {
    return this.walk(segments(path), follow, 0);
  }

  private walk(parts: string[], follow: boolean, depth: number): Node | null | undefined {
    let node: Node = this.root;
    for (let i = 0; i < parts.length; i++) {
      if (node.type !== 'dir') return null;
      const child: Node | undefined = node.children.get(parts[i]);
      if (!child) return node.complete || node.gone.has(parts[i]) ? null : undefined;
      const last = i === parts.length - 1;
      if (child.type === 'symlink' && (!last || follow)) {
        if (depth > 16) return undefined;
        const base = '/' + parts.slice(0, i).join('/');
        const target = normalize(child.target.startsWith('/') ? child.target : `${base}/${child.target}`);
        return this.walk([...segments(target), ...parts.slice(i + 1)], follow, depth + 1);
      }
      node = child;
    }
    return node;
  }

  /** The real path with directory symlinks resolved (for writes through `/usr/local/bin` links and the like). */
  realPath(path: string): string {
    const parts = segments(path);
    let resolved: string[] = [];
    let node: Node = this.root;
    for (let i = 0; i < parts.length; i++) {
      const name = parts[i];
      const child: Node | undefined = node.type === 'dir' ? node.children.get(name) : undefined;
      if (child && child.type === 'symlink' && i < parts.length - 1) {
        const base = '/' + resolved.join('/');
        const target = normalize(child.target.startsWith('/') ? child.target : `${base}/${child.target}`);
        resolved = segments(target);
        const n = this.lookup(target);
        if (!n || n.type !== 'dir') return normalize('/' + [...resolved, ...parts.slice(i + 1)].join('/'));
        node = n;
        continue;
      }
      resolved.push(name);
      if (!child) return normalize('/' + [...resolved, ...parts.slice(i + 1)].join('/'));
      node = child;
    }
    return '/' + resolved.join('/');
  }

  /** Directory node at `path`, created (with parents) when missing. */
  ensureDir(path: string, meta: Meta, onReplace: (n: Node, p: string) => void): DirNode {
    let node: DirNode = this.root;
    let cur = '/';
    for (const part of segments(this.realPath(path))) {
      cur = joinPath(cur, part);
      let child: Node | undefined = node.children.get(part);
      if (child && child.type === 'symlink') {
        const target = this.lookup(cur);
        if (target && target.type === 'dir') {
          node = target;
          continue;
        }
      }
      if (child && child.type === 'file' && child.version.size.confidence === 'unknown' && child.version.size.bytes === 0 && child.version.kind === 'file') {
        // A file of unknown size guessed for a COPY whose source was not listed is really a folder: keep its content
        // as a blob of that folder instead of treating the guess as replaced.
        const dir = newDir(false, { ...child.meta });
        dir.blobs.push(child.version);
        node.children.set(part, dir);
        node = dir;
        continue;
      }
      if (!child || child.type !== 'dir') {
        if (child) onReplace(child, cur);
        child = newDir(node.complete || !this.standardDirs.has(cur) || node.gone.has(part), { ...meta });
        node.children.set(part, child);
        node.gone.delete(part);
      }
      node = child;
    }
    return node;
  }

  /** Every version below a node (files, links, blobs), with its path. */
  *versionsUnder(node: Node, path: string): Generator<[FileVersion, string]> {
    // Depth first with a stack of its own: a folder tree as deep as a hostile path overflowed the call stack when
    // this recursed (one generator frame per level).
    const stack: [Node, string][] = [[node, path]];
    for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
      const [n, p] = top;
      if (n.type !== 'dir') {
        yield [n.version, p];
        continue;
      }
      for (const b of n.blobs) yield [b, p];
      const children = [...n.children];
      for (let i = children.length - 1; i >= 0; i--) stack.push([children[i][1], joinPath(p, children[i][0])]);
    }
  }

  /** Paths matching a glob (already absolute), expanded against known names only. */
  glob(pattern: string): { matches: string[]; blobsOf: string[]; incomplete: boolean } {
    const parts = segments(pattern);
    let current: string[] = ['/'];
    let incomplete = false;
    const blobsOf: string[] = [];
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i];
      const last = i === parts.length - 1;
      const next: string[] = [];
      for (const dir of current) {
        const node = this.lookup(dir);
        if (!node || node.type !== 'dir') continue;
        if (!/[*?[]/.test(part)) {
          const child = this.lookup(joinPath(dir, part));
          if (child) next.push(joinPath(dir, part));
          else if (child === undefined) incomplete = true;
          continue;
        }
        if (!node.complete) incomplete = true;
        for (const name of node.children.keys()) if (matchSegment(part, name)) next.push(joinPath(dir, name));
        if (last && node.blobs.length > 0 && /^\*+$/.test(part)) blobsOf.push(dir);
      }
      current = next;
    }
    return { matches: current, blobsOf, incomplete };
  }
}

function cloneDir(d: DirNode): DirNode {
  const out: DirNode = { type: 'dir', meta: { ...d.meta }, children: new Map(), complete: d.complete, blobs: [...d.blobs], gone: new Set(d.gone) };
  for (const [name, child] of d.children) out.children.set(name, child.type === 'dir' ? cloneDir(child) : { ...child, meta: { ...child.meta } });
  return out;
}

/**
 * Writes into a filesystem on behalf of one layer. Replacing or deleting a copy that an earlier layer wrote hides it
 * (waste); a copy written earlier in the same layer simply never reaches the layer.
 */
export class LayerWriter {
  constructor(
    readonly fs: Filesystem,
    readonly layer: LayerSim,
  ) {}

  newVersion(path: string, kind: FileVersion['kind'], size: Size, opts: WriteOptions = {}): FileVersion {
    const v: FileVersion = {
      id: nextVersionId++,
      path,
      kind,
      size,
      layer: this.layer,
      label: opts.label ?? null,
      avoidable: opts.avoidable ?? null,
      tool: opts.tool ?? null,
      secret: opts.secret ?? (kind !== 'blob' && looksSecret(path)),
      origin: opts.origin ?? null,
      packages: opts.packages ?? null,
      dropped: false,
      mode: opts.mode ?? null,
    };
    this.layer.versions.push(v);
    return v;
  }

  hide(v: FileVersion, kind: WasteKind, operand: string): void {
    if (v.layer === this.layer) {
      v.dropped = true;
      return;
    }
    if (this.fs.hidden.has(v)) return;
    this.fs.hidden.set(v, { version: v, by: this.layer, kind, operand });
  }

  hideNode(node: Node, path: string, kind: WasteKind, operand: string): void {
    for (const [v] of this.fs.versionsUnder(node, path)) this.hide(v, kind, operand);
  }

  mkdir(path: string, meta: Meta = { mode: 0o755, owner: null }): DirNode {
    return this.fs.ensureDir(path, meta, (n, p) => this.hideNode(n, p, 'overwritten-later', p));
  }

  /** Write a regular file (or append to one). Returns the new version. */
  writeFile(path: string, size: Size, opts: WriteOptions & { append?: boolean } = {}): FileVersion {
    const real = this.fs.realPath(path);
    const parent = this.mkdir(dirname(real));
    const name = basename(real);
    const old = parent.children.get(name);
    let total = size;
    let meta: Meta = { mode: opts.mode ?? 0o644, owner: opts.owner ?? null };
    if (old) {
      if (old.type !== 'dir' && opts.append) {
        total = { bytes: old.version.size.bytes + size.bytes, confidence: worse(old.version.size.confidence, size.confidence) };
        meta = { ...old.meta };
      }
      if (old.type !== 'dir' && opts.mode === undefined && !opts.append) meta = { ...old.meta, owner: opts.owner ?? old.meta.owner };
      this.hideNode(old, real, 'overwritten-later', real);
    } else if (opts.append && !parent.complete) {
      // Appending to a file the base image may hold: its lower copy (unknown size) is rewritten.
      this.layer.unknownHides.push(real);
    }
    const v = this.newVersion(real, 'file', total, opts);
    v.mode = meta.mode;
    parent.children.set(name, { type: 'file', meta, version: v });
    parent.gone.delete(name);
    return v;
  }

  symlink(path: string, target: string, opts: WriteOptions = {}): void {
    const real = this.fs.realPath(path);
    const parent = this.mkdir(dirname(real));
    const name = basename(real);
    const old = parent.children.get(name);
    if (old) this.hideNode(old, real, 'overwritten-later', real);
    const v = this.newVersion(real, 'symlink', { bytes: 0, confidence: 'exact' }, opts);
    parent.children.set(name, { type: 'symlink', meta: { mode: 0o777, owner: opts.owner ?? null }, target, version: v });
    parent.gone.delete(name);
  }

  /** Add content known only as a total under a directory. */
  addBlob(dir: string, size: Size, opts: WriteOptions & { label: string }): FileVersion {
    const d = this.mkdir(dir);
    const v = this.newVersion(this.fs.realPath(dir), 'blob', size, opts);
    d.blobs.push(v);
    return v;
  }

  /**
   * Delete a path (a file, a link, or a directory with `recursive`). Returns what happened: `removed`, `missing`
   * (known not to exist), or `unknown` (a base-image path that may or may not exist).
   */
  remove(path: string, operand: string, kind: WasteKind = 'deleted-later'): 'removed' | 'missing' | 'unknown' {
    const real = normalize(path) === '/' ? '/' : joinPath(this.fs.realPath(dirname(path)), basename(path));
    const parentNode = this.fs.lookup(dirname(real));
    if (!parentNode || parentNode.type !== 'dir') {
      if (parentNode === undefined) this.layer.unknownHides.push(real);
      return parentNode === undefined ? 'unknown' : 'missing';
    }
    const name = basename(real);
    const node = parentNode.children.get(name);
    if (!node) {
      if (!parentNode.complete && !parentNode.gone.has(name)) {
        this.layer.unknownHides.push(real);
        parentNode.gone.add(name);
        return 'unknown';
      }
      return 'missing';
    }
    this.hideNode(node, real, kind, operand);
    if (node.type === 'dir' && !node.complete) this.layer.unknownHides.push(real);
    parentNode.children.delete(name);
    parentNode.gone.add(name);
    return 'removed';
  }

  /** Delete the blobs of a directory (`rm -rf dir/*` where the dir holds content known only as a total). */
  removeBlobs(dir: string, operand: string, filter: (v: FileVersion) => boolean = () => true): void {
    const node = this.fs.lookup(dir);
    if (!node || node.type !== 'dir') return;
    const keep: FileVersion[] = [];
    for (const b of node.blobs) {
      if (filter(b)) this.hide(b, 'deleted-later', operand);
      else keep.push(b);
    }
    node.blobs = keep;
  }

  /**
   * chmod/chown/touch: every file below `path` whose metadata really changes is copied up whole into this layer.
   * `change` returns the new metadata, or null when nothing changes. Returns the copied-up size and whether some
   * copied content is only known as a total.
   */
  copyUp(path: string, recursive: boolean, operand: string, change: (m: Meta) => Meta | null, touch = false): { bytes: number; unknown: boolean; found: boolean } {
    const node = this.fs.lookup(path);
    if (!node) return { bytes: 0, unknown: node === undefined, found: false };
    let bytes = 0;
    let unknown = false;
    // Depth first with a stack of its own, not recursion: a hostile path can nest folders thousands deep.
    const parent = this.fs.lookup(dirname(path));
    const stack: [Node, string, DirNode | null, string][] = [[node, normalize(path), parent && parent.type === 'dir' ? parent : null, basename(path)]];
    for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
      const [n, p, parentDir, name] = top;
      if (n.type === 'dir') {
        const m = change(n.meta);
        if (m) n.meta = m;
        if (!recursive) continue;
        // Content known only as a total, or base-image files not listed: copied up too, by an unknown amount.
        if (!n.complete || n.blobs.some((b) => b.layer !== this.layer)) unknown = true;
        const children = [...n.children];
        for (let i = children.length - 1; i >= 0; i--) stack.push([children[i][1], joinPath(p, children[i][0]), n, children[i][0]]);
        continue;
      }
      const m = change(n.meta);
      if (!m && !touch) continue;
      if (n.type === 'symlink') continue;
      if (n.version.layer === this.layer) {
        n.meta = m ?? n.meta;
        continue;
      }
      const v = this.newVersion(p, 'file', n.version.size, { secret: n.version.secret, origin: n.version.origin, tool: n.version.tool, avoidable: n.version.avoidable, label: n.version.label, mode: (m ?? n.meta).mode });
      this.hide(n.version, 'metadata-copy-up', operand);
      bytes += n.version.size.bytes;
      if (n.version.size.confidence === 'unknown') unknown = true;
      if (parentDir) parentDir.children.set(name, { type: 'file', meta: m ?? n.meta, version: v });
    }
    return { bytes, unknown, found: true };
  }

  /** Copy a node (file or tree) to `dest` as new versions in this layer. */
  copyNode(src: Node, dest: string, meta?: Partial<Meta>): { bytes: number; unknown: boolean } {
    let bytes = 0;
    let unknown = false;
    // The source as it is before the copy (the destination may lie inside it), walked depth first with a stack of
    // its own, not recursion: a hostile path can nest folders thousands deep.
    const entries: [Node, string][] = [];
    const stack: [Node, string][] = [[src, normalize(dest)]];
    for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
      entries.push(top);
      const [n, p] = top;
      if (n.type !== 'dir') continue;
      const children = [...n.children];
      for (let i = children.length - 1; i >= 0; i--) stack.push([children[i][1], joinPath(p, children[i][0])]);
    }
    for (const [n, p] of entries) {
      if (n.type === 'dir') {
        this.mkdir(p, { mode: meta?.mode ?? n.meta.mode, owner: meta?.owner ?? n.meta.owner });
        if (!n.complete) unknown = true;
        for (const b of n.blobs) {
          this.addBlob(p, b.size, { label: b.label ?? 'copied content', tool: b.tool, avoidable: b.avoidable, packages: null });
          bytes += b.size.bytes;
          unknown = true;
        }
        continue;
      }
      if (n.type === 'symlink') {
        this.symlink(p, n.target);
        continue;
      }
      this.writeFile(p, n.version.size, { mode: meta?.mode ?? n.meta.mode, owner: meta?.owner ?? n.meta.owner, secret: n.version.secret, origin: n.version.origin, tool: n.version.tool, avoidable: n.version.avoidable, label: n.version.label });
      bytes += n.version.size.bytes;
      if (n.version.size.confidence === 'unknown') unknown = true;
    }
    return { bytes, unknown };
  }
}

function worse(a: Size['confidence'], b: Size['confidence']): Size['confidence'] {
  if (a === 'unknown' || b === 'unknown') return 'unknown';
  if (a === 'estimated' || b === 'estimated') return 'estimated';
  return 'exact';
}
