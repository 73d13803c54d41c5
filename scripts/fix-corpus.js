#!/usr/bin/env node
'use strict';
/**
 * Fix safety over the whole corpus (the test suite checks a fixed sample): for each file, the safe fixes must not
 * add parse or internal errors, must not raise the findings score and must converge. Needs a build (npm run build).
 * Usage: node scripts/fix-corpus.js [corpus folder]   (default ../shared/corpus)
 */
const fs = require('node:fs');
const path = require('node:path');
const root = path.resolve(__dirname, '..');
const { prepareLinter } = require(path.join(root, 'dist', 'src', 'engine', 'lint'));
const { checkFixes, corpusFiles } = require(path.join(root, 'dist', 'test', 'helpers', 'fix-corpus'));

(async () => {
  const corpus = path.resolve(process.argv[2] || path.join(root, '..', 'shared', 'corpus'));
  await prepareLinter();
  const files = corpusFiles(corpus);
  const t0 = Date.now();
  let bad = 0;
  for (const file of files) {
    const problems = checkFixes(fs.readFileSync(file, 'utf8'), file);
    if (problems.length === 0) continue;
    bad++;
    for (const p of problems) console.log(`${path.relative(corpus, file)}: ${p}`);
  }
  console.log(`${files.length} files, ${bad} with problems, ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  process.exitCode = bad > 0 ? 1 : 0;
})();
