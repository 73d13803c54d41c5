/**
 * Test-only builders: tar archives (ustar, GNU long names, pax), OCI image layouts, OCI archives and
 * `docker save` tarballs, made in memory so the tests need no Docker and no fixtures on disk.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';

export type EntrySpec =
  | { kind: 'file'; name: string; size: number; mode?: number }
  | { kind: 'dir'; name: string }
  | { kind: 'symlink'; name: string; target: string }
  | { kind: 'hardlink'; name: string; target: string; headerSize?: number }
  | { kind: 'raw'; name: string; type: string; size: number; data?: Buffer };

export const file = (name: string, size: number, mode = 0o644): EntrySpec => ({ kind: 'file', name, size, mode });
export const dir = (name: string): EntrySpec => ({ kind: 'dir', name });
export const symlink = (name: string, target: string): EntrySpec => ({ kind: 'symlink', name, target });
export const hardlink = (name: string, target: string, headerSize = 0): EntrySpec => ({ kind: 'hardlink', name, target, headerSize });
/** `.wh.NAME` next to the path it deletes. */
export const whiteout = (p: string): EntrySpec => {
  const d = path.posix.dirname(p);
  return file((d === '.' ? '' : d + '/') + '.wh.' + path.posix.basename(p), 0);
};
export const opaque = (d: string): EntrySpec => file(d.replace(/\/$/, '') + '/.wh..wh..opq', 0);

/** How names over 100 bytes are stored: ustar prefix field when it fits, else pax; or always GNU/pax. */
export type LongNames = 'auto' | 'pax' | 'gnu';

export interface HeaderFields {
  name: string;
  type: string;
  size: number;
  linkname?: string;
  mode?: number;
  gnu?: boolean;
  prefix?: string;
}

/** One 512-byte header with a correct checksum. */
export function header(f: HeaderFields): Buffer {
  const h = Buffer.alloc(512, 0);
  const put = (s: string, off: number, len: number): void => {
    const b = Buffer.from(s, 'utf8');
    if (b.length > len) throw new Error(`field too long for the header: ${s}`);
    b.copy(h, off);
  };
  const octal = (n: number, len: number): string => n.toString(8).padStart(len - 1, '0') + '\0';
  put(f.name, 0, 100);
  put(octal(f.mode ?? (f.type === '5' ? 0o755 : 0o644), 8), 100, 8);
  put(octal(0, 8), 108, 8);
  put(octal(0, 8), 116, 8);
  put(octal(f.size, 12), 124, 12);
  put(octal(1700000000, 12), 136, 12);
  put('        ', 148, 8);
  put(f.type, 156, 1);
  put(f.linkname ?? '', 157, 100);
  if (f.gnu) put('ustar  \0', 257, 8);
  else {
    put('ustar\0', 257, 6);
    put('00', 263, 2);
    put(f.prefix ?? '', 345, 155);
  }
  let sum = 0;
  for (const b of h) sum += b;
  put(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8);
  return h;
}

function pad(len: number): Buffer {
  return Buffer.alloc((512 - (len % 512)) % 512, 0);
}

export function paxRecords(records: Record<string, string>): Buffer {
  let body = '';
  for (const [k, v] of Object.entries(records)) {
    const rec = ` ${k}=${v}\n`;
    const recLen = Buffer.byteLength(rec);
    let len = recLen + 1;
    while (String(len).length + recLen !== len) len = String(len).length + recLen;
    body += len + rec;
  }
  const b = Buffer.from(body, 'utf8');
  return Buffer.concat([header({ name: 'PaxHeaders/x', type: 'x', size: b.length }), b, pad(b.length)]);
}

function gnuLong(type: 'L' | 'K', value: string): Buffer {
  const b = Buffer.from(value + '\0', 'utf8');
  return Buffer.concat([header({ name: '././@LongLink', type, size: b.length, gnu: true }), b, pad(b.length)]);
}

/** Deterministic file content, so identical specs give identical tars (and digests). */
export function content(size: number, seed: number): Buffer {
  const b = Buffer.alloc(size);
  let x = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    b[i] = x & 0xff;
  }
  return b;
}

function splitUstar(name: string): { prefix: string; name: string } | null {
  if (Buffer.byteLength(name) <= 100) return { prefix: '', name };
  for (let i = name.lastIndexOf('/'); i > 0; i = name.lastIndexOf('/', i - 1)) {
    const pre = name.slice(0, i);
    const rest = name.slice(i + 1);
    if (Buffer.byteLength(pre) <= 155 && Buffer.byteLength(rest) <= 100 && rest !== '') return { prefix: pre, name: rest };
  }
  return null;
}

/** Header(s) for one entry, using long-name extensions when the name or link target does not fit. */
function entryHeaders(name: string, type: string, size: number, linkname: string, mode: number | undefined, longNames: LongNames): Buffer {
  const parts: Buffer[] = [];
  const linkFits = Buffer.byteLength(linkname) <= 100;
  const ustar = longNames === 'auto' ? splitUstar(name) : Buffer.byteLength(name) <= 100 ? { prefix: '', name } : null;
  const short = (s: string): string => Buffer.from(s, 'utf8').subarray(0, 100).toString('utf8').replace(/\uFFFD$/, '');
  if (longNames === 'gnu') {
    if (!ustar) parts.push(gnuLong('L', name));
    if (!linkFits) parts.push(gnuLong('K', linkname));
    parts.push(header({ name: ustar ? ustar.name : short(name), type, size, linkname: linkFits ? linkname : short(linkname), mode, gnu: true }));
    return Buffer.concat(parts);
  }
  const pax: Record<string, string> = {};
  if (!ustar) pax['path'] = name;
  if (!linkFits) pax['linkpath'] = linkname;
  if (Object.keys(pax).length) parts.push(paxRecords(pax));
  parts.push(header({ name: ustar ? ustar.name : short(name), prefix: ustar?.prefix, type, size, linkname: linkFits ? linkname : short(linkname), mode }));
  return Buffer.concat(parts);
}

export interface TarOptions {
  longNames?: LongNames;
  /** Leave out the two zero blocks that end an archive. */
  noEnd?: boolean;
}

export function makeTar(entries: readonly EntrySpec[], opts: TarOptions = {}): Buffer {
  const ln = opts.longNames ?? 'auto';
  const parts: Buffer[] = [];
  entries.forEach((e, i) => {
    switch (e.kind) {
      case 'dir':
        parts.push(entryHeaders(e.name.endsWith('/') ? e.name : e.name + '/', '5', 0, '', 0o755, ln));
        break;
      case 'symlink':
        parts.push(entryHeaders(e.name, '2', 0, e.target, 0o777, ln));
        break;
      case 'hardlink':
        parts.push(entryHeaders(e.name, '1', e.headerSize ?? 0, e.target, 0o644, ln));
        break;
      case 'file':
        parts.push(entryHeaders(e.name, '0', e.size, '', e.mode, ln), content(e.size, i + e.size), pad(e.size));
        break;
      case 'raw': {
        const data = e.data ?? Buffer.alloc(0);
        parts.push(entryHeaders(e.name, e.type, e.size, '', undefined, ln), data, pad(data.length));
        break;
      }
    }
  });
  if (!opts.noEnd) parts.push(Buffer.alloc(1024, 0));
  return Buffer.concat(parts);
}

/** A tar of named byte blobs (the outer archive of an OCI archive or docker save tarball). */
export function makeFileTar(files: readonly { name: string; data?: Buffer; symlinkTo?: string; dir?: boolean }[]): Buffer {
  const parts: Buffer[] = [];
  for (const f of files) {
    if (f.dir) parts.push(entryHeaders(f.name.replace(/\/?$/, '/'), '5', 0, '', 0o755, 'auto'));
    else if (f.symlinkTo !== undefined) parts.push(entryHeaders(f.name, '2', 0, f.symlinkTo, 0o777, 'auto'));
    else {
      const data = f.data ?? Buffer.alloc(0);
      parts.push(entryHeaders(f.name, '0', data.length, '', 0o644, 'auto'), data, pad(data.length));
    }
  }
  parts.push(Buffer.alloc(1024, 0));
  return Buffer.concat(parts);
}

/** One history entry: a layer, or a config-only instruction. */
export type HistorySpec = { layer: readonly EntrySpec[]; createdBy?: string; gzip?: boolean; longNames?: LongNames } | { empty: string };

export function sha256(b: Buffer): string {
  return 'sha256:' + crypto.createHash('sha256').update(b).digest('hex');
}

export interface BuiltImage {
  config: Buffer;
  /** Uncompressed layer tars, bottom first. */
  tars: Buffer[];
  /** Layer blobs as stored (gzip or plain). */
  blobs: Buffer[];
  blobMediaTypes: string[];
}

export interface ImageOptions {
  /** 'omit' drops the history; 'mismatch' adds a bogus non-empty entry so it cannot be aligned. */
  history?: 'normal' | 'omit' | 'mismatch';
}

export function buildImage(items: readonly HistorySpec[], opts: ImageOptions = {}): BuiltImage {
  const tars: Buffer[] = [];
  const blobs: Buffer[] = [];
  const blobMediaTypes: string[] = [];
  const history: Record<string, unknown>[] = [];
  for (const it of items) {
    if ('empty' in it) {
      history.push({ created_by: it.empty, empty_layer: true });
      continue;
    }
    const tar = makeTar(it.layer, { longNames: it.longNames });
    tars.push(tar);
    blobs.push(it.gzip ? zlib.gzipSync(tar) : tar);
    blobMediaTypes.push('application/vnd.oci.image.layer.v1.tar' + (it.gzip ? '+gzip' : ''));
    history.push({ created_by: it.createdBy ?? `/bin/sh -c step ${tars.length - 1}` });
  }
  if (opts.history === 'mismatch') history.push({ created_by: 'phantom layer' });
  const config: Record<string, unknown> = { architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: tars.map(sha256) } };
  if (opts.history !== 'omit') config['history'] = history;
  return { config: Buffer.from(JSON.stringify(config)), tars, blobs, blobMediaTypes };
}

function putBlob(dir: string, b: Buffer): { digest: string; size: number } {
  const digest = sha256(b);
  fs.mkdirSync(path.join(dir, 'blobs', 'sha256'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'blobs', 'sha256', digest.slice(7)), b);
  return { digest, size: b.length };
}

function manifestFor(dir: string, img: BuiltImage): { digest: string; size: number } {
  const cfg = putBlob(dir, img.config);
  const layers = img.blobs.map((b, i) => ({ mediaType: img.blobMediaTypes[i], ...putBlob(dir, b) }));
  const manifest = { schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...cfg }, layers };
  return putBlob(dir, Buffer.from(JSON.stringify(manifest)));
}

export interface LayoutImage {
  image: BuiltImage;
  refName?: string;
  platform?: { os: string; architecture: string; variant?: string };
}

/** Writes an OCI image layout with one index entry per image (refName as the ref.name annotation). */
export function writeOciLayout(dir: string, images: readonly LayoutImage[]): void {
  fs.mkdirSync(dir, { recursive: true });
  const manifests = images.map((im) => ({
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    ...manifestFor(dir, im.image),
    ...(im.platform ? { platform: im.platform } : {}),
    ...(im.refName ? { annotations: { 'org.opencontainers.image.ref.name': im.refName } } : {}),
  }));
  fs.writeFileSync(path.join(dir, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests }));
  fs.writeFileSync(path.join(dir, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
}

/** Writes a multi-platform layout: index.json -> one nested index -> a manifest per platform (+ an attestation). */
export function writeMultiPlatformLayout(dir: string, images: readonly LayoutImage[], refName: string): void {
  fs.mkdirSync(dir, { recursive: true });
  const manifests: Record<string, unknown>[] = images.map((im) => ({ mediaType: 'application/vnd.oci.image.manifest.v1+json', ...manifestFor(dir, im.image), platform: im.platform }));
  const att = manifestFor(dir, buildImage([{ layer: [file('attestation.json', 10)] }]));
  manifests.push({ mediaType: 'application/vnd.oci.image.manifest.v1+json', ...att, platform: { os: 'unknown', architecture: 'unknown' }, annotations: { 'vnd.docker.reference.type': 'attestation-manifest' } });
  const inner = putBlob(dir, Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests })));
  fs.writeFileSync(path.join(dir, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests: [{ mediaType: 'application/vnd.oci.image.index.v1+json', ...inner, annotations: { 'org.opencontainers.image.ref.name': refName } }] }));
  fs.writeFileSync(path.join(dir, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
}

/** Every file under dir as tar members, with relative names (`prefix` './' gives what `tar -C dir -cf - .` holds). */
export function tarOfDirectory(dir: string, prefix = ''): Buffer {
  const files: { name: string; data?: Buffer; dir?: boolean }[] = [];
  if (prefix) files.push({ name: prefix, dir: true });
  const walk = (rel: string): void => {
    for (const name of fs.readdirSync(path.join(dir, rel)).sort()) {
      const r = rel ? rel + '/' + name : name;
      if (fs.statSync(path.join(dir, r)).isDirectory()) {
        files.push({ name: prefix + r, dir: true });
        walk(r);
      } else files.push({ name: prefix + r, data: fs.readFileSync(path.join(dir, r)) });
    }
  };
  walk('');
  return makeFileTar(files);
}

export interface DockerImage {
  image: BuiltImage;
  repoTags?: string[];
}

/**
 * A classic `docker save` tarball: manifest.json, <config>.json and <id>/layer.tar per layer. A layer
 * whose tar equals an earlier one is stored as a symlink to it, as docker does for repeated layers.
 */
export function dockerArchive(images: readonly DockerImage[], opts: { blobsLayout?: boolean } = {}): Buffer {
  const files: { name: string; data?: Buffer; symlinkTo?: string; dir?: boolean }[] = [];
  const seen = new Map<string, string>();
  const manifest = images.map((im) => {
    const cfgName = opts.blobsLayout ? `blobs/sha256/${sha256(im.image.config).slice(7)}` : `${sha256(im.image.config).slice(7)}.json`;
    if (!files.some((f) => f.name === cfgName)) files.push({ name: cfgName, data: im.image.config });
    const layers = im.image.tars.map((tar, i) => {
      const id = sha256(Buffer.concat([Buffer.from(String(i)), tar, im.image.config])).slice(7);
      const name = opts.blobsLayout ? `blobs/sha256/${sha256(tar).slice(7)}` : `${id}/layer.tar`;
      const first = seen.get(sha256(tar));
      if (opts.blobsLayout) {
        if (!first) files.push({ name, data: tar });
      } else {
        files.push({ name: id, dir: true });
        files.push(first ? { name, symlinkTo: `../${first}` } : { name, data: tar });
        files.push({ name: `${id}/VERSION`, data: Buffer.from('1.0') });
      }
      if (!first) seen.set(sha256(tar), name);
      return name;
    });
    return { Config: cfgName, RepoTags: im.repoTags ?? null, Layers: layers };
  });
  files.unshift({ name: 'manifest.json', data: Buffer.from(JSON.stringify(manifest)) });
  return makeFileTar(files);
}
