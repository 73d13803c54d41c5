/**
 * What the simulation needs from the package-size estimator (src/estimate). The simulation is written against
 * this interface so it can run (with `unknown` package sizes) when no estimator is supplied.
 */

// The estimate's shape is owned by src/estimate; a type-only import, so nothing of the estimator loads with it.
import type { AptEstimate, AptInstallRequest } from '../estimate/apt-estimate';

export type { AptEstimate, AptInstallRequest };

export interface BaseImageInfo {
  image: string;
  contentBytes: number | null;
  confidence: 'exact' | 'estimated' | 'unknown';
  packages: string[] | null;
  source: string;
}

/** A file of apt/dpkg state (status, status-old, ld.so.cache, debconf databases ...) with its size. */
export interface StateFile {
  path: string;
  bytes: number;
}

/** An install estimate plus the state files the install writes (whole new copies, included in contentBytes). */
export interface AptInstallEstimate extends AptEstimate {
  stateFiles: StateFile[];
}

export interface PackageEstimator {
  /** False for the stand-in that knows nothing (sizes from it are unknown, not zero). */
  readonly available: boolean;
  estimateAptInstall(req: AptInstallRequest): AptInstallEstimate;
  /** Bytes of /var/lib/apt/lists after `apt-get update`; 0 when the base is not known. */
  aptListsBytes(base: string, gzipIndexes: boolean): number;
  lookupBaseImage(ref: string): BaseImageInfo;
  /** The apt/dpkg state files a Debian base ships, with sizes (their copies are what apt runs hide). */
  aptStateFiles(base: string): StateFile[];
}

/** An estimator that knows nothing: every package size is unknown. */
export const NO_ESTIMATES: PackageEstimator = {
  available: false,
  estimateAptInstall(req) {
    return { packages: [], unknownPackages: [...req.packages], contentBytes: 0, confidence: 'unknown', notes: ['no package-size index available'], stateFiles: [] };
  },
  aptStateFiles() {
    return [];
  },
  aptListsBytes() {
    return 0;
  },
  lookupBaseImage(ref) {
    return { image: ref, contentBytes: null, confidence: 'unknown', packages: null, source: 'no base-image index available' };
  },
};
