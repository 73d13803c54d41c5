/**
 * A small tar reader without streams or dependencies. It lists the entries of a whole archive held in a
 * buffer or a file (read by offset), which is all layer analysis needs: names, types, sizes and where
 * each entry's data starts. It understands ustar (with the name prefix), GNU long names and link names
 * (`././@LongLink`, types L and K) and pax extended headers (`path`, `linkpath`, `size`).
 *
 * Entry semantics follow the ground-truth analyser (and Go's archive/tar, which dive uses): the size is
 * the header's (or pax's) size for every type, and hardlinks, symlinks, devices, directories and FIFOs
 * carry no data, whatever their size field says.
 */
import * as fs from 'node:fs';
import * as zlib from 'node:zlib';
import { ImageReadError } from './errors';

/** Random access to the bytes of an archive; `read` returns exactly `length` bytes or throws. */
export interface ByteSource {
  readonly length: number;
  read(offset: number, length: number): Buffer;
}

export interface TarEntry {
  /** The name as stored (pax `path` or GNU long name when present), not normalised. */
  name: string;
  /** The type flag as one character; NUL is reported as '0' (a regular file). */
  type: string;
  /** Size from the header or pax record. Header-only types may carry a non-zero size but no data. */
  size: number;
  linkname: string;
  /** Offset of the entry's data in the source; meaningful only when the type carries data. */
  dataOffset: number;
}

export interface TarLimits {
  /** Most entries one archive may hold; guards memory against a hostile archive of empty entries. */
  maxEntries: number;
  /** Largest pax header or GNU long name body; real ones are a few hundred bytes. */
  maxMetaBytes: number;
}

export const DEFAULT_TAR_LIMITS: TarLimits = { maxEntries: 4_000_000, maxMetaBytes: 1 << 20 };

const BLOCK = 512;
/** Types that never have data in the archive (POSIX says their size is 0; Go's reader ignores it if not). */
const HEADER_ONLY_TYPES = new Set(['1', '2', '3', '4', '5', '6']);

export function bufferSource(buf: Buffer): ByteSource {
  return {
    length: buf.length,
    read(offset, length) {
      if (offset < 0 || offset + length > buf.length) throw new RangeError(`read past end: ${offset}+${length} > ${buf.length}`);
      return buf.subarray(offset, offset + length);
    },
  };
}

/** Reads by offset from an open file; the caller owns (and closes) the descriptor. */
export function fileSource(fd: number, size: number, label: string): ByteSource {
  return {
    length: size,
    read(offset, length) {
      const out = Buffer.allocUnsafe(length);
      let got = 0;
      while (got < length) {
        const n = fs.readSync(fd, out, got, length - got, offset + got);
        if (n === 0) throw new ImageReadError(`${label}: file ended at ${offset + got} bytes while reading ${length} bytes at ${offset} (was it truncated?)`);
        got += n;
      }
      return out;
    },
  };
}

export type Compression = 'gzip' | 'zstd' | 'none';

export function sniffCompression(head: Uint8Array): Compression {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.length >= 4 && head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) return 'zstd';
  return 'none';
}

/**
 * Returns the uncompressed tar bytes of a possibly gzip-compressed blob. `maxBytes` bounds the output so
 * that a gzip bomb fails with a message instead of exhausting memory.
 */
export function decompressTar(blob: Buffer, label: string, maxBytes: number): Buffer {
  const kind = sniffCompression(blob);
  if (kind === 'zstd') throw new ImageReadError(`${label}: zstd-compressed layers are not supported (Node 20 has no zstd); only gzip and plain tar`);
  if (kind === 'none') {
    if (blob.length > maxBytes) throw new ImageReadError(`${label}: ${blob.length} bytes exceeds the limit of ${maxBytes} bytes`);
    return blob;
  }
  try {
    return zlib.gunzipSync(blob, { maxOutputLength: maxBytes });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError) {
      throw new ImageReadError(`${label}: uncompressed size exceeds the limit of ${maxBytes} bytes`, { cause: err });
    }
    throw new ImageReadError(`${label}: gzip data is corrupt or truncated (${e.message})`, { cause: err });
  }
}

function cString(b: Uint8Array, start: number, len: number): string {
  let end = start;
  while (end < start + len && b[end] !== 0) end++;
  return Buffer.from(b.buffer, b.byteOffset + start, end - start).toString('utf8');
}

function isZeroBlock(b: Uint8Array): boolean {
  for (let i = 0; i < b.length; i++) if (b[i] !== 0) return false;
  return true;
}

/**
 * Parses a numeric header field: octal text (NUL- or space-terminated) or GNU base-256 for values that
 * do not fit. Returns null for text that is not a number, so the caller can name the field in its error.
 */
export function parseNumeric(b: Uint8Array, start: number, len: number): number | null {
  if ((b[start] ?? 0) & 0x80) {
    if ((b[start] ?? 0) & 0x40) return null; // negative (two's complement) base-256: never a valid size
    let v = (b[start] ?? 0) & 0x3f;
    for (let i = start + 1; i < start + len; i++) v = v * 256 + (b[i] ?? 0);
    return Number.isSafeInteger(v) ? v : null;
  }
  const text = cString(b, start, len).replace(/^[ ]+|[ ]+$/g, '');
  if (text === '') return 0;
  if (!/^[0-7]+$/.test(text)) return null;
  const v = parseInt(text, 8);
  return Number.isSafeInteger(v) ? v : null;
}

/** Tar checksums are the byte sum with the checksum field read as spaces; old writers summed signed bytes. */
function checksumOk(h: Uint8Array): boolean {
  const stored = parseNumeric(h, 148, 8);
  if (stored === null) return false;
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < BLOCK; i++) {
    const v = i >= 148 && i < 156 ? 0x20 : (h[i] ?? 0);
    unsigned += v;
    signed += v > 127 ? v - 256 : v;
  }
  return stored === unsigned || stored === signed;
}

/** Parses pax extended header records (`LEN key=value\n`). */
export function parsePaxRecords(body: Buffer, label: string): Map<string, string> {
  const out = new Map<string, string>();
  let pos = 0;
  while (pos < body.length) {
    if (isZeroBlock(body.subarray(pos))) break; // some writers pad the body with NULs
    const sp = body.indexOf(0x20, pos);
    const lenText = sp < 0 ? '' : body.toString('latin1', pos, sp);
    const len = /^[0-9]{1,9}$/.test(lenText) ? parseInt(lenText, 10) : NaN;
    if (!(len > sp - pos + 1) || pos + len > body.length || body[pos + len - 1] !== 0x0a) {
      throw new ImageReadError(`${label}: malformed pax extended header record at byte ${pos}`);
    }
    const rec = body.subarray(sp + 1, pos + len - 1);
    const eq = rec.indexOf(0x3d);
    if (eq <= 0) throw new ImageReadError(`${label}: malformed pax extended header record at byte ${pos} (no key)`);
    out.set(rec.toString('utf8', 0, eq), rec.toString('utf8', eq + 1));
    pos += len;
  }
  return out;
}

interface Pending {
  path?: string;
  linkpath?: string;
  size?: number;
}

function applyPax(p: Pending, recs: Map<string, string>, label: string): void {
  const path = recs.get('path');
  if (path !== undefined) p.path = path;
  const linkpath = recs.get('linkpath');
  if (linkpath !== undefined) p.linkpath = linkpath;
  const size = recs.get('size');
  if (size !== undefined) {
    if (!/^[0-9]{1,16}$/.test(size) || !Number.isSafeInteger(Number(size))) throw new ImageReadError(`${label}: invalid pax size '${size}'`);
    p.size = Number(size);
  }
}

/**
 * Lists every entry of a tar archive. Throws ImageReadError with the offset for anything that is not a
 * well-formed archive: a bad header checksum (also what "not a tar at all" looks like), a truncated
 * entry, an absurd size.
 */
export function listTar(src: ByteSource, label: string, limits: TarLimits = DEFAULT_TAR_LIMITS): TarEntry[] {
  const entries: TarEntry[] = [];
  let pending: Pending = {};
  let pos = 0;
  while (pos < src.length) {
    if (src.length - pos < BLOCK) {
      if (isZeroBlock(src.read(pos, src.length - pos))) break; // short zero tail: padding, not data
      throw new ImageReadError(`${label}: truncated tar: ${src.length - pos} stray bytes at offset ${pos} where a 512-byte header should be`);
    }
    const h = src.read(pos, BLOCK);
    if (isZeroBlock(h)) {
      // Two zero blocks end the archive. A lone one is skipped, as the ground-truth reader does.
      if (pos + 2 * BLOCK > src.length || isZeroBlock(src.read(pos + BLOCK, BLOCK))) break;
      pos += BLOCK;
      continue;
    }
    if (!checksumOk(h)) {
      throw new ImageReadError(
        pos === 0
          ? `${label}: not a tar archive (no valid tar header at offset 0)`
          : `${label}: corrupt tar: bad header checksum at offset ${pos}`,
      );
    }
    const type = h[156] === 0 ? '0' : String.fromCharCode(h[156] ?? 0x30);
    let size = parseNumeric(h, 124, 12);
    if (size === null) throw new ImageReadError(`${label}: corrupt tar: invalid size field in the header at offset ${pos}`);
    const dataOffset = pos + BLOCK;
    const padded = Math.ceil(size / BLOCK) * BLOCK;

    if (type === 'x' || type === 'L' || type === 'K' || type === 'g') {
      if (type !== 'g') {
        if (size > limits.maxMetaBytes) throw new ImageReadError(`${label}: ${type === 'x' ? 'pax header' : 'GNU long name'} of ${size} bytes at offset ${pos} exceeds the limit of ${limits.maxMetaBytes}`);
        ensureData(src, dataOffset, size, label, `the ${type === 'x' ? 'pax header' : 'GNU long name'} at offset ${pos}`);
        const body = src.read(dataOffset, size);
        if (type === 'x') applyPax(pending, parsePaxRecords(body, label), label);
        else if (type === 'L') pending.path = cString(body, 0, body.length);
        else pending.linkpath = cString(body, 0, body.length);
      } else {
        // Global pax headers describe the whole archive; the ground truth ignores them, so do we.
        ensureData(src, dataOffset, size, label, `the global pax header at offset ${pos}`);
      }
      pos = dataOffset + padded;
      continue;
    }

    let name = cString(h, 0, 100);
    if (Buffer.from(h.buffer, h.byteOffset + 257, 6).toString('latin1') === 'ustar\0') {
      // POSIX ustar only: GNU tar ('ustar  ') uses these bytes for other fields.
      const prefix = cString(h, 345, 155);
      if (prefix) name = prefix + '/' + name;
    }
    let linkname = cString(h, 157, 100);
    if (pending.path !== undefined) name = pending.path;
    if (pending.linkpath !== undefined) linkname = pending.linkpath;
    if (pending.size !== undefined) size = pending.size;
    pending = {};

    const dataLength = HEADER_ONLY_TYPES.has(type) ? 0 : size;
    ensureData(src, dataOffset, dataLength, label, `entry '${name}'`);
    if (entries.length >= limits.maxEntries) throw new ImageReadError(`${label}: more than ${limits.maxEntries} entries; refusing to go on`);
    entries.push({ name, type, size, linkname, dataOffset });
    pos = dataOffset + Math.ceil(dataLength / BLOCK) * BLOCK;
  }
  return entries;
}

function ensureData(src: ByteSource, offset: number, length: number, label: string, what: string): void {
  if (offset + length > src.length) {
    throw new ImageReadError(`${label}: truncated tar: ${what} needs ${length} bytes at offset ${offset}, but the archive ends at ${src.length}`);
  }
}
