import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';

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

export interface DebianIndex {
  suite: string;
  arch: string;
  generatedAt: string;
  sources: readonly IndexSource[];
  /** Real packages first, in apt's package-ID order (used to break ties between providers), then virtual names. */
  names: readonly string[];
  realCount: number;
  pkgs: readonly PackageRecord[];
  versions: readonly string[];
  /** Name index by name. */
  byName: ReadonlyMap<string, number>;
  /** Provider package indexes per name index (built on first use). */
  providersOf(nameIndex: number): readonly number[];
}

type RawRecord = [number, number, Group[], Group[], Group[], number[], number[]];
interface RawIndex {
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

/** The index of one suite (`bookworm`, `trixie`), or null when it is not shipped. */
export function loadDebianIndex(suite: string): DebianIndex | null {
  const hit = cache.get(suite);
  if (hit !== undefined) return hit;
  const dir = dataDir();
  const file = dir === null ? null : path.join(dir, `debian-${suite}.json.br`);
  const index = file !== null && fs.existsSync(file) ? decode(zlib.brotliDecompressSync(fs.readFileSync(file))) : null;
  cache.set(suite, index);
  return index;
}

function decode(buf: Buffer): DebianIndex {
  const raw = JSON.parse(buf.toString('utf8')) as RawIndex;
  if (raw.format !== 1) throw new Error(`unsupported Debian index format ${String(raw.format)}`);
  const pkgs: PackageRecord[] = raw.pkgs.map((r) => ({
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
  }));
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
    names: raw.names,
    realCount: raw.realCount,
    pkgs,
    versions: raw.versions,
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
