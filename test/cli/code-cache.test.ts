import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../estimate/helpers';

describe('CLI bundle code cache (scripts/code-cache.js)', () => {
  const bundle = path.join(repoRoot(), 'dist', 'src', 'cli', 'layerlint.cjs');

  it('is accepted by V8 under the flags bin/layerlint.js sets for a lint, and gives the same CLI', function () {
    if (!fs.existsSync(bundle) || !fs.existsSync(`${bundle}.cache`)) this.skip();
    const loader = path.join(repoRoot(), 'bin', 'load-bundle.js');
    const probe = `require('node:v8').setFlagsFromString('--liftoff-only');
      const { loadBundle } = require(${JSON.stringify(loader)});
      const r = loadBundle(${JSON.stringify(bundle)}, require('node:fs').readFileSync(${JSON.stringify(`${bundle}.cache`)}));
      process.stdout.write(JSON.stringify({ rejected: r.script.cachedDataRejected, main: typeof r.exports.main }));`;
    const r = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { rejected: false, main: 'function' });
  });
});
