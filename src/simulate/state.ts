import type { DockerfileModel } from '../model/types';
import type { Family } from './base-image';
import type { BuildContext } from './context';
import type { PackageEstimator } from './estimator';
import type { BaseInfo, FileVersion, LayerSim } from './types';
import type { Filesystem } from './vfs';

/** Per-stage state while simulating (the filesystem plus what package managers need). */
export interface StageState {
  index: number;
  fs: Filesystem;
  family: Family;
  /** The external image the chain starts from, as the estimator knows it ('' for scratch). */
  baseRef: string;
  /** Installed Debian packages (base plus installs), or null when the base's set is not known. */
  installed: Set<string> | null;
  /** Packages installed by request (not as dependencies), for `--auto-remove`. */
  manual: Set<string>;
  /** An `apt-mark` named packages that are not known: what autoremove keeps is uncertain. */
  markUncertain: boolean;
  /** Sizes of the base image's apt/dpkg state files (status ...), for removals. */
  aptStateBase: ReadonlyMap<string, number> & Map<string, number>;
  /** dpkg payload blobs by package name. */
  packageBlobs: Map<string, FileVersion>;
  /** Each `apt-get install` of the chain: what was asked for and what came with it. */
  aptInstalls: { requested: string[]; packages: string[]; docs: FileVersion | null }[];
  /** Packages `apk add` installed, by package or `--virtual` name. */
  apkBlobs: Map<string, FileVersion[]>;
  user: string | null;
  workdir: string;
  /** ENV the base image is known to set (GOPATH in golang images ...). */
  baseEnv: Record<string, string>;
  layers: LayerSim[];
  chain: LayerSim[];
  base: BaseInfo;
  rootBase: BaseInfo;
}

export interface SimState {
  model: DockerfileModel;
  context: BuildContext | null;
  estimator: PackageEstimator;
  stages: StageState[];
  layers: LayerSim[];
  /** The build context as a filesystem, made on first use by a bind mount. */
  contextFs?: Filesystem;
}
