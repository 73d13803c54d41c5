#!/usr/bin/env node
'use strict';
/**
 * Bundle the CLI into one file, dist/src/cli/layerlint.cjs, which bin/layerlint.js prefers: one file to read and
 * compile instead of ~150 module look-ups cuts start-up time (see bench/README.md for the numbers).
 * The bundle sits beside dist/src/cli/main.js on purpose: every `__dirname`-relative path in src/<folder>/ (the
 * schema, the shell grammar in dist/data, package.json, docs) resolves the same from there.
 * web-tree-sitter stays external: it finds its own .wasm next to its own file.
 * The lint thread (src/cli/lint-worker.ts, started for runs over many files) is bundled beside it as
 * lint-worker.cjs; the bundled CLI starts that one.
 */
const path = require('node:path');
const fs = require('node:fs');

const root = path.resolve(__dirname, '..');
const entry = path.join(root, 'dist', 'src', 'cli', 'main.js');
const outdir = path.join(root, 'dist', 'src', 'cli');
const outfile = path.join(outdir, 'layerlint.cjs');
const workerEntry = path.join(outdir, 'lint-worker.js');
const workerOut = path.join(outdir, 'lint-worker.cjs');

let esbuild;
try {
  esbuild = require('esbuild');
} catch {
  // No bundler (e.g. a production-only install): the CLI runs from the compiled modules, only a little slower to start.
  for (const f of [outfile, workerOut]) try { fs.unlinkSync(f); } catch { /* none */ }
  console.log('bundle: esbuild not installed; the CLI runs unbundled');
  process.exit(0);
}

esbuild
  .build({
    entryPoints: { layerlint: entry, 'lint-worker': workerEntry },
    outdir,
    outExtension: { '.js': '.cjs' },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['web-tree-sitter', 'tree-sitter-bash', 'tree-sitter-bash/*'],
    logLevel: 'warning',
    legalComments: 'none',
  })
  .then(() => console.log(`bundle: ${[outfile, workerOut].map((f) => `${path.relative(root, f)} (${Math.round(fs.statSync(f).size / 1024)} KiB)`).join(', ')}`))
  .catch(() => {
    // The bundle only makes start-up faster: a module it cannot resolve must not fail the build. Without a
    // bundle, bin/layerlint.js runs the compiled modules.
    for (const f of [outfile, workerOut]) try { fs.unlinkSync(f); } catch { /* none */ }
    console.log('bundle: esbuild failed (messages above); the CLI runs unbundled');
  });
