#!/usr/bin/env node
'use strict';
// Node's compile cache makes repeat start-ups cheaper where the runtime offers it.
try { require('node:module').enableCompileCache?.(); } catch { /* older Node: no cache */ }
require('../dist/src/cli/main.js').main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
