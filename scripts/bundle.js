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
 *
 * V8 reads the whole bundle at start-up, so what a lint never runs stays out of it (bench/README.md has the numbers):
 * the language server's libraries and ajv (only without the precompiled config validator) load from node_modules
 * when used, and yaml (only with a config file) is a bundle of its own beside this one.
 */
const path = require('node:path');
const fs = require('node:fs');

const root = path.resolve(__dirname, '..');
const entry = path.join(root, 'dist', 'src', 'cli', 'main.js');
const outdir = path.join(root, 'dist', 'src', 'cli');
const outfile = path.join(outdir, 'layerlint.cjs');
const workerEntry = path.join(outdir, 'lint-worker.js');
const workerOut = path.join(outdir, 'lint-worker.cjs');
const yamlOutfile = path.join(outdir, 'layerlint-yaml.cjs');
const outputs = [outfile, workerOut, yamlOutfile];

let esbuild;
try {
  esbuild = require('esbuild');
} catch {
  // No bundler (e.g. a production-only install): the CLI runs from the compiled modules, only a little slower to start.
  for (const f of outputs) {
    try { fs.unlinkSync(f); } catch { /* none */ }
  }
  console.log('bundle: esbuild not installed; the CLI runs unbundled');
  process.exit(0);
}

const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning', legalComments: 'none' };
/** `yaml` is resolved to the sibling bundle, at run time, relative to layerlint.cjs. */
const yamlBeside = {
  name: 'yaml-beside',
  setup(build) {
    build.onResolve({ filter: /^yaml$/ }, () => ({ path: './layerlint-yaml.cjs', external: true }));
  },
};

Promise.all([
  esbuild.build({
    ...common,
    entryPoints: { layerlint: entry, 'lint-worker': workerEntry },
    outdir,
    outExtension: { '.js': '.cjs' },
    external: ['web-tree-sitter', 'tree-sitter-bash', 'tree-sitter-bash/*', 'vscode-languageserver', 'vscode-languageserver/*', 'ajv'],
    plugins: [yamlBeside],
  }),
  esbuild.build({ ...common, entryPoints: [require.resolve('yaml', { paths: [root] })], outfile: yamlOutfile }),
])
  .then(() => console.log(`bundle: ${outputs.map((f) => `${path.relative(root, f)} (${Math.round(fs.statSync(f).size / 1024)} KiB)`).join(', ')}`))
  .catch(() => {
    // The bundle only makes start-up faster: a module it cannot resolve must not fail the build. Without a
    // bundle, bin/layerlint.js runs the compiled modules.
    for (const f of outputs) {
      try { fs.unlinkSync(f); } catch { /* none */ }
    }
    console.log('bundle: esbuild failed (messages above); the CLI runs unbundled');
  });
