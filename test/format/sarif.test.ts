import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import type { ValidateFunction } from 'ajv';
import { docsUrl } from '../../src/engine/api';
import { prepareLinter } from '../../src/engine/lint';
import type { SarifLog } from '../../src/format/sarif';
import { runCliInProcess as runCli, tempTree } from '../helpers/cli-inprocess';
import { requireShared } from '../helpers/shared';
import { SAMPLE } from './sample';

interface JsonReport {
  files: { path: string; findings: { rule: string; range: { start: { line: number; column: number }; end: { line: number; column: number } }; fix: { safe: boolean; edits: { range: unknown; text: string }[] } | null }[] }[];
}

describe('format: sarif', function () {
  let validate: ValidateFunction;
  let dir: string;
  let log: SarifLog;
  let json: JsonReport;

  before(async function () {
    const ref = requireShared(this, 'reference');
    const schema = JSON.parse(fs.readFileSync(path.join(ref, 'sarif-schema-2.1.0.json'), 'utf8')) as Record<string, unknown>;
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    validate = ajv.compile(schema);
    await prepareLinter();
    dir = tempTree({ 'svc a/Dockerfile': SAMPLE, 'ok/Dockerfile': 'FROM alpine:3.20\nCMD ["true"]\n' });
    const files = [path.join(dir, 'svc a/Dockerfile'), path.join(dir, 'ok/Dockerfile'), path.join(dir, 'missing/Dockerfile')];
    const run = await runCli(['--format', 'sarif=out.sarif', '--format', 'json=out.json', ...files], dir);
    assert.equal(run.code, 2, 'the missing file makes the run exit 2');
    assert.equal(run.stdout, '', 'every report went to its file');
    log = JSON.parse(fs.readFileSync(path.join(dir, 'out.sarif'), 'utf8')) as SarifLog;
    json = JSON.parse(fs.readFileSync(path.join(dir, 'out.json'), 'utf8')) as JsonReport;
  });

  it('is valid against the official SARIF 2.1.0 schema', () => {
    const ok = validate(log);
    assert.ok(ok, JSON.stringify(validate.errors, null, 2));
  });

  it('the schema check is live: broken logs are rejected with the reason', () => {
    const broken = JSON.parse(JSON.stringify(log)) as { runs: { tool: { driver: Record<string, unknown> }; results: Record<string, unknown>[] }[] };
    delete broken.runs[0].tool.driver.name;
    broken.runs[0].results[0].level = 'info';
    assert.equal(validate(broken), false);
    const messages = (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
    assert.ok(messages.some((m) => m.startsWith('/runs/0/tool/driver ') && m.includes("'name'")), messages.join('\n'));
    assert.ok(messages.some((m) => m.startsWith('/runs/0/results/0/level ')), messages.join('\n'));
  });

  it('describes every rule with help text and its absolute docs URL', () => {
    const rules = log.runs[0].tool.driver.rules;
    assert.ok(rules.length >= 20);
    for (const r of rules.filter((x) => !['parse-error', 'internal-error'].includes(x.id))) {
      assert.equal(r.helpUri, docsUrl(r.id));
      assert.match(r.helpUri, /^https:\/\//);
      assert.ok(r.help.text.includes(r.helpUri), `${r.id}: help text names the docs`);
      assert.ok(r.shortDescription.text.length > 10);
    }
  });

  it('has one result per finding, with the exact region, rule index and level', () => {
    const results = log.runs[0].results;
    const findings = json.files.flatMap((f) => f.findings.map((x) => ({ ...x, path: f.path })));
    assert.equal(results.length, findings.length);
    assert.ok(findings.length >= 8);
    const rules = log.runs[0].tool.driver.rules;
    results.forEach((r, i) => {
      const f = findings[i];
      assert.equal(r.ruleId, f.rule);
      assert.equal(rules[r.ruleIndex].id, f.rule);
      const region = r.locations[0].physicalLocation.region;
      assert.deepEqual(region, { startLine: f.range.start.line, startColumn: f.range.start.column, endLine: f.range.end.line, endColumn: f.range.end.column });
      assert.equal(r.locations[0].physicalLocation.artifactLocation.uri, 'svc%20a/Dockerfile');
      assert.equal(r.locations[0].physicalLocation.artifactLocation.uriBaseId, '%SRCROOT%');
    });
    assert.equal(log.runs[0].originalUriBaseIds['%SRCROOT%'].uri, 'file://' + dir.split('/').map(encodeURIComponent).join('/') + '/');
    assert.equal(log.runs[0].columnKind, 'utf16CodeUnits');
    const casing = results.filter((r) => r.ruleId === 'consistent-instruction-casing');
    assert.deepEqual(casing.map((r) => r.level), ['warning', 'warning']);
    assert.ok(results.some((r) => r.ruleId === 'consecutive-run' && r.level === 'note'), 'info findings are notes');
  });

  it('counts columns in UTF-16 code units after non-ASCII text', async () => {
    // é is one UTF-16 code unit, the emoji two: the line ends at column 15 (UTF-8 bytes would say 18, code points 14).
    const d = tempTree({ Dockerfile: 'FROM alpine:3.20\nWORKDIR \u00e9\u{1F600}dir\n' });
    const run = await runCli(['--format', 'sarif', path.join(d, 'Dockerfile')], d);
    const r = (JSON.parse(run.stdout) as SarifLog).runs[0].results.find((x) => x.ruleId === 'workdir-relative');
    assert.equal(r?.locations[0].physicalLocation.region?.endColumn, 15);
  });

  it('carries each fix as a SARIF fix whose replacements rebuild the fixed text', () => {
    const results = log.runs[0].results;
    const withFix = results.filter((r) => r.fixes);
    const findingsWithFix = json.files.flatMap((f) => f.findings).filter((f) => f.fix);
    assert.equal(withFix.length, findingsWithFix.length);
    assert.ok(withFix.length >= 4);
    withFix.forEach((r, i) => {
      const edits = findingsWithFix[i].fix?.edits ?? [];
      const change = r.fixes?.[0].artifactChanges[0];
      assert.equal(change?.artifactLocation.uri, 'svc%20a/Dockerfile');
      assert.deepEqual(change?.replacements.map((x) => x.insertedContent.text), edits.map((e) => e.text));
    });
    // Applying the FROM fix's replacement to the file gives the upper-cased keyword.
    const from = withFix.find((r) => r.locations[0].physicalLocation.region?.startLine === 2);
    const rep = from?.fixes?.[0].artifactChanges[0].replacements[0];
    assert.ok(rep);
    const line = SAMPLE.split('\n')[1];
    const fixed = line.slice(0, rep.deletedRegion.startColumn - 1) + rep.insertedContent.text + line.slice(rep.deletedRegion.endColumn - 1);
    assert.equal(fixed, 'FROM ubuntu:22.04');
  });

  it('reports an unreadable file as a tool notification and marks the run unsuccessful', () => {
    const inv = log.runs[0].invocations[0];
    assert.equal(inv.executionSuccessful, false);
    assert.equal(inv.toolExecutionNotifications.length, 1);
    assert.equal(inv.toolExecutionNotifications[0].locations[0].physicalLocation.artifactLocation.uri, 'missing/Dockerfile');
  });

  it('gives every result a distinct partial fingerprint', () => {
    const prints = log.runs[0].results.map((r) => r.partialFingerprints['layerlint/v1']);
    assert.equal(new Set(prints).size, prints.length);
  });
});
