import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { prepareLinter } from '../../src/engine/lint';
import type { CodeClimateIssue, GitlabIssue } from '../../src/format/codequality';
import { runCliInProcess as runCli, tempTree } from '../helpers/cli-inprocess';
import { SAMPLE } from './sample';

async function gitlab(dir: string, file = 'Dockerfile'): Promise<GitlabIssue[]> {
  const run = await runCli(['--format', 'gitlab', path.join(dir, file)], dir);
  assert.equal(run.code, 1, run.stderr);
  return JSON.parse(run.stdout) as GitlabIssue[];
}

describe('format: gitlab and codeclimate', () => {
  before(prepareLinter);

  it('gitlab: the Code Quality fields, with severities GitLab knows', async () => {
    const dir = tempTree({ Dockerfile: SAMPLE });
    const issues = await gitlab(dir);
    assert.ok(issues.length >= 8);
    for (const i of issues) {
      assert.deepEqual(Object.keys(i).sort(), ['check_name', 'description', 'fingerprint', 'location', 'severity']);
      assert.ok(['info', 'minor', 'major', 'critical', 'blocker'].includes(i.severity));
      assert.equal(i.location.path, 'Dockerfile');
      assert.ok(i.location.lines.begin >= 1 && i.location.lines.end >= i.location.lines.begin);
      assert.match(i.fingerprint, /^[0-9a-f]{64}$/);
    }
  });

  it('fingerprints: the same across runs, distinct per finding (even identical ones), unchanged when lines move', async () => {
    const dir = tempTree({ Dockerfile: SAMPLE });
    const first = await gitlab(dir);
    const second = await gitlab(dir);
    assert.deepEqual(second.map((i) => i.fingerprint), first.map((i) => i.fingerprint));
    assert.equal(new Set(first.map((i) => i.fingerprint)).size, first.length);
    const twins = first.filter((i) => i.check_name === 'run-only-deletes');
    assert.equal(twins.length, 2, 'the sample has two identical RUN rm lines');
    assert.notEqual(twins[0].fingerprint, twins[1].fingerprint);

    // Insert lines above everything but the directive: every finding moves down by 3 lines and keeps its fingerprint.
    const moved = SAMPLE.replace('\nfrom ', '\n# a comment\n\n# another\nfrom ');
    fs.writeFileSync(path.join(dir, 'Dockerfile'), moved);
    const after = await gitlab(dir);
    assert.deepEqual(after.map((i) => i.location.lines.begin), first.map((i) => i.location.lines.begin + 3));
    assert.deepEqual(after.map((i) => i.fingerprint), first.map((i) => i.fingerprint));
  });

  it('fingerprints depend on the path as reported and on what was flagged', async () => {
    const dir = tempTree({ Dockerfile: SAMPLE, 'other/Dockerfile': SAMPLE });
    const a = await gitlab(dir);
    const b = await gitlab(dir, 'other/Dockerfile');
    assert.equal(b[0].location.path, 'other/Dockerfile');
    assert.ok(a.every((i, k) => i.fingerprint !== b[k].fingerprint));
    fs.writeFileSync(path.join(dir, 'Dockerfile'), SAMPLE.replace('CMD python app.py', 'CMD python main.py'));
    const c = await gitlab(dir);
    const cmdBefore = a.find((i) => i.check_name === 'json-args-recommended');
    const cmdAfter = c.find((i) => i.check_name === 'json-args-recommended');
    assert.notEqual(cmdAfter?.fingerprint, cmdBefore?.fingerprint, 'a changed instruction is a different finding');
    assert.equal(c.filter((i) => i.check_name === 'run-only-deletes').map((i) => i.fingerprint).join(), a.filter((i) => i.check_name === 'run-only-deletes').map((i) => i.fingerprint).join());
  });

  it('codeclimate: full issues (type, categories, positions, body) with the same fingerprints as gitlab', async () => {
    const dir = tempTree({ Dockerfile: SAMPLE });
    const gl = await gitlab(dir);
    const run = await runCli(['--format', 'codeclimate', path.join(dir, 'Dockerfile')], dir);
    const cc = JSON.parse(run.stdout) as CodeClimateIssue[];
    assert.equal(cc.length, gl.length);
    cc.forEach((i, k) => {
      assert.equal(i.type, 'issue');
      assert.equal(i.fingerprint, gl[k].fingerprint);
      assert.ok(i.categories.length === 1 && ['Bug Risk', 'Clarity', 'Compatibility', 'Complexity', 'Duplication', 'Performance', 'Security', 'Style'].includes(i.categories[0]));
      assert.ok(i.content.body.includes('https://'));
      assert.equal(i.location.positions.begin.line, gl[k].location.lines.begin);
    });
    const apt = cc.find((i) => i.check_name === 'apt-lists-not-cleaned');
    assert.equal(apt?.categories[0], 'Performance');
  });
});
