/**
 * Uniform access to the files of an image, whether it is a folder (an OCI layout or an unpacked
 * `docker save`) or an archive of one (a tar, optionally gzip-compressed). Reads go by offset, so a
 * plain tar of several gigabytes is never loaded whole.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ImageReadError } from './errors';
import type { ByteSource, TarEntry, TarLimits } from './tar';
import { bufferSource, decompressTar, fileSource, listTar, sniffCompression } from './tar';

export interface Store {
  /** What to call the image in messages (its path). */
  readonly label: string;
  exists(rel: string): boolean;
  /** Runs `fn` with random access to one file; `what` names it in the "not found" message. */
  withFile<T>(rel: string, what: string, fn: (src: ByteSource) => T): T;
  close(): void;
}

/** Reads a whole (small) file such as a JSON document, refusing anything over `maxBytes`. */
export function readSmallFile(store: Store, rel: string, what: string, maxBytes: number): Buffer {
  return store.withFile(rel, what, (src) => {
    if (src.length > maxBytes) throw new ImageReadError(`${store.label}: ${what} (${rel}) is ${src.length} bytes, over the limit of ${maxBytes}`);
    return Buffer.from(src.read(0, src.length));
  });
}

/** A clean relative path inside an image, or null when it would leave the image (absolute, or "..") . */
export function cleanRelative(rel: string): string | null {
  const p = path.posix.normalize(rel.replace(/^(\.\/)+/, ''));
  if (p === '.' || p.startsWith('/') || p === '..' || p.startsWith('../')) return null;
  return p.endsWith('/') ? p.slice(0, -1) : p;
}

export function dirStore(root: string): Store {
  const label = root;
  const resolve = (rel: string): string | null => {
    const clean = cleanRelative(rel);
    return clean === null ? null : path.join(root, ...clean.split('/'));
  };
  return {
    label,
    exists(rel) {
      const p = resolve(rel);
      return p !== null && fs.existsSync(p);
    },
    withFile(rel, what, fn) {
      const p = resolve(rel);
      if (p === null) throw new ImageReadError(`${label}: ${what} has a path outside the image: '${rel}'`);
      let fd: number;
      try {
        fd = fs.openSync(p, 'r');
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        throw new ImageReadError(code === 'ENOENT' ? `${label}: ${what} is missing (${rel})` : `${label}: cannot open ${what} (${rel}): ${code ?? String(err)}`, { cause: err });
      }
      try {
        const st = fs.fstatSync(fd);
        if (!st.isFile()) throw new ImageReadError(`${label}: ${what} (${rel}) is not a regular file`);
        return fn(fileSource(fd, st.size, `${label}: ${rel}`));
      } finally {
        fs.closeSync(fd);
      }
    },
    close() {
      /* nothing held open between reads */
    },
  };
}

function window(src: ByteSource, offset: number, length: number): ByteSource {
  return {
    length,
    read(o, l) {
      if (o < 0 || o + l > length) throw new RangeError(`read past end of member: ${o}+${l} > ${length}`);
      return src.read(offset + o, l);
    },
  };
}

const MAX_LINK_HOPS = 16;

/** The files of a tar archive. `docker save` stores repeated layers as symlinks, so links are followed. */
export function archiveStore(src: ByteSource, label: string, limits: TarLimits, close: () => void): Store {
  const members = new Map<string, TarEntry>();
  for (const e of listTar(src, label, limits)) {
    const clean = cleanRelative(e.name);
    if (clean !== null) members.set(clean, e); // a later member wins, as when extracting
  }
  const resolve = (rel: string, what: string): TarEntry => {
    let name = cleanRelative(rel);
    for (let hop = 0; hop <= MAX_LINK_HOPS; hop++) {
      const e = name === null ? undefined : members.get(name);
      if (!e || name === null) throw new ImageReadError(`${label}: ${what} is missing from the archive (${rel})`);
      if (e.type === '2') name = cleanRelative(path.posix.join(path.posix.dirname(name), e.linkname));
      else if (e.type === '1') name = cleanRelative(e.linkname);
      else if (e.type === '0' || e.type === '7') return e;
      else throw new ImageReadError(`${label}: ${what} (${rel}) is not a regular file in the archive (tar type '${e.type}')`);
    }
    throw new ImageReadError(`${label}: ${what} (${rel}): too many links`);
  };
  return {
    label,
    exists(rel) {
      const clean = cleanRelative(rel);
      return clean !== null && members.has(clean);
    },
    withFile(rel, what, fn) {
      const e = resolve(rel, what);
      return fn(window(src, e.dataOffset, e.size));
    },
    close,
  };
}

export interface OpenLimits {
  /** Largest uncompressed size accepted for one gzip stream (a layer, or a compressed archive). */
  maxUncompressedBytes: number;
  tar: TarLimits;
}

/** Opens a folder or an archive file (plain or gzip tar) as a Store. */
export function openStore(p: string, limits: OpenLimits): Store {
  let st: fs.Stats;
  try {
    st = fs.statSync(p);
  } catch (err) {
    throw new ImageReadError(`${p}: cannot read the image: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { cause: err });
  }
  if (st.isDirectory()) return dirStore(p);
  if (!st.isFile()) throw new ImageReadError(`${p}: not a file or folder`);
  const fd = fs.openSync(p, 'r');
  try {
    const src = fileSource(fd, st.size, p);
    const kind = sniffCompression(src.read(0, Math.min(4, st.size)));
    if (kind === 'none') return archiveStore(src, p, limits.tar, () => fs.closeSync(fd));
    // A compressed archive has no random access: unpack it once into memory.
    const tar = decompressTar(Buffer.from(src.read(0, st.size)), p, limits.maxUncompressedBytes);
    fs.closeSync(fd);
    return archiveStore(bufferSource(tar), p, limits.tar, () => undefined);
  } catch (err) {
    try {
      fs.closeSync(fd);
    } catch {
      /* already closed */
    }
    throw err;
  }
}
