#!/usr/bin/env node
'use strict';
// Copy the shell grammar into the build output, so the published package carries it without a committed binary.
const fs = require('node:fs');
const path = require('node:path');
const root = path.resolve(__dirname, '..');
const dest = path.join(root, 'dist', 'data');
fs.mkdirSync(dest, { recursive: true });
fs.copyFileSync(require.resolve('tree-sitter-bash/tree-sitter-bash.wasm', { paths: [root] }), path.join(dest, 'tree-sitter-bash.wasm'));
