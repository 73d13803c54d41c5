import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SarifLog } from '../../src/format/sarif';
import { tempTree } from '../helpers/cli-inprocess';
import { repoRoot } from '../helpers/shared';
import { runCompositeAction, type ActionRun } from './runner';

const BAD = 'FROM ubuntu:22.04\nRUN apt-get update && apt-get install -y curl\nrun rm -rf /tmp/a\\|b\nCMD python app.py\n';
const CLEAN = 'FROM alpine:3.20\nUSER 10001\nCMD ["true"]\n';

/** Workflow commands on stdout, as the runner reads them (no unescaping needed for the fields checked here). */
function annotations(stdout: string): { command: string; props: Record<string, string> }[] {
  return stdout
    .split('\n')
    .filter((l) => /^::(error|warning|notice) /.test(l))
    .map((l) => {
      const [, command, props] = /^::(\w+) ([^:]*)::/.exec(l) ?? [];
      return { command, props: Object.fromEntries(props.split(',').map((p) => p.split('=') as [string, string])) };
    });
}

describe('GitHub Action (action.yml run step by step as the runner does)', function () {
  let workspace: string;
  let tmp: string;
  const run = (inputs: Record<string, string>): ActionRun => {
    const t0 = Date.now();
    const r = runCompositeAction(repoRoot, inputs, workspace, fs.mkdtempSync(path.join(tmp, 'run-')));
    console.log(`      (action run: ${Date.now() - t0} ms; steps ${r.steps.map((s) => `${s.name} ${s.ms} ms`).join(', ')})`);
    return r;
  };

  before(() => {
    workspace = tempTree({ 'docker/Dockerfile': BAD, 'docker/base/Dockerfile': CLEAN, 'README.md': '# x\n' });
    tmp = tempTree({});
  });

  it('defaults: annotations for every finding, outputs with the counts, a step summary table, and a failing step', () => {
    const r = run({});
    assert.equal(r.steps[0].code, 0, r.steps[0].stderr);
    assert.equal(r.code, 1, 'warnings reach the default threshold');
    const notes = annotations(r.stdout);
    assert.ok(notes.length >= 4, r.stdout);
    assert.ok(notes.every((a) => a.props.file === 'docker/Dockerfile'));
    assert.ok(notes.some((a) => a.command === 'warning' && a.props.title === 'json-args-recommended' && a.props.line === '4'));
    assert.equal(r.outputs.findings, String(notes.length));
    assert.equal(Number(r.outputs.errors) + Number(r.outputs.warnings) <= notes.length, true);
    assert.equal(r.outputs.warnings, String(notes.filter((a) => a.command === 'warning').length));
    assert.equal(r.outputs.files, '2');
    assert.equal(r.outputs['exit-code'], '1');
    assert.equal(r.outputs['sarif-file'], '');
    assert.match(r.summary, /^### layerlint\n\n❌ \d+ problems .* in 2 Dockerfiles\n/);
    assert.match(r.summary, /\| Severity \| File \| Line \| Rule \| Message \|/);
    const rows = r.summary.split('\n').filter((l) => l.startsWith('| ') && l.includes('docker/Dockerfile'));
    assert.equal(rows.length, notes.length);
    assert.ok(rows.some((l) => l.includes('(/tmp/a\\|b)')), 'a pipe in a message is escaped in its table cell');
    assert.ok(rows.every((l) => l.split(/(?<!\\)\|/).length === 7), 'every row has five cells');
  });

  it('in a sub-folder with SARIF and threshold never: repository-relative paths, the SARIF path output, a passing step', () => {
    const r = run({ 'working-directory': 'docker', paths: 'Dockerfile base', 'sarif-file': 'out/layerlint.sarif', 'failure-threshold': 'never' });
    assert.equal(r.code, 0, r.steps.map((s) => s.stderr).join());
    assert.ok(annotations(r.stdout).every((a) => a.props.file === 'docker/Dockerfile'), 'annotations name files from the repository root');
    const sarifPath = path.join(workspace, 'docker/out/layerlint.sarif');
    assert.equal(r.outputs['sarif-file'], sarifPath);
    const log = JSON.parse(fs.readFileSync(sarifPath, 'utf8')) as SarifLog;
    assert.deepEqual([...new Set(log.runs[0].results.map((x) => x.locations[0].physicalLocation.artifactLocation.uri))], ['docker/Dockerfile']);
    assert.equal(r.outputs['exit-code'], '0');
  });

  it('annotations and summary off, an extra format to a file', () => {
    const r = run({ annotations: 'false', summary: 'false', format: 'junit=reports/junit.xml, gnu' });
    assert.equal(r.code, 1);
    assert.deepEqual(annotations(r.stdout), []);
    assert.match(r.stdout, /^docker\/Dockerfile:\d+\.\d+/m, 'the gnu report went to the log');
    assert.equal(r.summary, '');
    assert.ok(fs.readFileSync(path.join(workspace, 'reports/junit.xml'), 'utf8').includes('<testsuites'));
  });

  it('a clean Dockerfile: exit 0, zero findings, a summary that says so', () => {
    const r = run({ paths: 'docker/base/Dockerfile' });
    assert.equal(r.code, 0);
    assert.equal(r.outputs.findings, '0');
    assert.match(r.summary, /✅ No problems in 1 Dockerfile/);
  });

  it('bad input: an error annotation and exit code 2', () => {
    const r = run({ annotations: 'maybe' });
    assert.equal(r.code, 2);
    assert.match(r.stdout, /^::error title=layerlint::invalid input: expected true or false, got "maybe"$/m);
  });

  it('action.yml passes every input to the entry point and every output comes from it', () => {
    const yml = fs.readFileSync(path.join(repoRoot, 'action.yml'), 'utf8');
    for (const name of ['paths', 'config', 'format', 'failure-threshold', 'sarif-file', 'annotations', 'summary', 'args']) {
      assert.ok(yml.includes(`INPUT_${name.toUpperCase()}: \${{ inputs.${name} }}`), `input ${name} reaches the entry point`);
    }
    for (const name of ['findings', 'errors', 'warnings', 'files', 'exit-code', 'sarif-file']) assert.ok(yml.includes(`value: \${{ steps.lint.outputs.${name} }}`));
  });
});
