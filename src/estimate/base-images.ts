import * as fs from 'node:fs';
import * as path from 'node:path';
import { dataDir, minbasePackages } from './debian-index';
import { BOOKWORM_MINBASE_APT_STATE, statusBytesFor } from './apt-layer';
import type { AptStateSizes } from './apt-layer';
import { installInContext } from './debian-install';
import type { DebianContext } from './debian-install';

/**
 * The base-image table (`data/base-images.json`): uncompressed content size and installed Debian packages of popular
 * base images, each with its source. An image without a sourced figure is `unknown`; nothing is guessed.
 */

export type Confidence = 'exact' | 'estimated' | 'unknown';

export interface BaseImageInfo {
  image: string;
  contentBytes: number | null;
  confidence: Confidence;
  packages: string[] | null;
  source: string;
}

interface DebianSpec {
  suite: string;
  slim: boolean;
  packages?: string;
  aptState?: string;
}

interface ImageEntry {
  repository: string;
  tags?: string[];
  tagPatterns?: string[];
  contentBytes?: number | null;
  confidence: Confidence;
  debian?: DebianSpec | null;
  packages?: string[];
  family?: string;
  estimateFrom?: { minbaseSuite: string; like: string };
  derivedFrom?: { image: string; apt: string[]; unsizedExtra?: string };
  source: string;
  date: string;
}

/** A resolved entry: the figures plus, for Debian-based images, the system apt works on. */
export interface BaseImageDetail extends BaseImageInfo {
  /** 'debian' when apt-get works with layerlint's Debian index; the distro family when known otherwise. */
  family: string | null;
  debian: DebianContext | null;
}

let table: ImageEntry[] | null = null;

function entries(): ImageEntry[] {
  if (table !== null) return table;
  const dir = dataDir();
  const file = dir === null ? null : path.join(dir, 'base-images.json');
  table = file !== null && fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as { images: ImageEntry[] }).images : [];
  return table;
}

/** `docker.io/library/debian:bookworm@sha256:…` → { repository: 'debian', tag: 'bookworm' }. */
export function normalizeImageRef(ref: string): { repository: string; tag: string } {
  let rest = ref.trim().toLowerCase();
  const at = rest.indexOf('@');
  if (at >= 0) rest = rest.slice(0, at);
  let tag = 'latest';
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  rest = rest.replace(/^(docker\.io|index\.docker\.io|registry-1\.docker\.io)\//, '');
  rest = rest.replace(/^library\//, '');
  return { repository: rest, tag };
}

function findEntry(ref: string): ImageEntry | null {
  const { repository, tag } = normalizeImageRef(ref);
  let fallback: ImageEntry | null = null;
  for (const e of entries()) {
    if (e.repository !== repository) continue;
    if (e.tags?.includes(tag) || e.tagPatterns?.some((p) => new RegExp(p).test(tag))) return e;
    // An entry without tags describes the whole repository (what is known about any tag of it).
    if (!e.tags && !e.tagPatterns) fallback = e;
  }
  return fallback;
}

const details = new Map<string, BaseImageDetail>();

/** Full details of a base image, with the Debian context apt estimates start from. */
export function baseImageDetail(ref: string): BaseImageDetail {
  const key = ref.trim();
  const hit = details.get(key);
  if (hit) return hit;
  const detail = compute(key, 0);
  details.set(key, detail);
  return detail;
}

/** Public lookup: size, confidence, package set and source of a base image. */
export function lookupBaseImage(ref: string): { image: string; contentBytes: number | null; confidence: 'exact' | 'estimated' | 'unknown'; packages: string[] | null; source: string } {
  const d = baseImageDetail(ref);
  return { image: d.image, contentBytes: d.contentBytes, confidence: d.confidence, packages: d.packages, source: d.source };
}

function unknown(image: string, source: string, family: string | null = null): BaseImageDetail {
  return { image, contentBytes: null, confidence: 'unknown', packages: null, source, family, debian: null };
}

function aptStateFor(spec: DebianSpec, packages: readonly string[]): AptStateSizes {
  // Only the bookworm minbase files were measured; other suites start from them too (status grows per package).
  const base = BOOKWORM_MINBASE_APT_STATE;
  const minbase = minbasePackages('bookworm');
  if (spec.suite === 'bookworm' && minbase !== null) {
    const have = new Set(minbase.packages);
    const extra = packages.filter((p) => !have.has(p));
    const grow = statusBytesFor(spec.suite, extra);
    return { ...base, status: base.status + grow, statusOld: base.statusOld + grow };
  }
  return { ...base };
}

function compute(ref: string, depth: number): BaseImageDetail {
  const { repository, tag } = normalizeImageRef(ref);
  const image = `${repository}:${tag}`;
  const e = depth > 8 ? null : findEntry(ref);
  if (e === null) return unknown(image, 'Not in layerlint\'s base-image table: size and packages unknown.');
  const source = `${e.source} (as of ${e.date})`;
  if (e.derivedFrom) return derive(image, e, source, depth);
  const spec = e.debian ?? null;
  let packages: string[] | null = e.packages ?? null;
  if (spec?.packages?.startsWith('minbase:')) packages = minbasePackages(spec.packages.slice('minbase:'.length))?.packages ?? null;
  let contentBytes = e.contentBytes ?? null;
  if (contentBytes === null && e.estimateFrom) contentBytes = estimateFromMinbase(e.estimateFrom, depth);
  const confidence: Confidence = contentBytes === null ? 'unknown' : e.confidence;
  const debian: DebianContext | null =
    spec && packages ? { suite: spec.suite, slim: spec.slim, installed: new Set(packages), aptState: aptStateFor(spec, packages) } : null;
  return { image, contentBytes, confidence, packages, source, family: spec ? 'debian' : (e.family ?? null), debian };
}

/** Size of another suite's minbase image from its Installed-Size and a measured image's content/Installed-Size ratio. */
function estimateFromMinbase(from: { minbaseSuite: string; like: string }, depth: number): number | null {
  const target = minbasePackages(from.minbaseSuite);
  const like = compute(from.like, depth + 1);
  const likeSpec = like.debian;
  const likeSet = likeSpec ? minbasePackages(likeSpec.suite) : null;
  if (!target || like.contentBytes === null || !likeSet) return null;
  return Math.round((target.installedSizeKiB / likeSet.installedSizeKiB) * like.contentBytes);
}

function derive(image: string, e: ImageEntry, source: string, depth: number): BaseImageDetail {
  const from = e.derivedFrom;
  if (!from) return unknown(image, source);
  const parent = compute(from.image, depth + 1);
  if (!parent.debian) return unknown(image, `${source}; parent ${from.image} has no known package set`);
  let ctx = parent.debian;
  let added = 0;
  if (from.apt.length > 0) {
    const inst = installInContext(ctx, from.apt, true);
    if (inst === null) return unknown(image, `${source}; no Debian index for ${ctx.suite}`);
    ctx = inst.after;
    added = inst.layer.total;
  }
  const sized = parent.contentBytes !== null && !from.unsizedExtra;
  const contentBytes = sized && parent.contentBytes !== null ? parent.contentBytes + added : null;
  const confidence: Confidence = contentBytes === null ? 'unknown' : 'estimated';
  return { image, contentBytes, confidence, packages: [...ctx.installed].sort(), source, family: 'debian', debian: ctx };
}
