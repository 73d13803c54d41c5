import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../helpers/cli';
import { fixturePath } from '../helpers/shared';

const SEED = fixturePath('examples', 'seed', 'Dockerfile');

function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'layerlint-cli-'));
}

interface JsonReport {
  version: number;
  files: { path: string; error?: string; findings: { rule: string; aliases: string[]; severity: string; range: { start: { line: number; column: number } }; fix: unknown }[] }[];
  summary: { files: number; errors: number; warnings: number; infos: number; styles: number; fixable: number };
}

describe('CLI', () => {
  it('prints its version and help', () => {
    const v = runCli(['--version']);
    assert.equal(v.code, 0);
    assert.match(v.stdout, /^\d+\.\d+\.\d+\n$/);
    const h = runCli(['--help']);
    assert.equal(h.code, 0);
    assert.match(h.stdout, /Usage:/);
  });

  it('lints the seed example and exits 1 on warnings', () => {
    const r = runCli([SEED]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /7:1\s+warning\s+CMD in shell form/);
    assert.match(r.stdout, /run-only-deletes/);
    assert.equal(r.stderr, '');
  });

  it('writes the versioned JSON report with 1-based positions', () => {
    const r = runCli(['--format', 'json', SEED]);
    assert.equal(r.code, 1);
    const report = JSON.parse(r.stdout) as JsonReport;
    assert.equal(report.version, 1);
    assert.equal(report.files[0].path, 'fixtures/examples/seed/Dockerfile', 'relative to the working folder (docs/formats.md)');
    const cmd = report.files[0].findings.find((f) => f.rule === 'json-args-recommended');
    assert.ok(cmd);
    assert.deepEqual(cmd.aliases, ['DL3025', 'JSONArgsRecommended']);
    assert.deepEqual(cmd.range.start, { line: 7, column: 1 });
    assert.equal(report.summary.files, 1);
    assert.equal(report.summary.warnings, report.files[0].findings.filter((f) => f.severity === 'warning').length);
  });

  it('reads stdin as -', () => {
    const r = runCli(['--format', 'json', '-'], { input: 'FROM alpine\n' });
    const report = JSON.parse(r.stdout) as JsonReport;
    assert.equal(report.files[0].path, '-');
    assert.deepEqual(report.files[0].findings.map((f) => f.rule), ['image-untagged']);
    assert.equal(r.code, 1);
  });

  it('exits 0 when nothing reaches the threshold, and never with --failure-threshold never', () => {
    assert.equal(runCli(['-', '--failure-threshold', 'error'], { input: 'FROM alpine\n' }).code, 0);
    assert.equal(runCli(['-', '--failure-threshold', 'never'], { input: 'FROM alpine\n' }).code, 0);
    assert.equal(runCli(['-'], { input: 'FROM alpine:3.20\nUSER nobody\n' }).code, 0);
  });

  it('turns rules off or changes severity by id or alias', () => {
    const off = runCli(['--format', 'json', '--rule', 'DL3006=off', '-'], { input: 'FROM alpine\n' });
    assert.deepEqual((JSON.parse(off.stdout) as JsonReport).files[0].findings, []);
    assert.equal(off.code, 0);
    const info = runCli(['--format', 'json', '--rule', 'image-untagged=info', '-'], { input: 'FROM alpine\n' });
    assert.equal((JSON.parse(info.stdout) as JsonReport).files[0].findings[0].severity, 'info');
    assert.equal(info.code, 0);
    const ign = runCli(['--format', 'json', '--ignore', 'dl3006', '-'], { input: 'FROM alpine\n' });
    assert.deepEqual((JSON.parse(ign.stdout) as JsonReport).files[0].findings, []);
  });

  it('gives usage errors one clear line and exit 2, without a stack trace', () => {
    for (const args of [['--bogus', SEED], ['--rule', 'nope=error', SEED], ['--failure-threshold', 'loud', SEED], [], ['--format', 'xml', SEED], ['--build-arg', 'novalue', SEED]]) {
      const r = runCli(args);
      assert.equal(r.code, 2, `args ${args.join(' ')}`);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.match(r.stderr, /^layerlint: /);
      assert.doesNotMatch(r.stderr, /\n\s+at /);
    }
  });

  it('reports unreadable files after the others and exits 2', () => {
    const r = runCli(['--format', 'json', SEED, '/nonexistent/Dockerfile']);
    assert.equal(r.code, 2);
    const report = JSON.parse(r.stdout) as JsonReport;
    assert.equal(report.files.length, 2);
    assert.ok(report.files[0].findings.length > 0);
    assert.equal(report.files[1].error, 'no such file or folder');
  });

  it('discovers Dockerfiles in folders, skipping node_modules and .git', () => {
    const dir = tmpDir();
    fs.mkdirSync(path.join(dir, 'a', 'node_modules'), { recursive: true });
    fs.mkdirSync(path.join(dir, '.git'));
    for (const f of ['Dockerfile', 'a/Containerfile', 'a/web.Dockerfile', 'a/Dockerfile.prod', 'a/node_modules/Dockerfile', '.git/Dockerfile', 'a/Dockerfile.md']) fs.writeFileSync(path.join(dir, f), 'FROM alpine:3.20\n');
    const r = runCli(['--format', 'json', dir]);
    const paths = (JSON.parse(r.stdout) as JsonReport).files.map((f) => path.relative(dir, f.path)).sort();
    assert.deepEqual(paths, ['Dockerfile', 'a/Containerfile', 'a/Dockerfile.prod', 'a/web.Dockerfile']);
  });

  it('reads .layerlint.yaml from the Dockerfile folder upwards and validates it with line:col errors', () => {
    const dir = tmpDir();
    fs.mkdirSync(path.join(dir, 'svc'));
    fs.writeFileSync(path.join(dir, 'svc', 'Dockerfile'), 'FROM alpine\n');
    fs.writeFileSync(path.join(dir, '.layerlint.yaml'), 'rules:\n  DL3006: off\n');
    assert.equal(runCli([path.join(dir, 'svc', 'Dockerfile')]).code, 0);
    fs.writeFileSync(path.join(dir, '.layerlint.yaml'), 'rules:\n  no-such-rule: error\n');
    const bad = runCli([path.join(dir, 'svc', 'Dockerfile')]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /\.layerlint\.yaml:2:3: .*no-such-rule/);
    fs.writeFileSync(path.join(dir, '.layerlint.yaml'), 'failureThreshold: loud\n');
    const bad2 = runCli([path.join(dir, 'svc', 'Dockerfile')]);
    assert.equal(bad2.code, 2);
    assert.match(bad2.stderr, /\.layerlint\.yaml:1:19: \/failureThreshold must be one of/);
    fs.writeFileSync(path.join(dir, '.layerlint.yaml'), 'rules: [unclosed\n');
    const bad3 = runCli([path.join(dir, 'svc', 'Dockerfile')]);
    assert.equal(bad3.code, 2);
    assert.match(bad3.stderr, /not valid YAML/);
  });

  it('translates a hadolint config when no layerlint config exists', () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM alpine\nMAINTAINER me\n');
    fs.writeFileSync(path.join(dir, '.hadolint.yaml'), 'ignored:\n  - DL3006\noverride:\n  info:\n    - DL4000\nfailure-threshold: warning\n');
    const r = runCli(['--format', 'json', path.join(dir, 'Dockerfile')]);
    const f = (JSON.parse(r.stdout) as JsonReport).files[0].findings;
    assert.deepEqual(f.map((x) => `${x.rule}:${x.severity}`), ['maintainer-deprecated:info']);
    assert.equal(r.code, 0);
  });

  it('honours inline pragmas from layerlint, hadolint and BuildKit', () => {
    const src = [
      '# check=skip=JSONArgsRecommended',
      '# hadolint global ignore=DL3007',
      'FROM alpine:latest',
      '# layerlint ignore=run-cd',
      'RUN cd /tmp && make',
      '# hadolint ignore=DL3003',
      'RUN cd /x',
      'RUN cd /y',
      'CMD echo hi',
      '',
    ].join('\n');
    const r = runCli(['--format', 'json', '-'], { input: src });
    const f = (JSON.parse(r.stdout) as JsonReport).files[0].findings;
    // ShellCheck findings (when it is installed) are not what this test is about.
    assert.deepEqual(f.filter((x) => x.rule !== 'consecutive-run' && !x.rule.startsWith('SC')).map((x) => `${x.rule}@${x.range.start.line}`), ['run-cd@8']);
  });

  it('applies safe fixes with --fix (atomically, keeping the mode) and shows them with --fix-dry-run', () => {
    const dir = tmpDir();
    const file = path.join(dir, 'Dockerfile');
    const src = 'FROM debian:12\nMAINTAINER Jane <jane@example.com>\nRUN apt-get update && apt-get install curl\nCMD nginx -g daemon-off\n';
    fs.writeFileSync(file, src, { mode: 0o640 });
    const dry = runCli(['--fix-dry-run', '--format', 'json', file]);
    assert.match(dry.stdout, /^--- a\//);
    assert.match(dry.stdout, /\+LABEL org\.opencontainers\.image\.authors="Jane <jane@example.com>"/);
    assert.equal(fs.readFileSync(file, 'utf8'), src, 'dry run must not write');
    runCli(['--fix', file]);
    const fixed = fs.readFileSync(file, 'utf8');
    assert.match(fixed, /LABEL org\.opencontainers\.image\.authors="Jane <jane@example.com>"/);
    assert.match(fixed, /apt-get install -y --no-install-recommends curl|apt-get install --no-install-recommends -y curl/);
    assert.match(fixed, /rm -rf \/var\/lib\/apt\/lists\/\*/);
    assert.match(fixed, /CMD \["nginx", "-g", "daemon-off"\]/);
    assert.equal(fs.statSync(file).mode & 0o777, 0o640);
    assert.deepEqual(fs.readdirSync(dir), ['Dockerfile']);
    // A second run finds nothing more to fix.
    runCli(['--fix', file]);
    assert.equal(fs.readFileSync(file, 'utf8'), fixed);
  });

  it('lists rules with aliases as JSON', () => {
    const r = runCli(['rules', '--format', 'json']);
    assert.equal(r.code, 0);
    const list = (JSON.parse(r.stdout) as { rules: { id: string; aliases: string[]; docs: string }[] }).rules;
    const dl3006 = list.find((x) => x.aliases.includes('DL3006'));
    assert.ok(dl3006);
    assert.equal(dl3006.docs, `https://github.com/layerlint/layerlint/blob/main/docs/rules/${dl3006.id}.md`);
  });

  it('treats a binary file as a finding, not a crash', () => {
    const dir = tmpDir();
    const file = path.join(dir, 'Dockerfile');
    fs.writeFileSync(file, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 3]));
    const r = runCli(['--format', 'json', file]);
    assert.equal(r.code, 1);
    const f = (JSON.parse(r.stdout) as JsonReport).files[0].findings;
    assert.equal(f[0].rule, 'parse-error');
  });

  it('flushes large JSON completely through a pipe', () => {
    const big = 'FROM alpine\n' + 'RUN cd /tmp\n'.repeat(20000);
    const r = runCli(['--format', 'json', '-'], { input: big });
    const report = JSON.parse(r.stdout) as JsonReport;
    assert.equal(report.files[0].findings.filter((f) => f.rule === 'run-cd').length, 20000);
  });
});
