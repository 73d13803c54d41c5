/**
 * Runs the shared ground-truth analyser (../shared/groundtruth/analyze.js, beside the repo) on an OCI
 * layout and compares its figures with layerlint's report.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import type { ImageReport, WastedPath } from '../../../src/image/types';
import { compareWasted } from '../../../src/image/analyze';
import { requireShared, sharedDir } from '../../helpers/shared';

/** The ground-truth analyser, in the shared folder beside the repository. */
export function analyzeJsPath(): string {
  return path.join(sharedDir, 'groundtruth', 'analyze.js');
}

/** In a mocha hook or test: skip without the ground truth, or fail when CI is set (the project's rule for ../shared). */
export function requireGroundTruth(ctx: Mocha.Context): string {
  requireShared(ctx, path.join('groundtruth', 'analyze.js'));
  return analyzeJsPath();
}

export interface GtLayer {
  index: number;
  createdBy: string;
  emptyLayer: boolean;
  contentBytes: number;
  files: number;
  dirs: number;
  whiteouts: number;
}

export interface GtReport {
  layers: GtLayer[];
  totalContentBytes: number;
  finalContentBytes: number;
  wastedBytes: number;
  wastedPathsCount: number;
  wastedPaths: WastedPath[];
  invariantOk: boolean;
  dive: { wastedBytes: number; efficiency: number; wastedUserPercent: number | null; abortedLayerWalks: number; inefficienciesCount: number };
}

export function runGroundTruth(analyzeJs: string, ociDir: string): GtReport {
  const out = execFileSync(process.execPath, [analyzeJs, '--oci', ociDir, '--max-paths', '1000000', '--no-redact'], { encoding: 'utf8', maxBuffer: 256 << 20 });
  return JSON.parse(out) as GtReport;
}

export const agreement = { images: 0, layers: 0, wastedPaths: 0, figures: 0 };

/** Asserts that every figure of the report equals the ground truth's, byte for byte. */
export function assertAgrees(mine: ImageReport, gt: GtReport, label: string): void {
  assert.equal(mine.layers.length, gt.layers.length, `${label}: history rows`);
  mine.layers.forEach((l, i) => {
    const g = gt.layers[i] as GtLayer;
    assert.deepEqual(
      { index: l.index, createdBy: l.createdBy, emptyLayer: l.emptyLayer, bytes: l.bytes, files: l.files, dirs: l.dirs, whiteouts: l.whiteouts },
      { index: g.index, createdBy: g.createdBy, emptyLayer: g.emptyLayer, bytes: g.contentBytes, files: g.files, dirs: g.dirs, whiteouts: g.whiteouts },
      `${label}: layer row ${i}`,
    );
  });
  assert.equal(mine.totalBytes, gt.totalContentBytes, `${label}: totalBytes`);
  assert.equal(mine.wastedBytes, gt.wastedBytes, `${label}: wastedBytes`);
  // The ground truth breaks ties between equal rows arbitrarily; compare in layerlint's total order.
  const gtPaths = gt.wastedPaths.map((w) => ({ path: w.path, bytes: w.bytes, addedIn: w.addedIn, removedOrReplacedIn: w.removedOrReplacedIn })).sort(compareWasted);
  assert.equal(gt.wastedPaths.length, gt.wastedPathsCount, `${label}: ground truth kept every wasted path`);
  assert.deepEqual(mine.wastedPaths, gtPaths, `${label}: wastedPaths`);
  assert.equal(mine.dive.wastedBytes, gt.dive.wastedBytes, `${label}: dive.wastedBytes`);
  assert.equal(mine.dive.efficiency, gt.dive.efficiency, `${label}: dive.efficiency`);
  assert.equal(mine.dive.wastedUserPercent, gt.dive.wastedUserPercent, `${label}: dive.wastedUserPercent`);
  // gt.invariantOk is not asserted: a tar holding one path twice breaks it in both analysers by design
  // (same-layer duplicates are not lower copies), and such tars are part of the random set.
  agreement.images++;
  agreement.layers += mine.layers.length;
  agreement.wastedPaths += mine.wastedPaths.length;
  agreement.figures += mine.layers.length * 7 + 3 + mine.wastedPaths.length * 4 + 3;
}
