import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ignore from '@balena/dockerignore';
import { lintText, prepareLinter } from '../../src/engine/lint';
import { formatJson } from '../../src/format/json';
import { compileIgnore } from '../../src/parse/dockerignore';
import { runCli } from '../helpers/cli';
import { generateDockerfile } from '../helpers/generate';
import { repoRoot } from '../helpers/shared';

interface Report {
  files: { path: string; error?: string; findings: { rule: string; severity: string; message: string; range: { start: { line: number; column: number }; end: { line: number; column: number } } }[] }[];
}

const NO_STACK = /\n\s+at .+[(:]\d+/;

function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'layerlint-hostile-'));
}

/** Lint in-process within a time bound; nothing escapes, nothing is an internal error, the JSON report parses. */
function lintBounded(text: string, boundMs: number): { ms: number; rules: string[] } {
  const t0 = performance.now();
  const r = lintText(text, { filePath: 'Dockerfile' });
  const ms = performance.now() - t0;
  assert.deepEqual(r.findings.filter((f) => f.rule === 'internal-error').map((f) => f.message), []);
  JSON.parse(formatJson([{ path: 'Dockerfile', findings: r.findings, source: text }]));
  assert.ok(ms < boundMs, `took ${ms.toFixed(0)} ms (bound ${boundMs} ms)`);
  return { ms, rules: r.findings.map((f) => f.rule) };
}

function sig(text: string): string[] {
  return lintText(text).findings.map((f) => `${f.rule}@${f.range.start.line}:${f.range.start.column}-${f.range.end.line}:${f.range.end.column}`);
}

describe('hostile input', function () {
  this.timeout(300000);
  let dir: string;
  before(async () => {
    await prepareLinter();
    dir = tmpDir();
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  describe('file contents', () => {
    it('a binary file is a parse-error finding ("not a text file"), exit 1, no stack trace', () => {
      const f = path.join(dir, 'binary.Dockerfile');
      const bytes = Buffer.alloc(4096);
      for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919) % 256;
      fs.writeFileSync(f, Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n'), bytes]));
      const r = runCli(['--format', 'json', f]);
      assert.equal(r.code, 1, r.stderr);
      assert.equal(r.stderr, '');
      const rep = JSON.parse(r.stdout) as Report;
      assert.deepEqual(rep.files[0].findings.map((x) => x.rule), ['parse-error']);
      assert.match(rep.files[0].findings[0].message, /not a text file/);
    });

    it('NUL bytes in an otherwise textual Dockerfile: the same finding', () => {
      const f = path.join(dir, 'nul.Dockerfile');
      fs.writeFileSync(f, 'FROM alpine:3\nRUN echo a\0b\n');
      const r = runCli(['--format', 'json', f]);
      assert.equal(r.code, 1);
      assert.match((JSON.parse(r.stdout) as Report).files[0].findings[0].message, /NUL/);
    });

    it('invalid UTF-8: a parse-error warning at 1:1, and the file is still linted', () => {
      const f = path.join(dir, 'latin1.Dockerfile');
      fs.writeFileSync(f, Buffer.concat([Buffer.from('FROM alpine\nLABEL author="'), Buffer.from([0xe9, 0xff, 0xfe]), Buffer.from('"\nRUN cd /tmp\n')]));
      const r = runCli(['--format', 'json', f]);
      assert.equal(r.code, 1);
      const rules = (JSON.parse(r.stdout) as Report).files[0].findings.map((x) => x.rule);
      assert.equal(rules[0], 'parse-error');
      assert.ok(rules.includes('image-untagged') && rules.includes('run-cd'), rules.join());
    });

    it('a BOM and CRLF line ends give the same findings at the same positions as LF', () => {
      const samples = [
        fs.readFileSync(path.join(repoRoot, 'fixtures', 'examples', 'seed', 'Dockerfile'), 'utf8'),
        'FROM ubuntu\nRUN apt-get update && \\\n    apt-get install curl\nRUN cd /x && make\nCMD echo hi\nCMD ["a"]\n',
        generateDockerfile(300, 11),
      ];
      for (const lf of samples) {
        const expected = sig(lf);
        assert.ok(expected.length > 0);
        assert.deepEqual(sig('\ufeff' + lf), expected, 'BOM');
        assert.deepEqual(sig(lf.replace(/\n/g, '\r\n')), expected, 'CRLF');
        assert.deepEqual(sig('\ufeff' + lf.replace(/\n/g, '\r\n')), expected, 'BOM + CRLF');
      }
    });

    it('the CLI reads a BOM + CRLF file like its LF twin', () => {
      const lf = 'FROM ubuntu\nRUN apt-get update && apt-get install -y curl\nCMD echo hi\n';
      fs.writeFileSync(path.join(dir, 'lf.Dockerfile'), lf);
      fs.writeFileSync(path.join(dir, 'crlf.Dockerfile'), '\ufeff' + lf.replace(/\n/g, '\r\n'));
      const a = JSON.parse(runCli(['--format', 'json', path.join(dir, 'lf.Dockerfile')]).stdout) as Report;
      const b = JSON.parse(runCli(['--format', 'json', path.join(dir, 'crlf.Dockerfile')]).stdout) as Report;
      // Same findings at the same positions; a fix that inserts a line break uses the file's own (CRLF) line ends.
      const lfEnds = (x: unknown): unknown => JSON.parse(JSON.stringify(x).replace(/\\r\\n/g, '\\n'));
      assert.deepEqual(lfEnds(b.files[0].findings), a.files[0].findings);
    });

    it('a 10 MB Dockerfile is linted by the CLI in bounded time', () => {
      // 2,000 realistic lines, then bulk: comments, LABELs and long RUN chains, up to 10 MiB.
      const parts = [generateDockerfile(2000, 3)];
      let size = parts[0].length;
      let i = 0;
      while (size < 10 * 1024 * 1024) {
        const chunk = i % 3 === 0 ? `# ${'padding '.repeat(100)}\n` : i % 3 === 1 ? `LABEL k${i}="${'v'.repeat(400)}"\n` : `RUN echo ${'x'.repeat(600)} && \\\n    true\n`;
        parts.push(chunk);
        size += chunk.length;
        i++;
      }
      const f = path.join(dir, 'ten-mb.Dockerfile');
      fs.writeFileSync(f, parts.join(''));
      const t0 = performance.now();
      const r = runCli(['--format', 'json', '-q', f]);
      const ms = performance.now() - t0;
      assert.ok(r.code === 0 || r.code === 1, r.stderr);
      assert.doesNotMatch(r.stderr, NO_STACK);
      const rep = JSON.parse(r.stdout) as Report;
      assert.ok(!rep.files[0].findings.some((x) => x.rule === 'internal-error'));
      assert.ok(ms < 240000, `took ${ms.toFixed(0)} ms`);
      console.log(`      10 MiB: ${(ms / 1000).toFixed(1)} s`);
    });

    it('a 1 MB single line', () => {
      lintBounded(`FROM alpine:3\nRUN echo ${'a'.repeat(1 << 20)}\n`, 60000);
      lintBounded(`FROM alpine:3\nENV A=${'$B'.repeat(1 << 19)}\n`, 60000);
      lintBounded(`FROM alpine:3\n# ${'#'.repeat(1 << 20)}\n`, 60000);
    });

    it('10,000 stages, each copying from the one before (this overflowed the stack)', () => {
      const text = Array.from({ length: 10000 }, (_, i) => `FROM alpine:3 AS s${i}\nCOPY --from=s${Math.max(0, i - 1)} /a /b`).join('\n') + '\n';
      lintBounded(text, 120000);
    });

    it('folders 6,000 deep copied, chmod-ed and deleted across stages (the simulation tree walks overflowed the stack; found by the fuzzer)', () => {
      const deep = '/' + Array.from({ length: 6000 }, () => 'a').join('/');
      const text = `FROM debian:bookworm AS b\nWORKDIR ${deep}\nRUN touch f && echo x > g\nFROM debian:bookworm\nCOPY --from=b /a /copy\nRUN chmod -R 755 /copy\nRUN rm -rf /copy\nCOPY --from=b / /\n`;
      const { rules } = lintBounded(text, 120000);
      assert.ok(rules.includes('deleted-in-later-layer') || rules.includes('metadata-copy-up'), `the layer-cost rules still run: ${rules.join(', ')}`);
    });

    it('a 60,000-character -dev package in the final stage (its name became a RegExp too large to compile; found by the fuzzer)', () => {
      const text = `FROM debian:bookworm\nRUN apt-get update && apt-get install -y gcc curl lib${'a'.repeat(60000)}-dev && rm -rf /var/lib/apt/lists/*\nCMD ["x"]\n`;
      const { rules } = lintBounded(text, 60000);
      assert.ok(rules.includes('build-tools-in-final-stage'), rules.join(', '));
    });

    it('one apk add naming the same package 40,000 times stays linear (each name copied the list of its blobs; found by the fuzzer)', () => {
      lintBounded(`FROM alpine:3.20\nRUN apk add ${'curl '.repeat(40000)}\n`, 8000);
    });

    it('20,000 ENV and ARG lines in one stage stay linear (each used to copy the whole scope)', () => {
      const env = 'FROM alpine:3\n' + Array.from({ length: 20000 }, (_, i) => (i % 2 ? `ENV V${i}=$V${i - 1}x` : `ARG A${i}=${i}`)).join('\n') + '\n';
      lintBounded(env, 60000);
    });

    it('deeply nested $(...), backticks and ${...}', () => {
      lintBounded(`FROM alpine:3\nRUN ${'$('.repeat(10000)}x${')'.repeat(10000)}\n`, 60000);
      lintBounded(`FROM alpine:3\nRUN ${'$('.repeat(10000)}x\n`, 60000);
      lintBounded(`FROM alpine:3\nENV A=${'${B:-'.repeat(5000)}x${'}'.repeat(5000)}\n`, 60000);
      lintBounded(`FROM alpine:3\nRUN echo ${'"$(echo '.repeat(3000)}\n`, 60000);
    });

    it('a long word with a stray ")" (tree-sitter recovered from it in quadratic time: 6 minutes at 80 KB)', () => {
      const { ms } = lintBounded(`FROM alpine:3\nRUN go get github.com/x${'-'.repeat(40000)})${'-'.repeat(40000)}y\nRUN apt-get install curl\n`, 30000);
      // The next file is parsed from scratch (a cancelled parse must not resume with other text).
      const after = sig('FROM alpine:3\nRUN apt-get update && apt-get install -y curl\n');
      assert.deepEqual(after, sig('FROM alpine:3\nRUN apt-get update && apt-get install -y curl\n'));
      assert.ok(after.some((s) => s.startsWith('apt-lists-not-cleaned')), after.join());
      console.log(`      stray ")" in 80 KB: ${(ms / 1000).toFixed(1)} s`);
    });

    it('heredocs that never end are a parse error, not a hang', () => {
      const r = lintText('FROM alpine:3\nRUN <<EOF\necho a\n' + 'echo b\n'.repeat(20000));
      assert.ok(r.findings.some((f) => f.rule === 'parse-error' && /never terminated/.test(f.message)));
      lintBounded('FROM alpine:3\n' + 'RUN <<A <<B <<C\n'.repeat(3000), 60000);
      lintBounded('FROM alpine:3\nCOPY <<EOF /x\n' + '$'.repeat(100000), 60000);
    });

    it('a continuation at the end of the file, and a file of only continuations', () => {
      for (const t of ['FROM alpine:3\nRUN echo hi \\', 'FROM alpine:3\nRUN echo hi \\\n', 'FROM alpine:3\nRUN \\\n\\\n\\', '\\\n'.repeat(50000), '# escape=`\nFROM alpine:3\nRUN echo `', 'FROM alpine:3\nRUN echo \\\r']) {
        lintBounded(t, 30000);
      }
    });
  });

  describe('files and folders', () => {
    it('an unreadable file is reported in the report ("permission denied"), exit 2, no stack trace', function () {
      // Root reads anything: run the CLI as nobody (runuser), or as root without capabilities (setpriv).
      const find = (...c: string[]): string | undefined => c.find((p) => fs.existsSync(p));
      const runuser = find('/usr/sbin/runuser', '/sbin/runuser', '/usr/bin/runuser');
      const setpriv = find('/usr/bin/setpriv', '/bin/setpriv');
      const cliBin = path.join(repoRoot, 'bin', 'layerlint.js');
      const wrappers: string[][] = [];
      if (process.getuid?.() === 0) {
        if (runuser) wrappers.push([runuser, '-u', 'nobody', '--']);
        if (setpriv) wrappers.push([setpriv, '--bounding-set=-all', '--inh-caps=-all', '--']);
      } else wrappers.push([]);
      const wrapper = wrappers.find((w) => spawnSync(w[0] ?? process.execPath, [...w.slice(1), ...(w.length ? [process.execPath] : []), cliBin, '--version'], { encoding: 'utf8' }).status === 0);
      if (!wrapper) {
        if (process.env.CI) throw new Error('no runuser or setpriv to drop the right to read every file, and CI is set');
        console.log('      (skipped: cannot run the CLI without the right to read every file: no runuser or setpriv)');
        this.skip();
      }
      const d = fs.mkdtempSync(path.join(os.tmpdir(), 'layerlint-unreadable-'));
      try {
        fs.chmodSync(d, 0o755);
        const f = path.join(d, 'Dockerfile');
        fs.writeFileSync(f, 'FROM alpine:3\n');
        fs.chmodSync(f, 0o000);
        const cmd = wrapper.length ? [...wrapper, process.execPath] : [process.execPath];
        const r = spawnSync(cmd[0], [...cmd.slice(1), cliBin, '--format', 'json', f], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
        assert.equal(r.status, 2, r.stderr);
        assert.doesNotMatch(r.stderr, NO_STACK);
        const rep = JSON.parse(r.stdout) as Report;
        assert.equal(rep.files[0].error, 'permission denied');
      } finally {
        fs.rmSync(d, { recursive: true, force: true });
      }
    });

    it('a folder given as a file list entry, a missing file and a FIFO-free special file', () => {
      const sub = fs.mkdtempSync(path.join(dir, 'list-'));
      fs.mkdirSync(path.join(sub, 'folder'));
      fs.writeFileSync(path.join(sub, 'folder', 'Dockerfile'), 'FROM alpine:3\n');
      const list = path.join(sub, 'list.txt');
      fs.writeFileSync(list, `${path.join(sub, 'folder')}\n${path.join(sub, 'missing.Dockerfile')}\n/dev/null\n`);
      const r = runCli(['--format', 'json', '--files-from', list]);
      assert.equal(r.code, 2);
      assert.doesNotMatch(r.stderr, NO_STACK);
      const rep = JSON.parse(r.stdout) as Report;
      assert.ok(rep.files.some((f) => f.error === 'no such file or folder'));
    });

    it('.dockerignore patterns that would backtrack catastrophically are answered in bounded time', () => {
      // @balena/dockerignore turns each ** into (.*/)? and * into [^/]*; these shapes backtrack exponentially there.
      const patterns = ['**/'.repeat(30) + 'b', '*a'.repeat(30) + 'b', 'a'.repeat(5000) + '*', '!' + '**/'.repeat(2000) + 'x', '\\'.repeat(3001), '?'.repeat(5000) + 'x', '[a-'.repeat(500)];
      const paths = ['a'.repeat(100), 'a/'.repeat(60) + 'c', 'a'.repeat(30000), 'x/'.repeat(2000) + 'y'];
      const t0 = performance.now();
      const ig = compileIgnore(patterns);
      for (const p of paths) ig.ignores(p);
      const ms = performance.now() - t0;
      assert.ok(ms < 5000, `took ${ms.toFixed(0)} ms`);
    });

    it('a pathological .dockerignore beside a Dockerfile cannot hang the lint or the cost simulation', () => {
      const sub = fs.mkdtempSync(path.join(dir, 'ignore-'));
      const deep = 'a/'.repeat(60) + 'c';
      fs.mkdirSync(path.join(sub, path.dirname(deep)), { recursive: true });
      fs.writeFileSync(path.join(sub, deep), 'x');
      fs.writeFileSync(path.join(sub, '.dockerignore'), ['**/'.repeat(30) + 'b', '*a'.repeat(30) + 'b', ''].join('\n'));
      fs.writeFileSync(path.join(sub, 'Dockerfile'), `FROM alpine:3.20\nCOPY ${deep} /x\nCOPY --exclude=${'**/'.repeat(30)}b a /a\n`);
      for (const args of [['--format', 'json', '--context', sub, path.join(sub, 'Dockerfile')], ['cost', '--format', 'json', '--context', sub, path.join(sub, 'Dockerfile')]]) {
        // A hang is the failure this guards against: the child is killed after 60 s (it takes well under a second).
        const r = spawnSync(process.execPath, [path.join(repoRoot, 'bin', 'layerlint.js'), ...args], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '1' } });
        assert.equal(r.signal, null, `${args[0]} was killed after 60 s`);
        assert.ok(r.status === 0 || r.status === 1, `${args.join(' ')}: exit ${r.status} ${r.stderr}`);
        assert.doesNotThrow(() => JSON.parse(r.stdout) as unknown);
      }
    });

    it('the safe ignore matcher agrees with @balena/dockerignore on ordinary patterns', () => {
      const pats = ['*.md', '!README.md', 'node_modules', '**/*.log', 'build/**', 'a/*/c', 'docs/**/x?.txt', '.git', '**/tmp/*', 'src/[ab]*.js', '!src/a1.js', 'lib\\*x', '*', '!keep/**'];
      const files = ['README.md', 'x.md', 'node_modules/a/b', 'a/b/c', 'a/b/d', 'd/e.log', 'build/x/y', 'docs/1/2/x1.txt', 'docs/x1.txt', '.git/config', 'q/tmp/z', 'src/a1.js', 'src/b2.js', 'src/c.js', 'lib*x', 'keep/me', 'other'];
      for (let n = 1; n <= pats.length; n++) {
        const list = pats.slice(0, n);
        const theirs = ignore({ ignorecase: false }).add(list);
        const ours = compileIgnore(list);
        for (const f of files) assert.equal(ours.ignores(f), theirs.ignores(f), `${list.join(' ')} :: ${f}`);
      }
    });
  });

  describe('configuration and options', () => {
    const cli = (argv: string[], cwd: string): { code: number | null; stderr: string; stdout: string } => runCli(argv, { cwd });
    const oneLine = (stderr: string): void => {
      assert.equal(stderr.trim().split('\n').length, 1, stderr);
      assert.doesNotMatch(stderr, NO_STACK);
      assert.doesNotMatch(stderr, /internal error/);
    };
    let cdir: string;
    before(() => {
      cdir = fs.mkdtempSync(path.join(dir, 'cfg-'));
      fs.writeFileSync(path.join(cdir, 'Dockerfile'), 'FROM alpine:3\n');
    });

    for (const [name, text, pattern] of [
      ['not YAML', 'rules: [\n  x: {\n', /not valid YAML/],
      ['binary', '\x00\x01\x02\xff\xfe', /mapping|not valid YAML/],
      ['a YAML list', '- a\n- b\n', /must be a mapping/],
      ['against the schema', 'failureThreshold: 42\n', /failureThreshold/],
      ['an unknown key', 'rulez: {}\n', /unknown key "rulez"/],
      ['an unknown rule', 'rules:\n  no-such-rule: off\n', /unknown rule "no-such-rule"/],
      ['an alias bomb', 'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n', /cannot read the configuration/],
    ] as const) {
      it(`a config file that is ${name}: one line, exit 2`, () => {
        fs.writeFileSync(path.join(cdir, '.layerlint.yaml'), text);
        try {
          const r = cli(['Dockerfile'], cdir);
          assert.equal(r.code, 2, r.stderr);
          oneLine(r.stderr);
          assert.match(r.stderr, pattern);
        } finally {
          fs.unlinkSync(path.join(cdir, '.layerlint.yaml'));
        }
      });
    }

    it('a config path that is a folder or missing', () => {
      for (const c of [cdir, path.join(cdir, 'nope.yaml')]) {
        const r = cli(['-c', c, 'Dockerfile'], cdir);
        assert.equal(r.code, 2, r.stderr);
        oneLine(r.stderr);
      }
    });

    for (const argv of [['--bogus'], ['-Z'], ['--format'], ['--format', 'yaml', 'Dockerfile'], ['--rule', 'x'], ['--failure-threshold', 'loud', 'Dockerfile'], ['--files-from', '/nonexistent/list'], ['--fix', '-'], ['--version=1'], ['--', '--not-a-file']]) {
      it(`unknown or broken options: ${argv.join(' ')}`, () => {
        const r = cli(argv, cdir);
        assert.equal(r.code, 2, r.stderr);
        if (argv[0] !== '--') oneLine(r.stderr);
        assert.doesNotMatch(r.stderr, NO_STACK);
      });
    }

    it('--debug is what shows a stack trace', () => {
      fs.writeFileSync(path.join(cdir, '.layerlint.yaml'), 'rules: [\n');
      try {
        const r = cli(['--debug', 'Dockerfile'], cdir);
        assert.equal(r.code, 2);
        assert.match(r.stderr, NO_STACK);
      } finally {
        fs.unlinkSync(path.join(cdir, '.layerlint.yaml'));
      }
    });
  });
});
