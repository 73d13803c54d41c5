/**
 * Opens a built image and yields its config history and, layer by layer, the entries of each layer tar.
 * Accepted inputs: a `docker save` tarball (manifest.json + config + layer tars; both the classic layout and
 * the OCI-blobs layout of Docker 25+), an OCI image layout folder (oci-layout, index.json, blobs/), an OCI
 * archive (a tar of such a folder), an unpacked `docker save` folder, and any of the archives gzip-compressed.
 */
import * as crypto from 'node:crypto';
import { constants as bufferConstants } from 'node:buffer';
import { ImageReadError } from './errors';
import type { ByteSource, TarLimits } from './tar';
import { DEFAULT_TAR_LIMITS, bufferSource, decompressTar, listTar, sniffCompression } from './tar';
import type { Store } from './store';
import { openStore, readSmallFile } from './store';
import type { HistoryEntry, LayerEntry } from './types';

export interface ReadOptions {
  /** Which image to analyse when the input holds several: a tag or name (`app:1`, `docker.io/library/app:1`, `1`). */
  ref?: string;
  /** Which platform to pick from a multi-platform index: `os/arch` or `os/arch/variant`. */
  platform?: string;
  /** Largest uncompressed layer (or compressed archive) kept in memory; default and ceiling: Node's Buffer limit. */
  maxUncompressedBytes?: number;
  /** Largest JSON document (index, manifest, config) read. */
  maxJsonBytes?: number;
  tar?: Partial<TarLimits>;
}

export type ImageFormat = 'docker-archive' | 'oci-layout';

export interface ImageLayerRef {
  /** Path inside the image, for messages. */
  path: string;
  /** The config's diff_id for this layer, when it has one. */
  diffId: string | null;
}

export interface OpenedImage {
  format: ImageFormat;
  /** The config's history, or null when the config has none. */
  history: HistoryEntry[] | null;
  layers: ImageLayerRef[];
  /** Reads one layer's tar entries, checking its diff_id. */
  readLayer(index: number): LayerEntry[];
  close(): void;
}

interface Limits {
  maxUncompressedBytes: number;
  maxJsonBytes: number;
  tar: TarLimits;
}

function limitsOf(o: ReadOptions): Limits {
  return {
    maxUncompressedBytes: Math.min(o.maxUncompressedBytes ?? bufferConstants.MAX_LENGTH, bufferConstants.MAX_LENGTH),
    maxJsonBytes: o.maxJsonBytes ?? 64 << 20,
    tar: { ...DEFAULT_TAR_LIMITS, ...o.tar },
  };
}

// ---------- small JSON helpers: the input is untrusted, so every field is checked before use ----------

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };

function isObject(v: Json | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function parseJson(buf: Buffer, where: string): Json {
  try {
    return JSON.parse(buf.toString('utf8')) as Json;
  } catch (err) {
    throw new ImageReadError(`${where} is not valid JSON (${(err as Error).message})`, { cause: err });
  }
}

function str(o: JsonObject, key: string): string | undefined {
  const v = o[key];
  return typeof v === 'string' ? v : undefined;
}

function objects(v: Json | undefined): JsonObject[] {
  return Array.isArray(v) ? v.filter(isObject) : [];
}

function strings(v: Json | undefined): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

// ---------- image references ----------

/** Canonical form of an image reference for matching: docker.io/library prefixes dropped, ":latest" implied. */
export function normalizeRef(ref: string): string {
  let r = ref.trim().replace(/^docker\.io\//, '').replace(/^index\.docker\.io\//, '').replace(/^library\//, '');
  const at = r.indexOf('@');
  const namePart = at >= 0 ? r.slice(0, at) : r;
  if (at < 0 && !/:[^/]+$/.test(namePart)) r += ':latest';
  return r;
}

function refMatches(candidates: readonly string[], wanted: string): boolean {
  const w = normalizeRef(wanted);
  return candidates.some((c) => c === wanted || normalizeRef(c) === w);
}

/** Keeps the one candidate that matches, or explains why none or several do. */
function pickOne<T>(label: string, all: readonly T[], names: (c: T) => string[], describe: (c: T) => string, wanted: string | undefined, platformOf?: (c: T) => string | null, platform?: string): T {
  let pool = all.slice();
  if (wanted !== undefined) {
    pool = pool.filter((c) => refMatches(names(c), wanted));
    if (pool.length === 0) throw new ImageReadError(`${label}: no image named '${wanted}'; it holds: ${all.map(describe).join(', ') || 'nothing'}`);
  }
  if (platform !== undefined && platformOf) {
    const byPlatform = pool.filter((c) => platformMatches(platformOf(c), platform));
    if (byPlatform.length === 0) throw new ImageReadError(`${label}: no image for platform '${platform}'; it holds: ${pool.map(describe).join(', ')}`);
    pool = byPlatform;
  }
  if (pool.length === 0) throw new ImageReadError(`${label}: the image index lists no image manifests`);
  if (pool.length > 1) {
    throw new ImageReadError(`${label}: holds ${pool.length} images (${pool.map(describe).join(', ')}); choose one by reference${platformOf ? ' or platform' : ''}`);
  }
  return pool[0] as T;
}

function platformMatches(actual: string | null, wanted: string): boolean {
  if (actual === null) return false;
  const [os, arch, variant] = wanted.split('/');
  const [aos, aarch, avariant] = actual.split('/');
  return os === aos && arch === aarch && (variant === undefined || variant === avariant);
}

// ---------- config ----------

interface ImageConfig {
  history: HistoryEntry[] | null;
  diffIds: string[];
}

function parseConfig(json: Json, where: string): ImageConfig {
  if (!isObject(json)) throw new ImageReadError(`${where} is not an image config (expected a JSON object)`);
  const rootfs = json['rootfs'];
  const diffIds = isObject(rootfs) ? strings(rootfs['diff_ids']) : [];
  const h = json['history'];
  const history = Array.isArray(h)
    ? objects(h).map((e) => ({ createdBy: str(e, 'created_by') ?? '', emptyLayer: e['empty_layer'] === true }))
    : null;
  return { history, diffIds };
}

// ---------- OCI layout ----------

const INDEX_TYPES = new Set(['application/vnd.oci.image.index.v1+json', 'application/vnd.docker.distribution.manifest.list.v2+json']);
const DIGEST_RE = /^([a-z0-9]+(?:[+._-][a-z0-9]+)*):([a-zA-Z0-9=_-]+)$/;

function blobPath(digest: string, where: string): string {
  const m = DIGEST_RE.exec(digest);
  if (!m) throw new ImageReadError(`${where}: invalid digest '${digest}'`);
  return `blobs/${m[1]}/${m[2]}`;
}

/** Reads a JSON blob by digest and checks the digest, so a corrupt or swapped blob is named as such. */
function readJsonBlob(store: Store, digest: string, what: string, limits: Limits): Json {
  const rel = blobPath(digest, `${store.label}: ${what}`);
  const buf = readSmallFile(store, rel, `${what} blob ${digest}`, limits.maxJsonBytes);
  const [alg, hex] = digest.split(':') as [string, string];
  if (alg === 'sha256' || alg === 'sha512') {
    const actual = crypto.createHash(alg).update(buf).digest('hex');
    if (actual !== hex) throw new ImageReadError(`${store.label}: ${what} blob ${digest} does not match its digest (sha256 is ${actual})`);
  }
  return parseJson(buf, `${store.label}: ${what} ${digest}`);
}

interface Candidate {
  manifestDigest: string;
  names: string[];
  platform: string | null;
}

function platformText(d: JsonObject): string | null {
  const p = d['platform'];
  if (!isObject(p)) return null;
  const os = str(p, 'os');
  const arch = str(p, 'architecture');
  if (!os || !arch) return null;
  const variant = str(p, 'variant');
  return variant ? `${os}/${arch}/${variant}` : `${os}/${arch}`;
}

function descriptorNames(d: JsonObject, inherited: string[]): string[] {
  const a = d['annotations'];
  const own = isObject(a) ? [str(a, 'org.opencontainers.image.ref.name'), str(a, 'io.containerd.image.name')].filter((x): x is string => !!x) : [];
  return [...inherited, ...own];
}

function isAttestation(d: JsonObject): boolean {
  const a = d['annotations'];
  return (isObject(a) && str(a, 'vnd.docker.reference.type') === 'attestation-manifest') || platformText(d) === 'unknown/unknown';
}

/** Image manifests reachable from an index, nested indexes (multi-platform images) included. */
function collectCandidates(store: Store, descs: JsonObject[], inherited: string[], limits: Limits, depth: number): Candidate[] {
  if (depth > 4) throw new ImageReadError(`${store.label}: image indexes nested too deep`);
  const out: Candidate[] = [];
  for (const d of descs) {
    const digest = str(d, 'digest');
    if (!digest || isAttestation(d)) continue;
    const names = descriptorNames(d, inherited);
    const mediaType = str(d, 'mediaType');
    let isIndex = mediaType !== undefined && INDEX_TYPES.has(mediaType);
    let json: Json | null = null;
    if (mediaType === undefined) {
      // Without a media type, look inside: an index lists manifests, an image manifest lists layers.
      json = readJsonBlob(store, digest, 'manifest', limits);
      isIndex = isObject(json) && Array.isArray(json['manifests']);
    }
    if (isIndex) {
      const idx = json ?? readJsonBlob(store, digest, 'image index', limits);
      if (!isObject(idx)) throw new ImageReadError(`${store.label}: image index ${digest} is not a JSON object`);
      out.push(...collectCandidates(store, objects(idx['manifests']), names, limits, depth + 1));
    } else out.push({ manifestDigest: digest, names, platform: platformText(d) });
  }
  return out;
}

function describeCandidate(c: Candidate): string {
  const name = c.names[c.names.length - 1] ?? `untagged ${c.manifestDigest.slice(0, 19)}`;
  return c.platform ? `${name} [${c.platform}]` : name;
}

function openOci(store: Store, opts: ReadOptions, limits: Limits): OpenedImage {
  const index = parseJson(readSmallFile(store, 'index.json', 'index.json', limits.maxJsonBytes), `${store.label}: index.json`);
  if (!isObject(index)) throw new ImageReadError(`${store.label}: index.json is not a JSON object`);
  const candidates = collectCandidates(store, objects(index['manifests']), [], limits, 0);
  const chosen = pickOne(store.label, candidates, (c) => c.names, describeCandidate, opts.ref, (c) => c.platform, opts.platform);
  const manifest = readJsonBlob(store, chosen.manifestDigest, 'manifest', limits);
  if (!isObject(manifest) || !Array.isArray(manifest['layers'])) throw new ImageReadError(`${store.label}: manifest ${chosen.manifestDigest} is not an image manifest (no layers)`);
  const configDesc = manifest['config'];
  const configDigest = isObject(configDesc) ? str(configDesc, 'digest') : undefined;
  if (!configDigest) throw new ImageReadError(`${store.label}: manifest ${chosen.manifestDigest} has no config digest`);
  const config = parseConfig(readJsonBlob(store, configDigest, 'config', limits), `${store.label}: config ${configDigest}`);
  const layerPaths = objects(manifest['layers']).map((l, i) => {
    const digest = str(l, 'digest');
    if (!digest) throw new ImageReadError(`${store.label}: layer ${i} of manifest ${chosen.manifestDigest} has no digest`);
    return blobPath(digest, `${store.label}: layer ${i}`);
  });
  return imageOf(store, 'oci-layout', config, layerPaths, limits);
}

// ---------- docker save ----------

function openDockerArchive(store: Store, opts: ReadOptions, limits: Limits): OpenedImage {
  const json = parseJson(readSmallFile(store, 'manifest.json', 'manifest.json', limits.maxJsonBytes), `${store.label}: manifest.json`);
  if (!Array.isArray(json)) throw new ImageReadError(`${store.label}: manifest.json is not a docker save manifest (expected a JSON array)`);
  const entries = objects(json).filter((e) => typeof e['Config'] === 'string' && Array.isArray(e['Layers']));
  const describe = (e: JsonObject): string => strings(e['RepoTags']).join(' ') || `untagged ${str(e, 'Config') ?? ''}`;
  const chosen = pickOne(store.label, entries, (e) => strings(e['RepoTags']), describe, opts.ref);
  const configPath = str(chosen, 'Config') as string;
  const config = parseConfig(parseJson(readSmallFile(store, configPath, 'image config', limits.maxJsonBytes), `${store.label}: ${configPath}`), `${store.label}: ${configPath}`);
  return imageOf(store, 'docker-archive', config, strings(chosen['Layers']), limits);
}

// ---------- layers ----------

const HASH_CHUNK = 4 << 20;

function sha256Of(src: ByteSource): string {
  const h = crypto.createHash('sha256');
  for (let off = 0; off < src.length; off += HASH_CHUNK) h.update(src.read(off, Math.min(HASH_CHUNK, src.length - off)));
  return 'sha256:' + h.digest('hex');
}

/** The uncompressed tar of a layer blob: plain tars are read in place, gzip ones unpacked into memory. */
function layerTar(blob: ByteSource, label: string, limits: Limits): ByteSource {
  const kind = sniffCompression(blob.read(0, Math.min(4, blob.length)));
  if (kind === 'none') return blob;
  if (blob.length > limits.maxUncompressedBytes) throw new ImageReadError(`${label}: compressed layer of ${blob.length} bytes exceeds the limit of ${limits.maxUncompressedBytes}`);
  return bufferSource(decompressTar(Buffer.from(blob.read(0, blob.length)), label, limits.maxUncompressedBytes));
}

function imageOf(store: Store, format: ImageFormat, config: ImageConfig, layerPaths: string[], limits: Limits): OpenedImage {
  const layers = layerPaths.map((p, i) => ({ path: p, diffId: config.diffIds[i] ?? null }));
  return {
    format,
    history: config.history,
    layers,
    readLayer(index) {
      const ref = layers[index];
      if (!ref) throw new RangeError(`no layer ${index}`);
      const label = `${store.label}: layer ${index} (${ref.path})`;
      return store.withFile(ref.path, `layer ${index}`, (blob) => {
        const tar = layerTar(blob, label, limits);
        // Listing first: a truncated or garbled tar gets a message saying where, not just "digest mismatch".
        const entries = listTar(tar, label, limits.tar).map((e) => ({ name: e.name, type: e.type, size: e.size }));
        if (ref.diffId?.startsWith('sha256:')) {
          const actual = sha256Of(tar);
          if (actual !== ref.diffId) throw new ImageReadError(`${label}: content does not match the config's diff_id (${actual} != ${ref.diffId})`);
        }
        return entries;
      });
    },
    close: () => store.close(),
  };
}

/** Opens an image in any of the accepted forms; the caller must close() it. */
export function openImage(path: string, opts: ReadOptions = {}): OpenedImage {
  const limits = limitsOf(opts);
  const store = openStore(path, limits);
  try {
    if (store.exists('manifest.json')) return openDockerArchive(store, opts, limits);
    if (store.exists('index.json')) return openOci(store, opts, limits);
    throw new ImageReadError(`${path}: not an image: neither a docker save archive (no manifest.json) nor an OCI image layout (no index.json)`);
  } catch (err) {
    store.close();
    throw err;
  }
}
