#!/usr/bin/env node
'use strict';
// The shell grammar is a 1.3 MB WebAssembly module. V8's optimising tier compiles its hottest functions (the lexer) in
// the background for seconds, and the process waits for that work before it can exit: a one-file run took 2-3 s.
// The baseline compiler alone is fast to start and, measured over the whole corpus, no slower overall.
if (process.argv[2] !== 'lsp') {
  try { require('node:v8').setFlagsFromString('--liftoff-only'); } catch { /* flag unknown: keep the default */ }
}
// Node's compile cache makes repeat start-ups cheaper where the runtime offers it.
try { require('node:module').enableCompileCache?.(); } catch { /* older Node: no cache */ }
const path = require('node:path');
const fs = require('node:fs');
const cli = path.join(__dirname, '..', 'dist', 'src', 'cli');
// The one-file bundle (scripts/bundle.js) starts faster; it is used unless the compiled modules are newer (a `tsc`
// run after the last full build), so a stale bundle never runs.
let entry = path.join(cli, 'main.js');
try {
  if (fs.statSync(path.join(cli, 'layerlint.cjs')).mtimeMs >= fs.statSync(entry).mtimeMs) entry = path.join(cli, 'layerlint.cjs');
} catch { /* no bundle */ }
/**
 * The bundle with its V8 code cache (scripts/code-cache.js), when the cache is not older than the bundle. Not for the
 * language server: it runs without --liftoff-only, and V8 rejects a cache made under other flags.
 */
function load(file) {
  let cache = null;
  try {
    if (process.argv[2] !== 'lsp' && fs.statSync(`${file}.cache`).mtimeMs >= fs.statSync(file).mtimeMs) cache = fs.readFileSync(`${file}.cache`);
  } catch { /* no cache */ }
  return cache ? require('./load-bundle.js').loadBundle(file, cache).exports : require(file);
}
(entry.endsWith('.cjs') ? load(entry) : require(entry)).main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
