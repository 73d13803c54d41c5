#!/usr/bin/env node
'use strict';
/**
 * V8 code cache for the CLI bundle: dist/src/cli/layerlint.cjs.cache, which bin/layerlint.js hands to V8 when it loads
 * the bundle (Node 20 has no module.enableCompileCache). The cache is made after a warm-up lint, so it holds the
 * functions a lint runs, not only the top level: V8 then neither parses nor compiles them at start-up.
 *
 * V8 checks the cache against its version, the flags and the source, and compiles normally when any differs (another
 * Node, `layerlint lsp` without --liftoff-only, a rebuilt bundle). The warm-up runs under the flags bin/layerlint.js
 * sets for a lint, in a process of its own.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { Writable } = require('node:stream');
const { loadBundle } = require('../bin/load-bundle.js');

const root = path.resolve(__dirname, '..');
const bundle = path.join(root, 'dist', 'src', 'cli', 'layerlint.cjs');
const cacheFile = `${bundle}.cache`;

if (process.argv[2] !== '--child') {
  // The flags must be those of a lint run: bin/layerlint.js sets --liftoff-only before it loads the bundle.
  const r = require('node:child_process').spawnSync(process.execPath, [__filename, '--child'], { stdio: 'inherit' });
  if (r.status !== 0) {
    try { fs.unlinkSync(cacheFile); } catch { /* none */ }
    console.log('code-cache: not made (the bundle loads without one)');
  }
  process.exit(0);
}

try { require('node:v8').setFlagsFromString('--liftoff-only'); } catch { /* flag unknown */ }
try { fs.unlinkSync(cacheFile); } catch { /* none */ }
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerlint-code-cache-'));
const dockerfile = path.join(dir, 'Dockerfile');
fs.writeFileSync(dockerfile, [
  'FROM debian:12-slim AS build',
  'ARG VERSION=1.0',
  'ENV APP=/app',
  'WORKDIR /app',
  'RUN apt-get update && apt-get install -y --no-install-recommends curl ca-certificates && rm -rf /var/lib/apt/lists/*',
  'COPY . /app',
  'RUN pip install --no-cache-dir flask==3.0.0',
  'FROM debian:12-slim',
  'COPY --from=build /app /app',
  'USER 1000',
  'CMD ["curl", "--version"]',
  '',
].join('\n'));
const sink = new Writable({ write(_chunk, _enc, cb) { cb(); } });
const { exports: cli, script } = loadBundle(bundle, null);
cli.main([dockerfile], { stdout: sink, stderr: sink, env: {}, isTTY: false, cwd: dir }).then(() => {
  fs.rmSync(dir, { recursive: true, force: true });
  const data = script.createCachedData();
  fs.writeFileSync(cacheFile, data);
  console.log(`code-cache: ${path.relative(root, cacheFile)} (${Math.round(data.length / 1024)} KiB)`);
}, (err) => {
  fs.rmSync(dir, { recursive: true, force: true });
  console.error(err);
  process.exit(1);
});
