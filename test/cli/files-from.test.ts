import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../helpers/cli';

describe('CLI --files-from', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerlint-files-from-'));
    fs.writeFileSync(path.join(dir, 'a.txt'), 'FROM alpine\n');
    fs.writeFileSync(path.join(dir, 'b.txt'), 'FROM alpine:3\nRUN cd /x\n');
    fs.writeFileSync(path.join(dir, 'c.Dockerfile'), 'FROM alpine:3\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const paths = (stdout: string): string[] => (JSON.parse(stdout) as { files: { path: string }[] }).files.map((f) => f.path);

  it('lints the listed files whatever their names, skipping blank lines and CRs, relative to the working folder', () => {
    fs.writeFileSync(path.join(dir, 'list.txt'), 'a.txt\r\n\r\n  \nb.txt\n');
    const r = runCli(['--format', 'json', '--files-from', 'list.txt'], { cwd: dir });
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(paths(r.stdout), ['a.txt', 'b.txt']);
  });

  it('reads the list from stdin with -, after the paths given as arguments', () => {
    const r = runCli(['--format', 'json', 'c.Dockerfile', '--files-from', '-'], { cwd: dir, input: 'b.txt\n' });
    assert.deepEqual(paths(r.stdout), ['c.Dockerfile', 'b.txt']);
  });

  it('refuses stdin as both list and Dockerfile, a missing list and an empty one, in one line with exit 2', () => {
    for (const [argv, input, re] of [
      [['--files-from', '-', '-'], 'a.txt\n', /stdin cannot be both/],
      [['--files-from', 'nope.txt'], undefined, /nope\.txt: cannot read the file list \(no such file or folder\)/],
      [['--files-from', '-'], '\n\n', /names no files/],
    ] as const) {
      const r = runCli([...argv], { cwd: dir, input });
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, re);
      assert.equal(r.stderr.trim().split('\n').length, 1);
    }
  });
});
