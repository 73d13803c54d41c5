/** Layer simulation: what each instruction will weigh and waste, before anything is built. */
export { simulate, layerSize, layerWaste, type SimulateOptions } from './simulate';
export { readContext, type BuildContext, type ContextOptions } from './context';
export { parseDockerignore } from '../parse/dockerignore';
export { costJson, type CostJson } from './report';
export { defaultEstimator } from './default-estimator';
export { NO_ESTIMATES, type PackageEstimator } from './estimator';
export { formatSize, humanBytes, type Confidence, type Size } from './size';
export type * from './types';
export { alignHistory, historyKeyword, type AlignedEntry, type HistoryEntry } from './align';
export { matchHistory, historyInstructions, type MatchStep } from './align';
export { compareWithImage, relativeError, type ActualLayer, type Comparison, type ComparisonRow, type ComparedTotal, type RowKind } from './compare';
