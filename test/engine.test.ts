import * as assert from 'node:assert/strict';
import { defineRule, type Rule } from '../src/engine/api';
import { exceedsThreshold, lintText, prepareLinter, resolveRules } from '../src/engine/lint';
import { getRegistry, RuleRegistry } from '../src/engine/registry';
import { applyEdits, fixUntilStable } from '../src/engine/apply-fix';
import { unifiedDiff } from '../src/format/diff';

const everyRun = defineRule({
  meta: { id: 'test-every-run', aliases: ['DL9999', 'TestCheck'], severity: 'warning', category: 'correctness', fixable: false, description: 'test', messages: { run: 'a RUN' } },
  create(context) {
    return {
      RUN(ins) {
        context.report({ messageId: 'run', range: ins.range });
      },
    };
  },
});

const throwing = defineRule({
  meta: { id: 'test-throws', aliases: [], severity: 'info', category: 'correctness', fixable: false, description: 'test', messages: {} },
  create() {
    return {
      FROM() {
        throw new Error('boom');
      },
    };
  },
});

function lintWith(rules: Rule[], text: string): ReturnType<typeof lintText> {
  return lintText(text, { registry: new RuleRegistry(rules) });
}

describe('engine', () => {
  before(async () => {
    await prepareLinter();
  });

  it('reports an exception inside a rule as internal-error, and keeps linting', () => {
    const r = lintWith([throwing, everyRun], 'FROM a:1\nRUN x\n');
    assert.equal(r.internalErrors, 1);
    assert.deepEqual(r.findings.map((f) => f.rule).sort(), ['internal-error', 'test-every-run']);
    assert.match(r.findings.find((f) => f.rule === 'internal-error')!.message, /test-throws: boom/);
  });

  it('suppresses by id or alias: next instruction, file, stage, BuildKit skip', () => {
    const src = [
      'FROM a:1 AS one',
      '# layerlint ignore=test-every-run',
      'RUN one',
      '# hadolint ignore=DL9999',
      'RUN two',
      '# check=skip=TestCheck',
      'RUN three',
      'RUN four',
      'FROM b:1',
      '# hadolint stage ignore=DL9999',
      'RUN five',
      'RUN six',
      '',
    ].join('\n');
    const r = lintWith([everyRun], src);
    assert.deepEqual(r.findings.map((f) => f.range.start.line), [8]);
    const fileWide = lintWith([everyRun], '# layerlint ignore-file=dl9999\nFROM a:1\nRUN x\n');
    assert.deepEqual(fileWide.findings, []);
    const bk = lintWith([everyRun], '# check=skip=all\nFROM a:1\nRUN x\n');
    assert.deepEqual(bk.findings, [], 'BuildKit skip=all covers rules with a BuildKit alias');
  });

  it('ignores inline pragmas when configured to', () => {
    const r = lintText('FROM a:1\n# hadolint ignore=DL3003\nRUN cd /x\n', { config: { disableInlinePragmas: true } });
    assert.ok(r.findings.some((f) => f.rule === 'run-cd'));
  });

  it('reports parse problems as parse-error (DL1000), suppressible and configurable', () => {
    const r = lintText('FROM a:1\nFOO bar\n');
    assert.deepEqual(r.findings.map((f) => [f.rule, f.aliases[0], f.range.start.line]), [['parse-error', 'DL1000', 2]]);
    assert.deepEqual(lintText('FROM a:1\nFOO bar\n', { config: { rules: { DL1000: 'off' } } }).findings, []);
  });

  it('resolves rule settings from defaults, config, CLI overrides and ignores, by any name', () => {
    const reg = getRegistry();
    const sev = (config: Parameters<typeof resolveRules>[1], overrides = {}, ignore: string[] = []): string | undefined =>
      resolveRules(reg, config, overrides, ignore).find((a) => a.rule.meta.id === 'image-untagged')?.severity;
    assert.equal(sev({}), 'warning');
    assert.equal(sev({ rules: { DL3006: 'error' } }), 'error');
    assert.equal(sev({ rules: { DL3006: ['info', {}] } }), 'info');
    assert.equal(sev({ rules: { DL3006: 'error' } }, { 'image-untagged': 'style' }), 'style');
    assert.equal(sev({ ignore: ['dl3006'] }), undefined);
    assert.equal(sev({}, {}, ['IMAGE-UNTAGGED']), undefined);
  });

  it('applies the failure threshold', () => {
    const f = lintText('FROM alpine\n').findings;
    assert.equal(exceedsThreshold(f, 'warning'), true);
    assert.equal(exceedsThreshold(f, 'error'), false);
    assert.equal(exceedsThreshold(f, 'never'), false);
  });

  it('applies edits without overlaps, and fixes until stable without making a file worse', () => {
    const edited = applyEdits('abcdef', [
      { range: { start: { line: 1, column: 2 }, end: { line: 1, column: 3 } }, text: 'X' },
      { range: { start: { line: 1, column: 2 }, end: { line: 1, column: 4 } }, text: 'Y' },
      { range: { start: { line: 1, column: 6 }, end: { line: 1, column: 6 } }, text: '!' },
    ]);
    assert.deepEqual(edited, { text: 'aXcde!f', applied: 2 });
    const src = 'FROM debian:12\nRUN apt-get update && apt-get install curl\n';
    const lint = (t: string): ReturnType<typeof lintText>['findings'] => lintText(t).findings;
    const out = fixUntilStable(src, lint);
    assert.ok(out.fixesApplied >= 3);
    assert.ok(lint(out.text).every((f) => !f.fix?.safe), 'nothing safe left to fix');
    assert.equal(fixUntilStable(out.text, lint).text, out.text);
  });

  it('writes unified diffs', () => {
    const d = unifiedDiff('a\nb\nc\n', 'a\nB\nc\n', 'a/x', 'b/x');
    assert.equal(d, '--- a/x\n+++ b/x\n@@ -1,4 +1,4 @@\n a\n-b\n+B\n c\n \n');
  });
});
