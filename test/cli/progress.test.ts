import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { endProgress, fitLine, PROGRESS_MIN_FILES, startProgress } from '../../src/cli/progress';
import { runCli } from '../helpers/cli';
import { repoRoot } from '../helpers/shared';

class FakeStream extends Writable {
  chunks: string[] = [];
  constructor(
    readonly isTTY: boolean,
    readonly columns = 60,
  ) {
    super();
  }
  override _write(chunk: Buffer | string, _enc: BufferEncoding, cb: () => void): void {
    this.chunks.push(String(chunk));
    cb();
  }
  get text(): string {
    return this.chunks.join('');
  }
}

/** What a terminal shows for `raw`: each line after its carriage returns have overwritten it. */
function screen(raw: string): string[] {
  return raw.split(/\r?\n|\r\n/).map((line) => {
    const cells: string[] = [];
    let col = 0;
    for (const ch of line) {
      if (ch === '\r') col = 0;
      else cells[col++] = ch;
    }
    return cells.join('').trimEnd();
  });
}

const SCRIPT = '/usr/bin/script';

function requireScript(ctx: Mocha.Context): void {
  if (fs.existsSync(SCRIPT)) return;
  if (process.env.CI) throw new Error(`${SCRIPT} is missing (util-linux / bsdutils), and CI is set`);
  console.log(`      (skipped: ${SCRIPT} not found; it comes with util-linux)`);
  ctx.skip();
}

function quote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The real CLI in a pseudo-terminal (stdin, stdout and stderr all on it); returns what the terminal received. */
function runInPty(args: string[], env: NodeJS.ProcessEnv): { code: number | null; output: string } {
  const cmd = [process.execPath, path.join(repoRoot, 'bin', 'layerlint.js'), ...args].map(quote).join(' ');
  const r = spawnSync(SCRIPT, ['-qfec', cmd, '/dev/null'], { env: { ...env, COLUMNS: '100', LINES: '30' }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
  return { code: r.status, output: r.stdout + r.stderr };
}

function withoutCi(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.CI;
  return env;
}

function makeTree(count: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerlint-progress-'));
  for (let i = 1; i <= count; i++) {
    fs.mkdirSync(path.join(dir, `app${String(i).padStart(2, '0')}`));
    fs.writeFileSync(path.join(dir, `app${String(i).padStart(2, '0')}`, 'Dockerfile'), `FROM alpine:3.19\nRUN echo ${i}\n`);
  }
  return dir;
}

describe('CLI progress line', () => {
  it('draws `done/total files · current file` with carriage returns and clears it at the end', () => {
    const s = new FakeStream(true);
    let t = 0;
    const p = startProgress(25, s, {}, () => t);
    p.next('a/Dockerfile');
    t += 100;
    p.next('bb/Dockerfile');
    t += 10;
    p.next('c/Dockerfile'); // within the redraw interval: counted, not drawn
    t += 100;
    p.next('d/Dockerfile');
    p.done();
    assert.deepEqual(s.chunks, [
      '\rlayerlint: 0/25 files · a/Dockerfile',
      '\rlayerlint: 1/25 files · bb/Dockerfile',
      '\rlayerlint: 3/25 files · d/Dockerfile ',
      '\r' + ' '.repeat('layerlint: 3/25 files · d/Dockerfile'.length) + '\r',
    ]);
    assert.deepEqual(screen(s.text), ['']);
    p.done();
    assert.equal(s.chunks.length, 4, 'done twice clears once');
  });

  it('stays within the terminal width, cutting the middle of a long path', () => {
    const s = new FakeStream(true, 40);
    const p = startProgress(30, s, {});
    const long = 'services/' + 'x'.repeat(80) + '/Dockerfile';
    p.next(long);
    const line = s.chunks[0].slice(1);
    assert.ok(line.length <= 39, `${line.length} columns`);
    assert.match(line, /^layerlint: 0\/30 files · serv…Dockerfile$/, 'the start of the path and, longer, its end');
    assert.equal(fitLine('p ', 'short', 80), 'p short');
    assert.equal(fitLine('prefix: ', 'abcdefghijklmnop', 12), 'prefix: abcd');
    p.done();
  });

  it('is silent for fewer than 20 files, off a terminal, and when CI is set', () => {
    const cases: [number, boolean, NodeJS.ProcessEnv][] = [
      [PROGRESS_MIN_FILES - 1, true, {}],
      [100, false, {}],
      [100, true, { CI: 'true' }],
      [100, true, { CI: '1' }],
    ];
    for (const [total, tty, env] of cases) {
      const s = new FakeStream(tty);
      const p = startProgress(total, s, env);
      p.next('a/Dockerfile');
      p.done();
      assert.equal(s.text, '', JSON.stringify({ total, tty, env }));
    }
    const s = new FakeStream(true);
    startProgress(PROGRESS_MIN_FILES, s, { CI: 'false' }).next('x');
    assert.notEqual(s.text, '', 'CI=false is not CI');
  });

  it('endProgress clears the line before an error message', () => {
    const s = new FakeStream(true);
    startProgress(50, s, {}).next('a/Dockerfile');
    endProgress(s);
    s.write('layerlint: boom\n');
    assert.deepEqual(screen(s.text), ['layerlint: boom', '']);
  });

  it('another message written meanwhile starts on a clean line, and the stream is left as it was', () => {
    const s = new FakeStream(true);
    let t = 0;
    const p = startProgress(30, s, {}, () => t);
    assert.ok(Object.prototype.hasOwnProperty.call(s, 'write'), 'watches the stream while drawing');
    p.next('a/Dockerfile');
    s.write('layerlint: a notice\n');
    t += 100;
    p.next('b/Dockerfile');
    p.done();
    assert.deepEqual(screen(s.text), ['layerlint: a notice', '']);
    assert.ok(!Object.prototype.hasOwnProperty.call(s, 'write'), 'write is the prototype method again');
    const before = s.chunks.length;
    s.write('after\n');
    assert.deepEqual(s.chunks.slice(before), ['after\n'], 'nothing more is blanked');
  });

  describe('the real CLI', function () {
    this.timeout(180_000);
    let many = '';
    let few = '';
    before(function () {
      requireScript(this);
      many = makeTree(25);
      few = makeTree(PROGRESS_MIN_FILES - 1);
    });
    after(() => {
      for (const d of [many, few]) if (d) fs.rmSync(d, { recursive: true, force: true });
    });

    it('in a terminal: shows progress on the way, then only the report', () => {
      const r = runInPty(['--no-color', many], withoutCi());
      assert.equal(r.code, 0, r.output);
      assert.match(r.output, /\rlayerlint: 0\/25 files · [^\r\n]*app01\/Dockerfile/);
      const last = r.output.lastIndexOf('files · ');
      const clear = r.output.indexOf('\r', last);
      assert.match(r.output.slice(clear), /^\r +\r/, 'the last progress line is blanked');
      // What stays on the screen is the report (and the shellcheck notice where it is not installed).
      const shown = screen(r.output).filter((l) => l !== '' && !/^layerlint: shellcheck is not installed/.test(l));
      assert.deepEqual(shown, ['✔ no problems in 25 files']);
    });

    it('in a terminal with CI set, or with fewer than 20 files: no progress', () => {
      const ci = runInPty(['--no-color', many], { ...withoutCi(), CI: 'true' });
      assert.equal(ci.code, 0, ci.output);
      assert.doesNotMatch(ci.output, /files ·/);
      assert.match(ci.output, /no problems in 25 files/);
      const small = runInPty(['--no-color', few], withoutCi());
      assert.doesNotMatch(small.output, /files ·/);
      assert.match(small.output, /no problems in 19 files/);
    });

    it('piped: nothing on stderr', () => {
      const r = runCli([many], { env: withoutCi() });
      assert.equal(r.code, 0);
      assert.doesNotMatch(r.stderr, /files ·|\r/);
      assert.match(r.stdout, /no problems in 25 files/);
    });

    it('a notice printed during the run (no shellcheck on PATH) starts on a clean line', () => {
      const r = runInPty(['--no-color', many], { ...withoutCi(), PATH: path.join(os.tmpdir(), 'layerlint-no-such-dir') });
      assert.equal(r.code, 0, r.output);
      assert.match(r.output, /files ·/);
      const shown = screen(r.output).filter((l) => l !== '');
      assert.deepEqual(shown, ['layerlint: shellcheck is not installed (not on PATH), so the ShellCheck (SCxxxx) checks of RUN scripts were skipped', '✔ no problems in 25 files']);
    });

    it('an error in the middle of the run starts on a clean line', () => {
      fs.writeFileSync(path.join(many, 'app15', '.layerlint.yaml'), 'rules: [\n');
      try {
        const r = runInPty(['--no-color', many], withoutCi());
        assert.equal(r.code, 2, r.output);
        const shown = screen(r.output).filter((l) => l !== '' && !/^layerlint: shellcheck is not installed/.test(l));
        assert.equal(shown.length, 1, r.output);
        assert.match(shown[0], /^layerlint: .*app15\/\.layerlint\.yaml/);
      } finally {
        fs.rmSync(path.join(many, 'app15', '.layerlint.yaml'));
      }
    });
  });
});
