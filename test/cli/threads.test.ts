import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { main } from '../../src/cli/main';
import { MIN_FILES_PER_THREAD, threadCount } from '../../src/cli/lint-pool';
import { runCli } from '../helpers/cli';
import { corpusFiles, fixturePath } from '../helpers/shared';

/** Run main() in this process with captured streams. */
async function runMain(argv: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv; lintWorkerScript?: string }): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (c: Buffer) => (stdout += c.toString()));
  err.on('data', (c: Buffer) => (stderr += c.toString()));
  const code = await main(argv, { stdout: out, stderr: err, env: { NO_COLOR: '1', ...opts.env }, isTTY: false, cwd: opts.cwd, lintWorkerScript: opts.lintWorkerScript });
  return { code, stdout, stderr };
}

describe('CLI lint threads', function () {
  this.timeout(120000);
  let dir: string;
  let list: string;
  let noShellcheck: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerlint-threads-'));
    noShellcheck = path.join(dir, 'no-shellcheck.yaml');
    fs.writeFileSync(noShellcheck, 'shellcheck: false\n');
    // The rule fixtures (every rule fires somewhere), a file that is not there and one that is not text, in a
    // fixed order: the report must list them in this order whichever thread linted each.
    const files = corpusFiles(fixturePath('rules')).filter((f) => /Dockerfile$/.test(f)).slice(0, 150);
    fs.writeFileSync(path.join(dir, 'binary.Dockerfile'), Buffer.from([0x46, 0x52, 0x00, 0x4d]));
    files.splice(40, 0, path.join(dir, 'missing.Dockerfile'), path.join(dir, 'binary.Dockerfile'));
    list = path.join(dir, 'list.txt');
    fs.writeFileSync(list, files.join('\n') + '\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('uses one thread per free core for many files, none extra for few or on busy cores, and LAYERLINT_JOBS when set', () => {
    const cores = os.availableParallelism();
    assert.equal(threadCount(MIN_FILES_PER_THREAD - 1, {}, () => 0), 1);
    assert.equal(threadCount(100 * MIN_FILES_PER_THREAD, {}, () => 0), Math.min(cores, 100));
    assert.equal(threadCount(100 * MIN_FILES_PER_THREAD, {}, () => cores), 1);
    assert.equal(threadCount(100 * MIN_FILES_PER_THREAD, {}, () => cores - 0.5), 1);
    if (cores >= 2) assert.equal(threadCount(100 * MIN_FILES_PER_THREAD, {}, () => cores - 1.5), 2);
    assert.equal(threadCount(1000, { LAYERLINT_JOBS: '3' }), 3);
    assert.equal(threadCount(2, { LAYERLINT_JOBS: '8' }), 2);
    assert.equal(threadCount(1000, { LAYERLINT_JOBS: '0' }), 1);
  });

  it('gives the same reports, messages and exit code on several threads as on one (bundled CLI)', () => {
    for (const format of ['json', 'sarif', 'stylish']) {
      const argv = ['--format', format, '--config', noShellcheck, '--files-from', list];
      const one = runCli(argv, { cwd: dir, env: { LAYERLINT_JOBS: '1' } });
      assert.equal(one.code, 2, one.stderr);
      assert.ok(one.stdout.length > 10000, `${format}: the report is too short to compare`);
      for (const jobs of format === 'json' ? ['2', '3'] : ['2']) {
        const many = runCli(argv, { cwd: dir, env: { LAYERLINT_JOBS: jobs } });
        assert.equal(many.code, one.code, many.stderr);
        assert.equal(many.stderr, one.stderr);
        assert.ok(many.stdout === one.stdout, `${format} with LAYERLINT_JOBS=${jobs} differs from one thread`);
      }
    }
  });

  it('the same with the ShellCheck pass (run by each thread) where shellcheck is installed', () => {
    const short = path.join(dir, 'short-list.txt');
    fs.writeFileSync(short, fs.readFileSync(list, 'utf8').split('\n').slice(0, 45).join('\n') + '\n');
    const one = runCli(['--format', 'json', '--files-from', short], { cwd: dir, env: { LAYERLINT_JOBS: '1' } });
    const two = runCli(['--format', 'json', '--files-from', short], { cwd: dir, env: { LAYERLINT_JOBS: '2' } });
    assert.equal(two.code, one.code, two.stderr);
    assert.equal(two.stderr, one.stderr);
    assert.ok(two.stdout === one.stdout, 'the JSON report differs');
  });

  it('gives the same report on several threads from the compiled modules (lint-worker.js)', async () => {
    const argv = ['--format', 'json', '--config', noShellcheck, '--files-from', list];
    const one = await runMain(argv, { cwd: dir, env: { LAYERLINT_JOBS: '1' } });
    const two = await runMain(argv, { cwd: dir, env: { LAYERLINT_JOBS: '2' } });
    assert.equal(two.code, one.code);
    assert.equal(two.stderr, one.stderr);
    assert.ok(two.stdout === one.stdout, 'the JSON report differs');
  });

  it('stops at a config that cannot be read as one thread does: same message, exit 2', () => {
    const bad = path.join(dir, 'bad');
    fs.mkdirSync(bad, { recursive: true });
    fs.writeFileSync(path.join(bad, '.layerlint.yaml'), 'rules: [unclosed\n');
    fs.writeFileSync(path.join(bad, 'Dockerfile'), 'FROM alpine:3\n');
    const files = fs.readFileSync(list, 'utf8').trim().split('\n');
    files.splice(100, 0, path.join(bad, 'Dockerfile'));
    const badList = path.join(dir, 'bad-list.txt');
    fs.writeFileSync(badList, files.join('\n') + '\n');
    const one = runCli(['--format', 'json', '--files-from', badList], { cwd: dir, env: { LAYERLINT_JOBS: '1' } });
    const two = runCli(['--format', 'json', '--files-from', badList], { cwd: dir, env: { LAYERLINT_JOBS: '2' } });
    assert.equal(one.code, 2);
    assert.match(one.stderr, /\.layerlint\.yaml/);
    assert.equal(two.code, 2);
    assert.equal(two.stderr, one.stderr);
    assert.equal(two.stdout, one.stdout);
  });

  it('a lint thread that dies ends the run with exit 2 and one clear line, no stack trace', async () => {
    const throwing = path.join(dir, 'throwing-worker.js');
    fs.writeFileSync(throwing, "throw new Error('simulated crash');\n");
    const exiting = path.join(dir, 'exiting-worker.js');
    fs.writeFileSync(exiting, "require('node:worker_threads').parentPort.on('message', () => process.exit(3));\n");
    for (const [script, re] of [
      [throwing, /^layerlint: a lint thread stopped unexpectedly \(simulated crash\); LAYERLINT_JOBS=1 lints on one thread\n$/],
      [exiting, /^layerlint: a lint thread exited unexpectedly \(exit code 3\); LAYERLINT_JOBS=1 lints on one thread\n$/],
    ] as const) {
      const r = await runMain(['--format', 'json', '--files-from', list], { cwd: dir, env: { LAYERLINT_JOBS: '2' }, lintWorkerScript: script });
      assert.equal(r.code, 2);
      assert.match(r.stderr, re);
      assert.doesNotMatch(r.stderr, /\n\s+at /);
      assert.equal(r.stdout, '');
    }
  });
});
