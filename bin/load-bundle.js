'use strict';
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const Module = require('node:module');

/**
 * Load the CLI bundle (a CommonJS file) as `require` would, but through vm.Script so V8 can be given a code cache
 * (scripts/code-cache.js makes it at build time). A cache V8 rejects (other Node, other flags, other source) only
 * means a normal compile.
 */
function loadBundle(file, cachedData) {
  const script = new vm.Script(Module.wrap(fs.readFileSync(file, 'utf8')), { filename: file, cachedData: cachedData ?? undefined });
  const mod = { exports: {}, filename: file, id: file, loaded: false };
  script.runInThisContext().call(mod.exports, mod.exports, Module.createRequire(file), mod, file, path.dirname(file));
  mod.loaded = true;
  return { exports: mod.exports, script };
}

module.exports = { loadBundle };
