#!/usr/bin/env node
'use strict';
/**
 * Runs the compiled mocha suites and ends with the plain line `N passed, N failed, N skipped` that CI reads
 * (mocha's own summary is not read). Usage: node scripts/run-tests.js [glob-ish folder filter...]
 */
const path = require('node:path');
const fs = require('node:fs');
const { Mocha } = require('mocha');

const root = path.resolve(__dirname, '..');
const testRoot = path.join(root, 'dist', 'test');
const filters = process.argv.slice(2);

function collect(dir, out) {
  if (!fs.existsSync(dir)) return;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) collect(p, out);
    else if (e.name.endsWith('.test.js')) out.push(p);
  }
}

const files = [];
collect(testRoot, files);
files.sort();
const selected = filters.length ? files.filter((f) => filters.some((x) => f.includes(x))) : files;
const mocha = new Mocha({ reporter: 'spec', timeout: 60000 });
for (const f of selected) mocha.addFile(f);

let passed = 0;
let failed = 0;
let skipped = 0;
mocha.loadFilesAsync().then(() => {
  const runner = mocha.run((failures) => {
    process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
    process.exitCode = failures > 0 || selected.length === 0 ? 1 : 0;
  });
  runner.on('pass', () => passed++);
  runner.on('fail', () => failed++);
  runner.on('pending', () => skipped++);
}, (err) => {
  console.error(err);
  process.stdout.write(`\n0 passed, 1 failed, 0 skipped\n`);
  process.exitCode = 1;
});
