import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { prepareLinter } from '../../src/engine/lint';
import type { GitlabIssue } from '../../src/format/codequality';
import { FORMAT_NAMES } from '../../src/format/index';
import { reportPath } from '../../src/format/paths';
import { runCliInProcess as runCli, tempTree } from '../helpers/cli-inprocess';
import { SAMPLE } from './sample';

/** VS Code's `$eslint-compact` problem matcher. */
const ESLINT_COMPACT = /^(.+):\sline\s(\d+),\scol\s(\d+),\s(Error|Warning|Info)\s-\s(.+)\s\((.+)\)$/;
/** GNU: file:line.col[-[line.]col]: severity: message */
const GNU = /^([^:]+):(\d+)\.(\d+)(?:-(?:(\d+)\.)?(\d+))?: (error|warning|note): (.+) \[([a-z0-9-]+)\]$/;

describe('CLI: formats and report paths', () => {
  before(prepareLinter);

  it('knows every documented format and rejects unknown ones', async () => {
    assert.deepEqual([...FORMAT_NAMES].sort(), ['checkstyle', 'codeclimate', 'compact', 'github', 'gitlab', 'gnu', 'json', 'junit', 'markdown', 'sarif', 'stylish']);
    const docs = fs.readFileSync(path.resolve(__dirname, '../../../docs/formats.md'), 'utf8');
    for (const f of FORMAT_NAMES) assert.ok(docs.includes(`## ${f}`), `docs/formats.md has a section for ${f}`);
    const dir = tempTree({ Dockerfile: SAMPLE });
    const run = await runCli(['--format', 'xml', path.join(dir, 'Dockerfile')], dir);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /unknown format "xml"/);
  });

  it('several formats in one run: those with =FILE go to their files, the rest to stdout', async () => {
    const dir = tempTree({ Dockerfile: SAMPLE });
    const run = await runCli(['--format', 'github', '--format', 'sarif=out/report.sarif', '--format', 'junit=junit.xml', '--format', 'compact', path.join(dir, 'Dockerfile')], dir);
    assert.equal(run.code, 1);
    assert.match(run.stdout, /^::(error|warning|notice) file=Dockerfile,/);
    assert.match(run.stdout, /\nDockerfile: line \d+, col \d+, (Warning|Info) - /);
    assert.ok(!run.stdout.includes('"version": "2.1.0"'));
    assert.equal((JSON.parse(fs.readFileSync(path.join(dir, 'out/report.sarif'), 'utf8')) as { version: string }).version, '2.1.0');
    assert.ok(fs.readFileSync(path.join(dir, 'junit.xml'), 'utf8').includes('<testsuites'));
  });

  it('gnu and compact: one line per finding, in the layouts editors parse', async () => {
    const dir = tempTree({ Dockerfile: SAMPLE });
    const gnu = await runCli(['--format', 'gnu', path.join(dir, 'Dockerfile')], dir);
    const gnuLines = gnu.stdout.trimEnd().split('\n');
    assert.ok(gnuLines.length >= 8);
    for (const l of gnuLines) assert.match(l, GNU);
    // `run` on line 5 spans columns 1-3 inclusive (exclusive end 4).
    assert.ok(gnuLines.some((l) => l.startsWith('Dockerfile:5.1-3: warning: ') && l.endsWith(' [consistent-instruction-casing]')), gnuLines.join('\n'));
    const compact = await runCli(['--format', 'compact', path.join(dir, 'Dockerfile')], dir);
    const lines = compact.stdout.trimEnd().split('\n');
    const findings = lines.slice(0, -2);
    assert.equal(findings.length, gnuLines.length);
    for (const l of findings) assert.match(l, ESLINT_COMPACT);
    assert.deepEqual(lines.slice(-2), ['', `${findings.length} problems`]);
  });

  it('paths are relative to the working folder; --path-in-report rewrites them (prefix, stdin name, prepend)', async () => {
    const dir = tempTree({ 'services/api/Dockerfile': SAMPLE });
    const file = path.join(dir, 'services/api/Dockerfile');
    const paths = async (args: string[], cwd = dir): Promise<string[]> => {
      const run = await runCli(['--format', 'gitlab', ...args, file], cwd);
      return [...new Set((JSON.parse(run.stdout) as GitlabIssue[]).map((i) => i.location.path))];
    };
    assert.deepEqual(await paths([]), ['services/api/Dockerfile']);
    assert.deepEqual(await paths([], path.join(dir, 'services')), ['api/Dockerfile']);
    assert.deepEqual(await paths(['--path-in-report', 'services/api=app']), ['app/Dockerfile']);
    assert.deepEqual(await paths(['--path-in-report', 'services/api/=']), ['Dockerfile']);
    assert.deepEqual(await paths(['--path-in-report', '=repo/'], path.join(dir, 'services')), ['repo/api/Dockerfile']);
    assert.deepEqual(await paths(['--path-in-report', 'nomatch=x', '--path-in-report', 'services=svc']), ['svc/api/Dockerfile']);
    assert.deepEqual(await paths(['--path-in-report', 'serv=x']), ['services/api/Dockerfile'], 'only whole path segments match');
    const bad = await runCli(['--path-in-report', 'noequals', file], dir);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--path-in-report must be FROM=TO/);
  });

  it('reportPath: outside the working folder stays absolute; stdin can be named', () => {
    assert.equal(reportPath('/elsewhere/Dockerfile', '/work/repo', []), '/elsewhere/Dockerfile');
    assert.equal(reportPath('./a/../b/Dockerfile', '/work/repo', []), 'b/Dockerfile');
    assert.equal(reportPath('-', '/work/repo', [{ from: '-', to: 'docker/Dockerfile' }]), 'docker/Dockerfile');
  });
});
