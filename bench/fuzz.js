#!/usr/bin/env node
'use strict';
/**
 * The mutation fuzzer at bench scale: `node bench/fuzz.js [--count N] [--seed S] [--out DIR]` (default 100,000
 * inputs). Prints one summary line as JSON; failing inputs are written to --out (default bench/out/fuzz) for turning
 * into small fixtures. Needs a build (`npm run build`) and /work/shared's corpus beside the repo.
 */
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : def;
};
const count = Number(opt('count', '100000'));
const seed = Number(opt('seed', '20260701'));
const outDir = path.resolve(opt('out', path.join(root, 'bench', 'out', 'fuzz')));
const corpus = path.resolve(opt('corpus', path.join(root, '..', 'shared', 'corpus', 'dockerfiles')));

const { fuzz } = require(path.join(root, 'dist', 'test', 'fuzz', 'mutate.js'));
const { corpusSeeds } = require(path.join(root, 'dist', 'test', 'fuzz', 'seeds.js'));
const { prepareLinter } = require(path.join(root, 'dist', 'src', 'engine', 'lint.js'));

(async () => {
  if (!fs.existsSync(corpus)) {
    console.log(JSON.stringify({ skipped: `no corpus at ${corpus}` }));
    return;
  }
  await prepareLinter();
  const seeds = corpusSeeds(corpus);
  const started = Date.now();
  let last = started;
  const report = fuzz(seeds, seed, count, {
    boundMs: 10000,
    onInput: (i) => {
      if (Date.now() - last > 30000) {
        last = Date.now();
        process.stderr.write(`fuzz: ${i}/${count} after ${Math.round((last - started) / 1000)} s\n`);
      }
    },
  });
  if (report.failures.length > 0) {
    fs.mkdirSync(outDir, { recursive: true });
    for (const f of report.failures) fs.writeFileSync(path.join(outDir, `seed${seed}-${f.index}.Dockerfile`), f.input);
  }
  const summary = {
    inputs: report.inputs,
    seed,
    failures: report.failures.length,
    problems: [...new Set(report.failures.map((f) => f.problem.split('\n')[0].slice(0, 160)))].slice(0, 10),
    slowestMs: Math.round(report.slowestMs),
    slowestIndex: report.slowestIndex,
    slowestKinds: report.slowestKinds,
    meanMs: +(report.totalMs / Math.max(1, report.inputs)).toFixed(2),
    wallS: Math.round((Date.now() - started) / 1000),
  };
  console.log(JSON.stringify(summary));
  process.exitCode = report.failures.length > 0 ? 1 : 0;
})();
