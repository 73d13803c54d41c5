import { aptHiddenCopies, aptListsBytes, estimateAptInstallDetail, lookupBaseImage } from '../estimate';
import type { AptStateSizes } from '../estimate';
import type { PackageEstimator, StateFile } from './estimator';

/** Where each apt/dpkg state file of the estimator's model lives. */
const STATE_PATHS: Readonly<Record<string, keyof AptStateSizes>> = {
  '/var/lib/dpkg/status': 'status',
  '/var/lib/dpkg/status-old': 'statusOld',
  '/etc/ld.so.cache': 'ldSoCache',
  '/var/log/apt/eipp.log.xz': 'eippLog',
  '/var/cache/debconf/templates.dat': 'debconfTemplates',
  '/var/cache/debconf/templates.dat-old': 'debconfTemplatesOld',
  '/var/cache/debconf/config.dat': 'debconfConfig',
  '/var/cache/debconf/config.dat-old': 'debconfConfigOld',
};

/** The package-size estimator (src/estimate) behind the simulation's interface. */
export const ESTIMATOR: PackageEstimator = {
  available: true,
  estimateAptInstall(req) {
    const d = estimateAptInstallDetail(req);
    const after = d.layer?.after ?? null;
    const stateFiles: StateFile[] = after === null ? [] : d.rewrites.map((r) => ({ path: r.path, bytes: STATE_PATHS[r.path] ? after[STATE_PATHS[r.path]] : 0 }));
    return { packages: d.packages, unknownPackages: d.unknownPackages, contentBytes: d.contentBytes, confidence: d.confidence, notes: d.notes, stateFiles };
  },
  aptListsBytes,
  lookupBaseImage,
  aptStateFiles(base) {
    return aptHiddenCopies(base, true).map((r) => ({ path: r.path, bytes: r.hiddenBytes }));
  },
};

/** The package-size estimator the CLI and the lint run use. */
export function defaultEstimator(): PackageEstimator {
  return ESTIMATOR;
}
