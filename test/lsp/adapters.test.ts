import * as assert from 'node:assert/strict';
import type { Finding } from '../../src/engine/api';
import { lintText, prepareLinter } from '../../src/engine/lint';
import { formatBytes, loadSimulator, readCosts } from '../../src/format/layer-costs';
import { loadSlowStages } from '../../src/lsp/slow';

describe('adapters to other tracks: layer simulation and ShellCheck', () => {
  before(prepareLinter);

  it('loadSimulator: absent module, missing export or a non-function mean "no simulation"', () => {
    assert.equal(loadSimulator(() => { throw Object.assign(new Error('Cannot find module'), { code: 'MODULE_NOT_FOUND' }); }), null);
    assert.equal(loadSimulator(() => ({})), null);
    assert.equal(loadSimulator(() => ({ simulate: 5 })), null);
    const model = lintText('FROM alpine:3.20\nRUN true\n').model;
    const sim = loadSimulator(() => ({ simulate: () => ({ layers: [{ instruction: { index: 1 }, sizeBytes: 2048 }], totalBytes: 8_000_000 }) }));
    assert.deepEqual(sim?.costs(model), { layers: [{ instruction: 1, bytes: 2048, wastedBytes: null }], imageBytes: 8_000_000 });
  });

  it('readCosts reads what it can and rejects the rest', () => {
    assert.equal(readCosts(null), null);
    assert.equal(readCosts({ layers: 'no' }), null);
    assert.deepEqual(readCosts({ layers: [{ instructionIndex: 3, bytes: 10, waste: 4 }, { bytes: 1 }, 7] }), { layers: [{ instruction: 3, bytes: 10, wastedBytes: 4 }], imageBytes: null });
  });

  it('formatBytes uses decimal units like docker', () => {
    assert.deepEqual([0, 999, 1000, 19_500_000, 25_000_000, 151_000_000, 1_234_000_000].map(formatBytes), ['0 B', '999 B', '1 kB', '19.5 MB', '25 MB', '151 MB', '1.2 GB']);
  });

  it('loadSlowStages wraps the engine\'s runShellcheck, passing the document\'s config', async () => {
    assert.deepEqual(loadSlowStages(() => { throw new Error('absent'); }), []);
    const seen: unknown[] = [];
    const found: Finding = { rule: 'SC2086', aliases: [], severity: 'info', message: 'quote', range: { start: { line: 2, column: 5 }, end: { line: 2, column: 9 } }, fix: null, suggestion: null };
    const stages = loadSlowStages(() => ({ runShellcheck: async (_m: unknown, opts: unknown) => { seen.push(opts); return { findings: [found], skipped: null }; } }));
    assert.equal(stages.length, 1);
    const model = lintText('FROM alpine:3.20\nRUN echo $X\n').model;
    const signal = new AbortController().signal;
    const out = await stages[0]({ text: model.text, model, options: { config: { shellcheck: true }, ignore: ['SC1000'] }, signal });
    assert.deepEqual(out, [found]);
    assert.deepEqual(seen, [{ config: { shellcheck: true }, ruleOverrides: undefined, ignore: ['SC1000'], signal, cache: undefined }]);
  });

  it('loadSlowStages hands the edit\'s abort signal and one result cache (when the engine has one) to every run', async () => {
    class ScriptResultCache {}
    const seen: { signal?: unknown; cache?: unknown }[] = [];
    const stages = loadSlowStages(() => ({ ScriptResultCache, runShellcheck: async (_m: unknown, opts: { signal?: unknown; cache?: unknown }) => { seen.push(opts); return { findings: [], skipped: null }; } }));
    const model = lintText('FROM alpine:3.20\nRUN echo $X\n').model;
    const a = new AbortController();
    await stages[0]({ text: model.text, model, options: {}, signal: a.signal });
    await stages[0]({ text: model.text, model, options: {}, signal: new AbortController().signal });
    assert.equal(seen[0].signal, a.signal);
    assert.ok(seen[0].cache instanceof ScriptResultCache);
    assert.equal(seen[1].cache, seen[0].cache, 'the same cache for every run of the server');
  });
});
