import * as zlib from 'node:zlib';

/** An entry of an archive listing: what extracting it writes. */
export interface ArchiveEntry {
  path: string;
  type: 'file' | 'dir' | 'symlink' | 'hardlink';
  size: number;
  mode: number;
  linkTarget: string | null;
}

export type Compression = 'none' | 'gzip' | 'bzip2' | 'xz' | 'zstd';

export interface ArchiveListing {
  format: 'tar' | 'zip';
  compression: Compression;
  entries: ArchiveEntry[];
}

/** Archives that inflate to more than this are not read whole (memory); their size comes from the gzip trailer. */
export const MAX_INFLATED = 256 * 1024 * 1024;

export function detectCompression(buf: Buffer): Compression {
  if (buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b) return 'gzip';
  if (buf.length >= 3 && buf.toString('latin1', 0, 3) === 'BZh') return 'bzip2';
  if (buf.length >= 6 && buf[0] === 0xfd && buf.toString('latin1', 1, 6) === '7zXZ\0') return 'xz';
  if (buf.length >= 4 && buf.readUInt32LE(0) === 0xfd2fb528) return 'zstd';
  return 'none';
}

/** Is the buffer a tar archive (ustar magic or a header with a valid checksum)? */
export function isTar(buf: Buffer): boolean {
  if (buf.length < 512) return false;
  const magic = buf.toString('latin1', 257, 262);
  if (magic === 'ustar') return true;
  return checksumOk(buf, 0);
}

function checksumOk(buf: Buffer, off: number): boolean {
  const stored = parseOctal(buf, off + 148, 8);
  if (stored === null) return false;
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : buf[off + i];
  return sum === stored;
}

function parseOctal(buf: Buffer, off: number, len: number): number | null {
  if (buf[off] & 0x80) {
    // base-256 (GNU) for big sizes
    let v = buf[off] & 0x7f;
    for (let i = 1; i < len; i++) v = v * 256 + buf[off + i];
    return v;
  }
  const s = buf.toString('latin1', off, off + len).replace(/\0.*$/s, '').trim();
  if (s === '') return 0;
  if (!/^[0-7]+$/.test(s)) return null;
  return parseInt(s, 8);
}

function cString(buf: Buffer, off: number, len: number): string {
  const s = buf.toString('utf8', off, off + len);
  const nul = s.indexOf('\0');
  return nul >= 0 ? s.slice(0, nul) : s;
}

function parsePax(body: string): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 0;
  while (i < body.length) {
    const sp = body.indexOf(' ', i);
    if (sp < 0) break;
    const len = Number(body.slice(i, sp));
    if (!Number.isFinite(len) || len <= 0) break;
    const rec = body.slice(sp + 1, i + len - 1);
    const eq = rec.indexOf('=');
    if (eq > 0) out[rec.slice(0, eq)] = rec.slice(eq + 1);
    i += len;
  }
  return out;
}

/** The entries of a tar stream (already decompressed). Stops at the end marker or at a damaged header. */
export function listTar(buf: Buffer): ArchiveEntry[] {
  const out: ArchiveEntry[] = [];
  let off = 0;
  let longName: string | null = null;
  let longLink: string | null = null;
  let pax: Record<string, string> = {};
  while (off + 512 <= buf.length) {
    if (buf[off] === 0 && buf.subarray(off, off + 512).every((b) => b === 0)) break;
    if (!checksumOk(buf, off)) break;
    const size = parseOctal(buf, off + 124, 12) ?? 0;
    const type = String.fromCharCode(buf[off + 156] || 0x30);
    const dataStart = off + 512;
    const next = dataStart + Math.ceil(size / 512) * 512;
    if (type === 'L' || type === 'K') {
      const s = cString(buf, dataStart, size);
      if (type === 'L') longName = s;
      else longLink = s;
      off = next;
      continue;
    }
    if (type === 'x') {
      pax = parsePax(buf.toString('utf8', dataStart, dataStart + size));
      off = next;
      continue;
    }
    if (type === 'g') {
      off = next;
      continue;
    }
    let name = cString(buf, off, 100);
    const prefix = buf.toString('latin1', off + 257, off + 262) === 'ustar' ? cString(buf, off + 345, 155) : '';
    if (prefix) name = `${prefix}/${name}`;
    if (longName !== null) name = longName;
    if (pax['path']) name = pax['path'];
    let link = cString(buf, off + 157, 100);
    if (longLink !== null) link = longLink;
    if (pax['linkpath']) link = pax['linkpath'];
    const realSize = pax['size'] ? Number(pax['size']) : size;
    const mode = parseOctal(buf, off + 100, 8) ?? 0o644;
    const kind: ArchiveEntry['type'] | null = type === '5' ? 'dir' : type === '2' ? 'symlink' : type === '1' ? 'hardlink' : type === '0' || type === '7' || type === '\0' || type === 'S' ? 'file' : null;
    if (kind) out.push({ path: name, type: kind, size: kind === 'file' ? realSize : 0, mode: mode & 0o7777, linkTarget: kind === 'symlink' || kind === 'hardlink' ? link : null });
    longName = null;
    longLink = null;
    pax = {};
    off = next;
  }
  return out;
}

/** The entries of a zip file, from its central directory (sizes as stored there). */
export function listZip(buf: Buffer): ArchiveEntry[] | null {
  const min = Math.max(0, buf.length - 65_557);
  let eocd = -1;
  for (let i = buf.length - 22; i >= min; i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const count = buf.readUInt16LE(eocd + 10);
  let off = buf.readUInt32LE(eocd + 16);
  const out: ArchiveEntry[] = [];
  for (let n = 0; n < count; n++) {
    if (off + 46 > buf.length || buf.readUInt32LE(off) !== 0x02014b50) return null;
    const size = buf.readUInt32LE(off + 24);
    const nameLen = buf.readUInt16LE(off + 28);
    const extraLen = buf.readUInt16LE(off + 30);
    const commentLen = buf.readUInt16LE(off + 32);
    const attrs = buf.readUInt32LE(off + 38);
    const name = buf.toString('utf8', off + 46, off + 46 + nameLen);
    if (size === 0xffffffff) return null;
    const unixMode = attrs >>> 16;
    const isLink = (unixMode & 0o170000) === 0o120000;
    out.push({ path: name.replace(/\/$/, ''), type: name.endsWith('/') ? 'dir' : isLink ? 'symlink' : 'file', size: name.endsWith('/') || isLink ? 0 : size, mode: unixMode & 0o7777 || 0o644, linkTarget: null });
    off += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

/**
 * What a local archive extracts to, as Docker's ADD and tar see it: tar (plain or gzip). bzip2/xz/zstd archives
 * are recognised but cannot be listed here (null listing, the compression says why). Not an archive: null.
 */
export function readArchive(buf: Buffer): { listing: ArchiveListing | null; compression: Compression; inflatedBytes?: number } | null {
  const compression = detectCompression(buf);
  if (compression === 'gzip') {
    // ISIZE: the uncompressed length mod 2^32, in the last 4 bytes of a (single-member) gzip file.
    const isize = buf.length >= 18 ? buf.readUInt32LE(buf.length - 4) : 0;
    if (isize > MAX_INFLATED) return { listing: null, compression, inflatedBytes: isize };
    let raw: Buffer;
    try {
      raw = zlib.gunzipSync(buf, { maxOutputLength: MAX_INFLATED });
    } catch {
      return null;
    }
    return isTar(raw) ? { listing: { format: 'tar', compression, entries: listTar(raw) }, compression } : null;
  }
  if (compression !== 'none') return { listing: null, compression };
  if (isTar(buf)) return { listing: { format: 'tar', compression, entries: listTar(buf) }, compression };
  return null;
}

export function readZip(buf: Buffer): ArchiveListing | null {
  const entries = listZip(buf);
  return entries ? { format: 'zip', compression: 'none', entries } : null;
}
