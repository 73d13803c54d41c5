#!/usr/bin/env node
'use strict';
/**
 * Write the lazy-read Debian indexes (src/estimate/index-file.ts) into dist/data: one dist/data/debian-<suite>.idx per
 * data/debian-<suite>.json.br. A one-file lint then reads the few hundred package records it needs instead of
 * decompressing and decoding all 63,000. Runs after `tsc` (it uses the compiled encoder). Without these files
 * layerlint decodes the .json.br as before, only slower to start.
 */
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');

const root = path.resolve(__dirname, '..');
const { encodeIndexFile } = require(path.join(root, 'dist', 'src', 'estimate', 'index-file.js'));
const { availableSuites, builtIndexFile, decodeRaw } = require(path.join(root, 'dist', 'src', 'estimate', 'debian-index.js'));

for (const suite of availableSuites()) {
  const source = fs.readFileSync(path.join(root, 'data', `debian-${suite}.json.br`));
  const out = builtIndexFile(suite);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const bytes = encodeIndexFile(decodeRaw(zlib.brotliDecompressSync(source)), source, zlib.crc32);
  fs.writeFileSync(out, bytes);
  console.log(`gen-debian-index: ${path.relative(root, out)} (${Math.round(bytes.length / 1024)} KiB)`);
}
