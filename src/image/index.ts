/** Analysis of built images: the library behind `layerlint image IMAGE`. */
export { analyzeImage, buildReport } from './analyze';
export type { AnalyzeOptions } from './analyze';
export { renderImageSummary, renderImageTable } from './format';
export type { TableOptions } from './format';
export { checkGates } from './gates';
export type { GateOptions, GateResult } from './gates';
export { ImageReadError } from './errors';
export { imageReportJson } from './json';
export type { DiveReport, ImageLayerReport, ImageReport, WastedPath } from './types';
