import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lintText, prepareLinter } from '../src/engine/lint';
import { corpusFiles, requireShared } from './helpers/shared';

/** Every n-th corpus file (deterministic), linted in-process: no exception, no internal-error finding. */
describe('real-world corpus', function () {
  this.timeout(300000);

  it('lints a sample of the shared corpus without a crash or an internal error', async function () {
    const dir = requireShared(this, 'corpus/dockerfiles');
    await prepareLinter();
    const files = corpusFiles(dir);
    assert.ok(files.length > 3000, `expected the full corpus, found ${files.length} files`);
    const sample = files.filter((_f, i) => i % 7 === 0);
    const problems: string[] = [];
    let findings = 0;
    for (const f of sample) {
      const text = fs.readFileSync(f, 'utf8');
      const r = lintText(text, { filePath: f });
      findings += r.findings.length;
      for (const x of r.findings) if (x.rule === 'internal-error') problems.push(`${path.relative(dir, f)}: ${x.message}`);
    }
    assert.deepEqual(problems, []);
    assert.ok(findings > sample.length, 'real files produce findings');
  });
});
