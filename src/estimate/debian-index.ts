import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { openIndexFile, recordFrom, type RawIndex } from './index-file';

/**
 * Reader for the compact Debian dependency index that `scripts/kb-debian.js` writes to `data/debian-<suite>.json.br`
 * (the file format is documented at the top of that script). Each suite is read and decoded at most once per process.
 */

/** A relation alternative: a name index, or `[nameIndex, targetOk, ...providerIndexes]` for a versioned relation. */
export type Alt = number | number[];
/** An OR group: a bare name index, or the alternatives in apt's order. */
export type Group = number | Alt[];

export interface PackageRecord {
  installedSizeKiB: number;
  /** 1 required, 2 important, 3 standard, 4 optional, 5 extra (apt's numbering: lower is more important). */
  priority: number;
  essential: boolean;
  important: boolean;
  dependsOnDebconf: boolean;
  depends: readonly Group[];
  preDepends: readonly Group[];
  recommends: readonly Group[];
  /** Real packages whose candidate this package's Conflicts/Breaks hit. */
  conflicts: readonly number[];
  provides: readonly number[];
}

export interface IndexSource {
  suite: string;
  codename: string;
  version: string | null;
  /** The `Date:` of the suite's InRelease file: how fresh the metadata is. */
  date: string | null;
  packages: number;
}

/** Name look-up (a Map in the decoded form, a hash table in the lazy-read file). */
export interface NameLookup {
  get(name: string): number | undefined;
  has(name: string): boolean;
}

export interface DebianIndex {
  suite: string;
  arch: string;
  generatedAt: string;
  sources: readonly IndexSource[];
  /** Names: real packages first, in apt's package-ID order (used to break ties between providers), then virtual ones. */
  nameCount: number;
  realCount: number;
  name(nameIndex: number): string | undefined;
  /** The record of a real package (index below realCount). */
  pkg(index: number): PackageRecord | undefined;
  /** The candidate version of a real package. */
  version(index: number): string | undefined;
  /** Name index by name. */
  byName: NameLookup;
  /** Provider package indexes per name index. */
  providersOf(nameIndex: number): readonly number[];
}

const cache = new Map<string, DebianIndex | null>();

/**
 * The folder holding layerlint's data files: `data/` next to the package.json named `layerlint`, found by walking up
 * from this file (works from `dist/src/estimate` in the repo), or `dist/data/` when only the published `files` exist.
 */
export function dataDir(): string | null {
  let dir = __dirname;
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg) && readName(pkg) === 'layerlint') {
      for (const candidate of [path.join(dir, 'data'), path.join(dir, 'dist', 'data')]) {
        if (fs.existsSync(candidate)) return candidate;
      }
      return null;
    }
    const up = path.dirname(dir);
    if (up === dir) return null;
    dir = up;
  }
}

function readName(pkgJson: string): string | null {
  try {
    const parsed: unknown = JSON.parse(fs.readFileSync(pkgJson, 'utf8'));
    if (typeof parsed === 'object' && parsed !== null && 'name' in parsed && typeof parsed.name === 'string') return parsed.name;
  } catch {
    // An unreadable package.json is not ours; keep walking.
  }
  return null;
}

/** Suites with an index file in `data/`. */
export function availableSuites(): string[] {
  const dir = dataDir();
  if (dir === null) return [];
  return fs
    .readdirSync(dir)
    .map((f) => /^debian-([a-z]+)\.json\.br$/.exec(f)?.[1])
    .filter((s): s is string => s !== undefined)
    .sort();
}

/**
 * The index of one suite (`bookworm`, `trixie`), or null when it is not shipped. Read from the lazy-read file the build
 * writes into dist/data (src/estimate/index-file.ts) when it matches the shipped `.json.br`; decoded from that
 * otherwise.
 */
export function loadDebianIndex(suite: string): DebianIndex | null {
  const hit = cache.get(suite);
  if (hit !== undefined) return hit;
  const dir = dataDir();
  const file = dir === null ? null : path.join(dir, `debian-${suite}.json.br`);
  let index: DebianIndex | null = null;
  if (file !== null && fs.existsSync(file)) {
    const source = fs.readFileSync(file);
    index = openBuilt(suite, source) ?? decode(zlib.brotliDecompressSync(source));
  }
  cache.set(suite, index);
  return index;
}

/** Where the build puts the lazy-read files: dist/data, two folders up from dist/src/<folder> (and from the bundle). */
export function builtIndexFile(suite: string): string {
  return path.join(__dirname, '..', '..', 'data', `debian-${suite}.idx`);
}

function openBuilt(suite: string, source: Buffer): DebianIndex | null {
  let buf: Buffer;
  try {
    buf = fs.readFileSync(builtIndexFile(suite));
  } catch {
    return null;
  }
  return openIndexFile(buf, source, zlib.crc32);
}

/** The whole `.json.br`, decoded (the build's input for the lazy-read file, and the fallback without one). */
export function decodeRaw(buf: Buffer): RawIndex {
  const raw = JSON.parse(buf.toString('utf8')) as RawIndex;
  if (raw.format !== 1) throw new Error(`unsupported Debian index format ${String(raw.format)}`);
  return raw;
}

/** Decode the decompressed `.json.br` into an index (exported for the tests that compare both readers). */
export function decode(buf: Buffer): DebianIndex {
  const raw = decodeRaw(buf);
  const pkgs: PackageRecord[] = raw.pkgs.map(recordFrom);
  const byName = new Map<string, number>();
  raw.names.forEach((n, i) => byName.set(n, i));
  let providers: number[][] | null = null;
  const providersOf = (nameIndex: number): readonly number[] => {
    if (providers === null) {
      const built: number[][] = raw.names.map(() => []);
      pkgs.forEach((p, i) => {
        for (const n of p.provides) built[n]?.push(i);
      });
      providers = built;
    }
    return providers[nameIndex] ?? [];
  };
  return {
    suite: raw.suite,
    arch: raw.arch,
    generatedAt: raw.generatedAt,
    sources: raw.sources,
    nameCount: raw.names.length,
    realCount: raw.realCount,
    name: (i) => raw.names[i],
    pkg: (i) => pkgs[i],
    version: (i) => raw.versions[i],
    byName,
    providersOf,
  };
}

export interface MinbaseInfo {
  packages: string[];
  installedSizeKiB: number;
  /** Bytes `apt-get update` leaves in /var/lib/apt/lists, with and without GzipIndexes (null if not measured). */
  aptListsBytes: { gzipIndexes: number | null; plain: number | null } | null;
}

let minbaseDoc: Record<string, MinbaseInfo> | null = null;

/** The package set of a debootstrap minbase install of `suite` (the official `debian:<suite>` images), or null. */
export function minbasePackages(suite: string): MinbaseInfo | null {
  if (minbaseDoc === null) {
    const dir = dataDir();
    const file = dir === null ? null : path.join(dir, 'debian-minbase.json');
    const doc = file !== null && fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as { suites?: Record<string, Partial<MinbaseInfo>> }) : {};
    minbaseDoc = {};
    for (const [name, e] of Object.entries(doc.suites ?? {})) {
      if (!e.packages || e.installedSizeKiB === undefined) continue;
      minbaseDoc[name] = { packages: e.packages, installedSizeKiB: e.installedSizeKiB, aptListsBytes: e.aptListsBytes ?? null };
    }
  }
  return minbaseDoc[suite] ?? null;
}
