import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { runCli } from '../helpers/cli';
import { fixturePath } from '../helpers/shared';

describe('layerlint image (CLI)', () => {
  const oci = fixturePath('image', 'copy-chmod-rm.oci.tar');
  const docker = fixturePath('image', 'copy-chmod-rm.docker.tar');

  it('prints the same table as the golden file for both archive kinds', () => {
    const expected = fs.readFileSync(fixturePath('image', 'copy-chmod-rm.expected.txt'), 'utf8');
    for (const f of [oci, docker]) {
      const r = runCli(['image', f]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, expected);
    }
  });

  it('writes the versioned JSON report', () => {
    const r = runCli(['image', '--format', 'json', oci]);
    assert.equal(r.code, 0);
    assert.deepEqual(JSON.parse(r.stdout), JSON.parse(fs.readFileSync(fixturePath('image', 'copy-chmod-rm.expected.json'), 'utf8')));
  });

  it('sets the exit code from dive-style gates', () => {
    const report = JSON.parse(runCli(['image', '--format', 'json', oci]).stdout) as { wastedBytes: number; dive: { efficiency: number; wastedBytes: number } };
    assert.equal(runCli(['image', '--min-efficiency', String(report.dive.efficiency), oci]).code, 0);
    const fail = runCli(['image', '--min-efficiency', '0.999', oci]);
    assert.equal(fail.code, 1);
    assert.match(fail.stderr, /gate failed: efficiency/);
    assert.equal(runCli(['image', '--max-wasted-bytes', String(report.dive.wastedBytes), oci]).code, 0);
    assert.equal(runCli(['image', '--max-wasted-bytes', String(report.dive.wastedBytes - 1), oci]).code, 1);
    assert.equal(runCli(['image', '--gate-basis', 'hidden', '--max-wasted-bytes', String(report.wastedBytes - 1), oci]).code, 1);
  });

  it('gives clear errors and exit 2 for bad input', () => {
    const missing = runCli(['image', '/nonexistent/image.tar']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^layerlint: .*nonexistent/);
    const notImage = runCli(['image', fixturePath('examples', 'seed', 'Dockerfile')]);
    assert.equal(notImage.code, 2);
    assert.equal(notImage.stderr.trim().split('\n').length, 1);
    assert.equal(runCli(['image', '--min-efficiency', '2', oci]).code, 2);
    assert.equal(runCli(['image', '--min-efficiency', 'x', oci]).code, 2);
    assert.equal(runCli(['image']).code, 2);
  });
});
