import { loadDebianIndex, minbasePackages } from './debian-index';
import { BOOKWORM_MINBASE_APT_STATE, aptRunRewrites, statusBytesFor } from './apt-layer';
import type { AptRewrite, LayerBreakdown } from './apt-layer';
import { baseImageDetail } from './base-images';
import { installInContext } from './debian-install';
import type { DebianContext } from './debian-install';

export interface AptEstimate {
  packages: { name: string; installedSizeKiB: number }[];
  unknownPackages: string[];
  /** Bytes the install adds to the layer (package payload plus dpkg/debconf state). */
  contentBytes: number;
  confidence: 'estimated' | 'unknown';
  notes: string[];
}

export interface AptInstallRequest {
  /** Image the RUN starts from, e.g. 'debian:bookworm-slim'. */
  base: string;
  /** Packages installed at this point (base plus earlier RUNs); defaults to the base image's set. */
  installed?: ReadonlySet<string>;
  /** `apt-get install` arguments (names, `name=version`, `name/release`). */
  packages: string[];
  noInstallRecommends: boolean;
}

/** Everything the estimate knows, for callers that want more than AptEstimate (the layer simulator). */
export interface AptEstimateDetail extends AptEstimate {
  layer: LayerBreakdown | null;
  /** Lower-layer files this RUN rewrites: their old copies are hidden (wasted) bytes. */
  rewrites: AptRewrite[];
  /** Packages apt would remove (a new package conflicts with them). */
  removedPackages: string[];
}

/**
 * What `apt-get install` adds to a layer, in content bytes. apt's lists are not included: add aptListsBytes() when
 * the same RUN does not delete /var/lib/apt/lists.
 */
export function estimateAptInstall(req: AptInstallRequest): AptEstimate {
  const d = estimateAptInstallDetail(req);
  return { packages: d.packages, unknownPackages: d.unknownPackages, contentBytes: d.contentBytes, confidence: d.confidence, notes: d.notes };
}

export function estimateAptInstallDetail(req: AptInstallRequest): AptEstimateDetail {
  const notes: string[] = [];
  const ctx = contextFor(req, notes);
  if (ctx === null) return { packages: [], unknownPackages: [], contentBytes: 0, confidence: 'unknown', notes, layer: null, rewrites: [], removedPackages: [] };
  const inst = installInContext(ctx, req.packages, req.noInstallRecommends);
  if (inst === null) {
    notes.push(`No Debian package index for ${ctx.suite} is shipped; cannot resolve.`);
    return { packages: [], unknownPackages: [...req.packages], contentBytes: 0, confidence: 'unknown', notes, layer: null, rewrites: [], removedPackages: [] };
  }
  const { resolved, layer } = inst;
  notes.push(...resolved.notes);
  if (ctx.suite !== 'bookworm') {
    notes.push(`${ctx.suite} images ship apt 3.0, whose solver was not compared with this apt 2.6-style resolver; per-package byte counts were measured on bookworm only, so ${ctx.suite} sizes use Installed-Size ratios.`);
  }
  if (layer.unmeasured.length > 0 && ctx.suite === 'bookworm') {
    notes.push(`${layer.unmeasured.length} of ${resolved.added.length} packages have no measured .deb record; they are sized from Installed-Size (${layer.unmeasured.slice(0, 5).join(', ')}${layer.unmeasured.length > 5 ? ', …' : ''}).`);
  }
  if (layer.debconfRan) notes.push(`debconf rewrites its template and config databases: ${(layer.debconf / 1e6).toFixed(2)} MB of the layer.`);
  if (layer.pyc > 0) notes.push(`Python byte-code compiled at install: about ${(layer.pyc / 1e6).toFixed(1)} MB.`);
  if (resolved.removed.length > 0) notes.push(`apt would remove ${resolved.removed.join(', ')} (conflicts); removals only add whiteouts.`);
  if (resolved.alreadyInstalled.length > 0) notes.push(`Already installed: ${resolved.alreadyInstalled.join(', ')}.`);
  const unknownPackages = resolved.unknown;
  const confidence = unknownPackages.length > 0 || !resolved.complete ? 'unknown' : 'estimated';
  if (unknownPackages.length > 0) notes.push('contentBytes covers only the packages that were found: a lower bound.');
  return {
    packages: resolved.added.map((p) => ({ name: p.name, installedSizeKiB: p.installedSizeKiB })),
    unknownPackages,
    contentBytes: layer.total,
    confidence,
    notes,
    layer,
    rewrites: inst.rewrites,
    removedPackages: resolved.removed,
  };
}

function contextFor(req: AptInstallRequest, notes: string[]): DebianContext | null {
  const base = baseImageDetail(req.base);
  if (base.family !== null && base.family !== 'debian') {
    notes.push(`${base.image} is ${base.family}, not Debian: layerlint has no package index for it.`);
    return null;
  }
  if (base.debian === null) {
    notes.push(`${base.image}: not a known Debian-based image, so apt's package set and sizes are unknown.`);
    return null;
  }
  if (req.installed === undefined) return base.debian;
  // The caller tracks packages installed by earlier RUNs: dpkg's status file has grown by their entries.
  const extra = [...req.installed].filter((n) => !base.debian?.installed.has(n));
  const grow = statusBytesFor(base.debian.suite, extra);
  const state = base.debian.aptState;
  return { ...base.debian, installed: req.installed, aptState: { ...state, status: state.status + grow, statusOld: state.statusOld + grow } };
}

/**
 * Bytes `apt-get update` leaves in /var/lib/apt/lists on `base` (main + updates + security, no Translations), with
 * the official images' `Acquire::GzipIndexes` setting or without it. 0 when the base is not a known Debian image.
 */
export function aptListsBytes(base: string, gzipIndexes: boolean): number {
  const d = baseImageDetail(base);
  const suite = d.debian?.suite ?? null;
  if (suite === null) return 0;
  const measured = minbasePackages(suite)?.aptListsBytes ?? null;
  const bytes = measured ? (gzipIndexes ? measured.gzipIndexes : measured.plain) : null;
  if (bytes !== null) return bytes;
  // Ground truth for bookworm (the b0 builds), used when the knowledge base lacks the measurement.
  if (suite === 'bookworm') return gzipIndexes ? 19_862_064 : 52_873_404;
  return 0;
}

/** The apt/dpkg state files of a base image that the first apt RUN on it rewrites (hidden copies, with sizes). */
export function aptHiddenCopies(base: string, debconfRuns: boolean): AptRewrite[] {
  const d = baseImageDetail(base);
  const state = d.debian?.aptState ?? null;
  return state === null ? [] : aptRunRewrites(state, debconfRuns);
}

/** Whether layerlint has a Debian index for this suite (bookworm, trixie). */
export function hasDebianIndex(suite: string): boolean {
  return loadDebianIndex(suite) !== null;
}

export { BOOKWORM_MINBASE_APT_STATE };
