import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { prepareLinter } from '../src/engine/lint';
import { buildModel } from '../src/model/build';
import { defaultEstimator } from '../src/simulate/default-estimator';
import { costJson } from '../src/simulate/report';
import { simulate } from '../src/simulate/simulate';
import { corpusFiles, requireShared } from './helpers/shared';

/**
 * `layerlint cost` over every file of the shared corpus (no build contexts, so COPY sizes are unknown): no crash,
 * every number finite, and the count of layers by confidence printed for the record.
 */
describe('cost over the real-world corpus', function () {
  this.timeout(600000);

  it('simulates every corpus Dockerfile without an exception', async function () {
    const dir = requireShared(this, 'corpus/dockerfiles');
    await prepareLinter();
    const files = corpusFiles(dir);
    assert.ok(files.length > 3000, `expected the full corpus, found ${files.length} files`);
    const estimator = defaultEstimator();
    const counts = { exact: 0, estimated: 0, unknown: 0 };
    const failures: string[] = [];
    for (const f of files) {
      try {
        const model = buildModel(fs.readFileSync(f, 'utf8'));
        const doc = costJson(model, simulate(model, { estimator }), f);
        for (const s of doc.stages) {
          for (const l of s.layers) {
            assert.ok(Number.isFinite(l.bytes) && l.bytes >= 0 && Number.isFinite(l.wastedBytes));
            if (l.createsLayer) counts[l.confidence]++;
          }
        }
        if (doc.image) assert.ok(Number.isFinite(doc.image.totalBytes) && doc.image.wastedBytes >= 0);
      } catch (err) {
        failures.push(`${path.relative(dir, f)}: ${(err as Error).message}`);
      }
    }
    console.log(`      ${files.length} files; layers: ${counts.exact} exact, ${counts.estimated} estimated, ${counts.unknown} unknown`);
    assert.deepEqual(failures, []);
  });
});
