/**
 * What the simulation needs from the package-size estimator (src/estimate). The simulation is written against
 * this interface so it can run (with `unknown` package sizes) when no estimator is supplied.
 */
export interface AptEstimate {
  packages: { name: string; installedSizeKiB: number }[];
  unknownPackages: string[];
  /** Bytes the install adds to the layer (package payload plus dpkg/debconf state). */
  contentBytes: number;
  confidence: 'estimated' | 'unknown';
  notes: string[];
}

export interface AptInstallRequest {
  base: string;
  installed?: ReadonlySet<string>;
  packages: string[];
  noInstallRecommends: boolean;
}

export interface BaseImageInfo {
  image: string;
  contentBytes: number | null;
  confidence: 'exact' | 'estimated' | 'unknown';
  packages: string[] | null;
  source: string;
}

/** A file apt rewrites in every layer that runs dpkg (status, status-old, ld.so.cache ...), with its size. */
export interface AptRewrite {
  path: string;
  /** Size of the copy the base image ships. */
  baseBytes: number;
  /** Growth per installed package (KiB of Installed-Size is not used; a rough per-package figure). */
  bytesPerPackage?: number;
  /** Rewritten only when a package that uses debconf is installed or removed. */
  debconfOnly: boolean;
}

export interface PackageEstimator {
  /** False for the stand-in that knows nothing (sizes from it are unknown, not zero). */
  readonly available: boolean;
  estimateAptInstall(req: AptInstallRequest): AptEstimate;
  aptListsBytes(base: string, gzipIndexes: boolean): number;
  lookupBaseImage(ref: string): BaseImageInfo;
  /** Files every apt/dpkg run rewrites (hidden copies of the layer below). Optional. */
  aptRewrites?(base: string): AptRewrite[];
  /** Size of the dpkg-state files an install adds on top of the payload, when known separately. Optional. */
  usesDebconf?(base: string, packages: readonly string[]): boolean;
}

/** An estimator that knows nothing: every package size is unknown. */
export const NO_ESTIMATES: PackageEstimator = {
  available: false,
  estimateAptInstall(req) {
    return { packages: [], unknownPackages: [...req.packages], contentBytes: 0, confidence: 'unknown', notes: ['no package-size index available'] };
  },
  aptListsBytes() {
    return 0;
  },
  lookupBaseImage(ref) {
    return { image: ref, contentBytes: null, confidence: 'unknown', packages: null, source: 'no base-image index available' };
  },
};
