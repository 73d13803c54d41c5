import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { prepareLinter } from '../../src/engine/lint';
import { runCli } from '../helpers/cli';
import { requireShared } from '../helpers/shared';
import { fuzz, type Mutant } from './mutate';
import { corpusSeeds } from './seeds';

const SEED = 20260701;
const COUNT = 2000;

describe('mutation fuzzer (2,000 seeded inputs from the corpus)', function () {
  this.timeout(900000);
  let sample: Mutant[] = [];

  it('no exception, no internal-error finding, valid JSON, bounded time for every input', async function () {
    const dir = requireShared(this, 'corpus/dockerfiles');
    await prepareLinter();
    sample = [];
    const report = fuzz(corpusSeeds(dir), SEED, COUNT, {
      // The slowest seeded input (a 155 KB line, bounded by the shell parse budget) takes ~1.4 s on two shared, loaded
      // cores (a quadratic quote-trimming regex once made another take 7-12 s); 30 s still catches a hang without flaking.
      boundMs: 30000,
      onInput: (i, m) => {
        if (i % 80 === 0) sample.push(m);
      },
    });
    console.log(`      ${report.inputs} inputs in ${(report.totalMs / 1000).toFixed(1)} s; slowest ${report.slowestMs.toFixed(0)} ms (#${report.slowestIndex}: ${report.slowestKinds.join('+')})`);
    assert.equal(report.inputs, COUNT);
    assert.deepEqual(report.failures.map((f) => `#${f.index} ${f.kinds.join('+')}: ${f.problem.split('\n')[0]}`), []);
  });

  it('the real CLI writes valid JSON for a sample of the mutants, without a stack trace', function () {
    if (sample.length === 0) this.skip();
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'layerlint-fuzz-'));
    try {
      const list = sample.map((m, i) => {
        const f = path.join(tmp, `m${i}.Dockerfile`);
        fs.writeFileSync(f, m.bytes);
        return f;
      });
      fs.writeFileSync(path.join(tmp, 'list.txt'), list.join('\n') + '\n');
      const r = runCli(['--format', 'json', '--files-from', path.join(tmp, 'list.txt')]);
      assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}: ${r.stderr}`);
      assert.doesNotMatch(r.stderr, /\n\s+at /);
      const report = JSON.parse(r.stdout) as { files: { path: string; findings: { rule: string }[] }[] };
      assert.equal(report.files.length, sample.length);
      for (const f of report.files) assert.ok(!f.findings.some((x) => x.rule === 'internal-error'), f.path);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
