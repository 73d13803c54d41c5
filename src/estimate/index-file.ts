import * as os from 'node:os';
import type { DebianIndex, Group, IndexSource, NameLookup, PackageRecord } from './debian-index';

/**
 * The Debian index laid out for lazy reading: `npm run build` (scripts/gen-debian-index.js) writes one per shipped
 * `data/debian-<suite>.json.br` into `dist/data/debian-<suite>.idx`. Decompressing and decoding the whole brotli JSON
 * (63,000 packages) took most of a one-file lint's time, while one `apt-get install` reads a few hundred records.
 * Here nothing is decoded up front: names, versions and records are read from the file when asked for, a build-time
 * hash table answers name look-ups, and the providers table is precomputed.
 *
 * Layout (little-endian): `LLDEBIX1`, u32 header length, the header (JSON, padded to 4 bytes), then the sections the
 * header lists by byte offset: UTF-8 text sections (names, versions, records as one JSON array each) with u32 start
 * offset tables (n + 1 entries), the hash table (u32 name index + 1 per slot, 0 empty; FNV-1a over UTF-16 code
 * units, linear probing), and the providers (u32 start per name, n + 1 entries, into a u32 list).
 * The header keeps the size and CRC-32 of the `.json.br` it was made from: a stale file is ignored.
 */

/** One package as `scripts/kb-debian.js` stores it: `[installedSizeKiB, flags, depends, preDepends, recommends, conflicts, provides]`. */
export type RawRecord = [number, number, Group[], Group[], Group[], number[], number[]];

/** The decoded `data/debian-<suite>.json.br` (format documented in scripts/kb-debian.js). */
export interface RawIndex {
  format: number;
  suite: string;
  arch: string;
  generatedAt: string;
  sources: IndexSource[];
  names: string[];
  realCount: number;
  pkgs: RawRecord[];
  versions: string[];
}

export function recordFrom(r: RawRecord): PackageRecord {
  return {
    installedSizeKiB: r[0],
    priority: r[1] & 7,
    essential: (r[1] & 8) !== 0,
    important: (r[1] & 16) !== 0,
    dependsOnDebconf: (r[1] & 32) !== 0,
    depends: r[2],
    preDepends: r[3],
    recommends: r[4],
    conflicts: r[5],
    provides: r[6],
  };
}

const MAGIC = 'LLDEBIX1';
const FORMAT = 1;

interface Section {
  off: number;
  len: number;
}

interface Header {
  format: number;
  source: { size: number; crc32: number };
  suite: string;
  arch: string;
  generatedAt: string;
  sources: IndexSource[];
  nameCount: number;
  realCount: number;
  names: Section;
  nameStarts: Section;
  versions: Section;
  versionStarts: Section;
  records: Section;
  recordStarts: Section;
  hash: Section;
  providerStarts: Section;
  providers: Section;
}

/** FNV-1a over UTF-16 code units (package names are ASCII; anything else hashes consistently all the same). */
export function nameHash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Texts joined, with a u32 start offset per text and one for the end. */
function textSection(texts: readonly string[]): { bytes: Buffer; starts: Uint32Array } {
  const parts = texts.map((t) => Buffer.from(t, 'utf8'));
  const starts = new Uint32Array(texts.length + 1);
  let at = 0;
  parts.forEach((p, i) => {
    starts[i] = at;
    at += p.length;
  });
  starts[texts.length] = at;
  return { bytes: Buffer.concat(parts), starts };
}

function u32Bytes(a: Uint32Array): Buffer {
  const out = Buffer.alloc(a.length * 4);
  a.forEach((v, i) => out.writeUInt32LE(v, i * 4));
  return out;
}

/** The lazy-read file for a decoded `.json.br` (`source`: the compressed file's bytes, to recognise it later). */
export function encodeIndexFile(raw: RawIndex, source: Buffer, crc32: (b: Buffer) => number): Buffer {
  const names = textSection(raw.names);
  const versions = textSection(raw.versions);
  const records = textSection(raw.pkgs.map((r) => JSON.stringify(r)));
  let slots = 1;
  while (slots < raw.names.length * 2) slots *= 2;
  const hash = new Uint32Array(slots);
  raw.names.forEach((n, i) => {
    let s = nameHash(n) & (slots - 1);
    while (hash[s] !== 0) s = (s + 1) & (slots - 1);
    hash[s] = i + 1;
  });
  const providerLists: number[][] = raw.names.map(() => []);
  raw.pkgs.forEach((r, i) => {
    for (const n of r[6]) providerLists[n]?.push(i);
  });
  const providerStarts = new Uint32Array(raw.names.length + 1);
  const providers: number[] = [];
  providerLists.forEach((l, i) => {
    providerStarts[i] = providers.length;
    providers.push(...l);
  });
  providerStarts[raw.names.length] = providers.length;

  const blobs: [keyof Header, Buffer][] = [
    ['names', names.bytes],
    ['nameStarts', u32Bytes(names.starts)],
    ['versions', versions.bytes],
    ['versionStarts', u32Bytes(versions.starts)],
    ['records', records.bytes],
    ['recordStarts', u32Bytes(records.starts)],
    ['hash', u32Bytes(hash)],
    ['providerStarts', u32Bytes(providerStarts)],
    ['providers', u32Bytes(Uint32Array.from(providers))],
  ];
  const sections: Record<string, Section> = {};
  let at = 0;
  const body: Buffer[] = [];
  for (const [name, b] of blobs) {
    sections[name] = { off: at, len: b.length };
    const padded = Buffer.alloc(align4(b.length));
    b.copy(padded);
    body.push(padded);
    at += padded.length;
  }
  const header = {
    format: FORMAT,
    source: { size: source.length, crc32: crc32(source) },
    suite: raw.suite,
    arch: raw.arch,
    generatedAt: raw.generatedAt,
    sources: raw.sources,
    nameCount: raw.names.length,
    realCount: raw.realCount,
    ...sections,
  };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const headerLen = align4(headerBytes.length);
  const prefix = Buffer.alloc(MAGIC.length + 4 + headerLen, ' ');
  prefix.write(MAGIC, 0, 'latin1');
  prefix.writeUInt32LE(headerLen, MAGIC.length);
  headerBytes.copy(prefix, MAGIC.length + 4);
  // Section offsets in the header are relative to the end of the prefix, which is 4-byte aligned (8 + 4 + n·4).
  return Buffer.concat([prefix, ...body]);
}

function align4(n: number): number {
  return (n + 3) & ~3;
}

/**
 * Open a lazy-read index, or null when the file is not one this code reads, or was made from another `.json.br`
 * than `source` (a stale build), or this machine is big-endian (the tables are read in place).
 */
export function openIndexFile(buf: Buffer, source: Buffer, crc32: (b: Buffer) => number): DebianIndex | null {
  if (os.endianness() !== 'LE') return null;
  if (buf.length < MAGIC.length + 4 || buf.toString('latin1', 0, MAGIC.length) !== MAGIC) return null;
  const headerLen = buf.readUInt32LE(MAGIC.length);
  let header: Header;
  try {
    header = JSON.parse(buf.toString('utf8', MAGIC.length + 4, MAGIC.length + 4 + headerLen)) as Header;
  } catch {
    return null;
  }
  if (header.format !== FORMAT || header.source.size !== source.length || header.source.crc32 !== crc32(source)) return null;
  const base = MAGIC.length + 4 + headerLen;
  // The u32 tables are viewed in place; a buffer that does not start on a 4-byte boundary is copied once.
  const data = (buf.byteOffset + base) % 4 === 0 ? buf : Buffer.from(buf);
  const u32 = (s: Section): Uint32Array => new Uint32Array(data.buffer, data.byteOffset + base + s.off, s.len / 4);
  const text = (s: Section, starts: Uint32Array, i: number): string => data.toString('utf8', base + s.off + starts[i], base + s.off + starts[i + 1]);

  const nameStarts = u32(header.nameStarts);
  const versionStarts = u32(header.versionStarts);
  const recordStarts = u32(header.recordStarts);
  const hash = u32(header.hash);
  const providerStarts = u32(header.providerStarts);
  const providerList = u32(header.providers);
  const { nameCount, realCount } = header;
  const mask = hash.length - 1;

  const names: (string | undefined)[] = new Array<string | undefined>(nameCount);
  const name = (i: number): string | undefined => {
    if (!(i >= 0 && i < nameCount)) return undefined;
    return (names[i] ??= text(header.names, nameStarts, i));
  };
  const get = (n: string): number | undefined => {
    for (let s = nameHash(n) & mask; hash[s] !== 0; s = (s + 1) & mask) {
      const i = hash[s] - 1;
      if (name(i) === n) return i;
    }
    return undefined;
  };
  const byName: NameLookup = { get, has: (n) => get(n) !== undefined };
  const records: (PackageRecord | undefined)[] = new Array<PackageRecord | undefined>(realCount);
  const providers: (readonly number[] | undefined)[] = new Array<readonly number[] | undefined>(nameCount);
  return {
    suite: header.suite,
    arch: header.arch,
    generatedAt: header.generatedAt,
    sources: header.sources,
    nameCount,
    realCount,
    name,
    pkg: (i) => (i >= 0 && i < realCount ? (records[i] ??= recordFrom(JSON.parse(text(header.records, recordStarts, i)) as RawRecord)) : undefined),
    version: (i) => (i >= 0 && i < realCount ? text(header.versions, versionStarts, i) : undefined),
    byName,
    providersOf: (i) => (i >= 0 && i < nameCount ? (providers[i] ??= Array.from(providerList.subarray(providerStarts[i], providerStarts[i + 1]))) : []),
  };
}
