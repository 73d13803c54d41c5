/**
 * The comparison of `layerlint image --dockerfile` on the real builds of ../shared/groundtruth (buildah 1.28, vfs).
 * The shared folder keeps no image of those builds, only what its analyser measured from each one (the same
 * figures `layerlint image` computes: test/image/agreement.test.ts checks they agree byte for byte); those measured
 * histories are in fixtures/groundtruth/measured.json (scripts/groundtruth-fixtures.js), and the Dockerfiles and
 * contexts are read from the shared folder. So this runs the comparison itself (alignment, errors, totals) on the
 * measured history of each real image.
 *
 * Tolerances, set from the error measured on 2026-11-28 with a small margin (none was loosened to pass):
 * - every build lines up (`aligned`), with as many base rows as the build had base entries;
 * - `exact` layers: error 0 B (measured: 0 B in all 30 builds);
 * - `estimated` layers: |error| ≤ max(0.05 % of the actual bytes, 32 KiB). Measured: at most 0.0434 % on layers of
 *   1 MiB or more (p1-apt-python3: −18,844 B of 43,464,502), 49,806 B in absolute terms (p3, 0.022 %), and 29,973 B on
 *   a small layer (the purge layer of p2, 249,063 B);
 * - `unknown` layers: the known part never exceeds the actual bytes (measured: 0 B known of 1,982,256 B, d1/d2;
 *   of 94,427 B and 28,256 B, p3a/p3b);
 * - base: error 0 B (the base sizes in data/ are these builds' own measurements, so this checks the look-up);
 * - wasted: |error| ≤ max(0.05 %, 32 KiB) (measured: −27,279 B on p2, 0 elsewhere).
 * Several estimated layers are calibration builds of the package-size estimator (test/simulate-groundtruth.test.ts
 * names them); their small errors are not independent checks.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { prepareLinter } from '../../src/engine/lint';
import { buildModel } from '../../src/model/build';
import { compareWithImage, type Comparison } from '../../src/simulate/compare';
import { readContext } from '../../src/simulate/context';
import { defaultEstimator } from '../../src/simulate/default-estimator';
import { simulate } from '../../src/simulate/simulate';
import { groundtruthContexts } from '../helpers/groundtruth';
import { fixturePath, requireShared } from '../helpers/shared';

interface MeasuredBuild {
  name: string;
  example: string;
  buildArgs: Record<string, string>;
  wastedBytes: number;
  layers: { createdBy: string; contentBytes: number; emptyLayer: boolean; fromBaseImage: boolean }[];
}

const ESTIMATED_RATIO = 0.0005;
const ESTIMATED_SLACK = 32 * 1024;

const measured = (JSON.parse(fs.readFileSync(fixturePath('groundtruth', 'measured.json'), 'utf8')) as { builds: MeasuredBuild[] }).builds;

function withinEstimate(error: number, actual: number): boolean {
  return Math.abs(error) <= Math.max(ESTIMATED_RATIO * actual, ESTIMATED_SLACK);
}

describe('image --dockerfile on the measured real builds (ground truth)', function () {
  this.timeout(120000);
  let gtDir = '';
  let tmp = '';
  const seen = { builds: 0, rows: 0, maxEstimatedError: 0, maxEstimatedRelative: 0 };

  before(async function () {
    gtDir = requireShared(this, 'groundtruth');
    await prepareLinter();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'layerlint-gtcmp-'));
  });

  after(function () {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    if (seen.builds > 0) console.log(`      (${seen.builds} builds, ${seen.rows} rows lined up; largest estimated-layer error ${seen.maxEstimatedError} B, largest relative on layers of 1 MiB or more ${(seen.maxEstimatedRelative * 100).toFixed(4)} %)`);
  });

  const contextOf = groundtruthContexts(() => gtDir, () => tmp);

  function compare(b: MeasuredBuild): Comparison {
    const dir = contextOf(b.example);
    const file = path.join(dir, 'Dockerfile');
    const model = buildModel(fs.readFileSync(file, 'utf8'), { buildArgs: b.buildArgs });
    const sim = simulate(model, { context: readContext(dir, { dockerfile: file }), estimator: defaultEstimator() });
    return compareWithImage(model, sim, b.layers.map((l) => ({ createdBy: l.createdBy, emptyLayer: l.emptyLayer, bytes: l.contentBytes })), b.wastedBytes);
  }

  for (const b of measured) {
    it(`${b.name}: lined up, per-layer error within the measured bounds`, function () {
      const c = compare(b);
      assert.equal(c.status, 'aligned', c.problems.join('; '));
      assert.equal(c.rows.filter((r) => r.kind === 'base').length, b.layers.filter((l) => l.fromBaseImage).length, 'base rows');
      assert.equal(c.matched.layers, c.matched.ofLayers);
      assert.equal(c.base.errorBytes, 0, `base ${c.baseImage}: predicted ${c.base.predictedBytes}, actual ${c.base.actualBytes}`);
      for (const r of c.rows) {
        if (r.kind !== 'instruction') continue;
        const actual = r.actualBytes as number;
        const error = r.errorBytes as number;
        const label = `line ${r.line} (${r.instruction}): predicted ${r.predictedBytes} (${r.confidence}), actual ${actual}`;
        assert.equal(actual, b.layers[r.historyIndex as number].contentBytes);
        if (r.confidence === 'exact') assert.equal(error, 0, label);
        else if (r.confidence === 'estimated') {
          assert.ok(withinEstimate(error, actual), label);
          seen.maxEstimatedError = Math.max(seen.maxEstimatedError, Math.abs(error));
          if (actual >= 1024 * 1024) seen.maxEstimatedRelative = Math.max(seen.maxEstimatedRelative, Math.abs(error) / actual);
        } else assert.ok((r.predictedBytes as number) <= actual, `unknown layer, known part over the actual bytes: ${label}`);
        seen.rows++;
      }
      assert.ok(c.wasted);
      assert.ok(withinEstimate(c.wasted.errorBytes, c.wasted.actualBytes), `wasted: predicted ${c.wasted.predictedBytes}, actual ${c.wasted.actualBytes}`);
      seen.builds++;
    });
  }
});
