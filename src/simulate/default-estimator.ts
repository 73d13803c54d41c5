import { NO_ESTIMATES, type PackageEstimator } from './estimator';

/** The package-size estimator the CLI and the lint run use. */
export function defaultEstimator(): PackageEstimator {
  return NO_ESTIMATES;
}
