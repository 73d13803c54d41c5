/**
 * Package-size estimation: what `apt-get install` adds to an image layer, base-image sizes, and the apt state files a
 * later apt RUN rewrites. Data comes from `data/` (built by scripts/kb-debian.js).
 */
export { estimateAptInstall, estimateAptInstallDetail, aptListsBytes, aptHiddenCopies, hasDebianIndex } from './apt-estimate';
export type { AptEstimate, AptEstimateDetail, AptInstallRequest } from './apt-estimate';
export { lookupBaseImage, baseImageDetail, normalizeImageRef } from './base-images';
export type { BaseImageInfo, BaseImageDetail, Confidence } from './base-images';
export { aptRunRewrites, aptLayerBytes, BOOKWORM_MINBASE_APT_STATE, CALIBRATION } from './apt-layer';
export type { AptRewrite, AptStateSizes, LayerBreakdown } from './apt-layer';
export { resolveAptInstall, parseInstallArg } from './apt-resolver';
export type { ResolveResult, ResolvedPackage } from './apt-resolver';
export { loadDebianIndex, minbasePackages, availableSuites } from './debian-index';
export { installInContext } from './debian-install';
export type { DebianContext, DebianInstall } from './debian-install';
