import type { Instruction } from '../model/types';
import type { Confidence, Size } from './size';

export type { Confidence, Size } from './size';

/** Why bytes of a lower layer became invisible. */
export type WasteKind = 'deleted-later' | 'overwritten-later' | 'metadata-copy-up';

/** Bytes the final image shows that a better Dockerfile would not ship. */
export type AvoidableKind = 'apt-lists' | 'package-cache' | 'build-tools';

/**
 * One stored copy of a file (or of a group of files whose names are not known one by one: a "blob", such as the
 * payload of the apt packages one RUN installs, or the apt lists). Versions are written by exactly one layer.
 */
export interface FileVersion {
  readonly id: number;
  /** Path where this copy was written. */
  path: string;
  kind: 'file' | 'symlink' | 'blob';
  size: Size;
  layer: LayerSim;
  /** What a blob holds (`apt lists`, `dpkg: curl`, `pip cache` ...); null for plain files. */
  label: string | null;
  avoidable: AvoidableKind | null;
  /** The command or instruction that wrote it (`apt-get`, `pip`, `COPY` ...). */
  tool: string | null;
  /** The name looks like a private key, credentials or an env file. */
  secret: boolean;
  /** A readable local origin of the bytes (a file in the build context), for archives extracted later. */
  origin: string | null;
  /** Packages a dpkg blob holds (for purge/remove). */
  packages: string[] | null;
  /** Replaced or deleted inside its own layer: it never reaches a layer. */
  dropped: boolean;
  /** Permission bits this copy was stored with (null when not known). */
  mode: number | null;
}

/** A version that the final filesystem of a stage chain cannot see. */
export interface Hidden {
  version: FileVersion;
  by: LayerSim;
  kind: WasteKind;
  /** The path or glob the hiding command named (groups the waste entries). */
  operand: string;
}

/** One instruction of a stage as the simulation saw it (FROM included, with its base). */
export interface LayerSim {
  /** Position in the simulation's list of all layers. */
  id: number;
  stageIndex: number;
  instruction: Instruction;
  line: number;
  keyword: string;
  /** Makes a filesystem layer under the model's builder (BuildKit by default). */
  createsLayer: boolean;
  /** Makes a non-empty history layer under buildah / the classic builder (the ground-truth builder). */
  buildahLayer: boolean;
  /** Versions written by this layer (dropped ones included; see `dropped`). */
  versions: FileVersion[];
  /** Reasons the content could not be known; any reason makes the layer's confidence `unknown`. */
  unknowns: string[];
  /** Reasons the content is an estimate; lowers an exact layer to `estimated`. */
  estimates: string[];
  /** Other things worth saying (e.g. a deletion that cannot free anything). */
  notes: string[];
  /** Paths this layer deleted or rewrote whose lower copy has an unknown size (base image files). */
  unknownHides: string[];
}

export interface BaseInfo {
  /** Image reference as resolved (after build args), `scratch`, or `stage:<name>` for FROM <stage>. */
  image: string;
  size: Size;
  /** Where the size comes from. */
  source: string;
}

export interface WasteEntry {
  /** Path, folder or glob as named by the hiding command (or a label for package payloads). */
  path: string;
  size: Size;
  addedLine: number;
  removedLine: number;
  kind: WasteKind;
  addedBy: LayerSim;
  removedBy: LayerSim;
  /** The hidden bytes are installed packages (apt purge/remove). */
  packages: boolean;
  secret: boolean;
  /** The hidden bytes are a package cache or apt lists. */
  avoidable: AvoidableKind | null;
}

export interface AvoidableEntry {
  path: string;
  size: Size;
  line: number;
  kind: AvoidableKind;
  layer: LayerSim;
  /** The tool that left it (`apt-get`, `pip` ...). */
  tool: string | null;
}

/** The simulated result of one stage: its own layers, and totals over its whole FROM chain. */
export interface StageSim {
  index: number;
  name: string | null;
  /** Base of the stage itself (external image, scratch, or another stage). */
  base: BaseInfo;
  /** Root base of the chain (the external image the chain starts from). */
  rootBase: BaseInfo;
  /** This stage's own instructions, FROM first. */
  layers: LayerSim[];
  /** Every layer of the chain (parent stages first). */
  chain: LayerSim[];
  waste: WasteEntry[];
  avoidable: AvoidableEntry[];
  totals: ImageTotals;
  /** Hidden copies of the chain, by version. */
  hidden: ReadonlyMap<FileVersion, Hidden>;
}

export interface ImageTotals {
  base: Size;
  added: Size;
  total: Size;
  wasted: Size;
  avoidable: Size;
  confidence: Confidence;
}

export interface Simulation {
  stages: StageSim[];
  /** Index of the built stage, or -1 when there is none. */
  target: number;
  /** Stage indexes whose layers ship in the target image (the target's FROM chain). */
  shipped: ReadonlySet<number>;
  /** The build context was walked (COPY sizes are exact). */
  hasContext: boolean;
  /** Facts about the build context that rules read. */
  context: ContextFacts | null;
  /** Layer of an instruction (any stage). */
  layerOf(ins: Instruction): LayerSim | undefined;
  /**
   * Flat view of the target image for editors and CI: its chain's instructions in order with their bytes (null when
   * not known: an unknown is never shown as a number) and the bytes later layers hide.
   */
  layers: { instruction: Instruction; bytes: number | null; confidence: Confidence; wastedBytes: number }[];
  /** Predicted image size in content bytes, or null when not known. */
  totalBytes: number | null;
}

export interface ContextFacts {
  /** `.dockerignore` (or `<Dockerfile>.dockerignore`) in use, or null. */
  ignoreFile: string | null;
  /** Context paths (relative) that look secret or are heavy and are sent to the builder. */
  notable: { path: string; bytes: number; reason: 'secret' | 'vcs' | 'dependencies' | 'large' }[];
}
