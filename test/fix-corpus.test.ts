import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { defineRule } from '../src/engine/api';
import { replaceSpan, safeFix } from '../src/engine/fix';
import { prepareLinter } from '../src/engine/lint';
import { RuleRegistry } from '../src/engine/registry';
import { checkFixes, corpusFiles, deterministicSample } from './helpers/fix-corpus';
import { requireShared } from './helpers/shared';

/**
 * Fix safety on real Dockerfiles. `npm test` checks a fixed sample of 1200 corpus files (about 15 s of CPU; the whole corpus takes about 35 s of CPU, over a minute of wall time on a shared machine); set
 * LAYERLINT_FIX_CORPUS=all, or run `node scripts/fix-corpus.js`, for all of them.
 */
const SAMPLE = 1200;

describe('safe fixes on the corpus', function () {
  this.timeout(600_000);

  it('the check itself catches a fix that breaks the file', async () => {
    await prepareLinter();
    const breaker = defineRule({
      meta: { id: 'test-breaker', aliases: [], severity: 'warning', category: 'style', fixable: true, description: 'test', messages: { m: 'm' } },
      create(context) {
        return {
          FROM(ins) {
            // Deletes the image name: the file no longer parses.
            context.report({ messageId: 'm', range: ins.range, fix: safeFix(replaceSpan(context.model, ins.args[0].span, '')) });
          },
        };
      },
    });
    const problems = checkFixes('FROM alpine:3.20\nRUN true\n', 'Dockerfile', { registry: new RuleRegistry([breaker]) });
    assert.ok(problems.some((p) => p.includes('new parse error')), problems.join('\n'));
  });

  it('never break a file, never make it worse, and converge', async function () {
    const corpus = requireShared(this, 'corpus');
    await prepareLinter();
    const all = corpusFiles(corpus);
    const files = process.env.LAYERLINT_FIX_CORPUS === 'all' ? all : deterministicSample(all, SAMPLE);
    assert.ok(files.length >= Math.min(SAMPLE, all.length), `expected at least ${SAMPLE} corpus files, found ${files.length}`);
    const failures: string[] = [];
    for (const file of files) {
      const problems = checkFixes(fs.readFileSync(file, 'utf8'), file);
      for (const p of problems) failures.push(`${path.relative(corpus, file)}: ${p}`);
    }
    assert.deepEqual(failures.slice(0, 30), [], `${failures.length} problem(s)`);
  });
});
