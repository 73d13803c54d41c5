#!/usr/bin/env node
'use strict';
/**
 * npm's `prepare` hook: the build, unless dist/ was already built from exactly these sources. `npm pack` right after
 * `npm install` (how pre-commit and git dependencies install the package) would otherwise build twice. The stamp is a
 * hash of every build input, written after a successful build.
 */
const { spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const stampFile = path.join(root, 'dist', '.build-stamp');
const INPUTS = ['package.json', 'package-lock.json', 'tsconfig.json', 'src', 'rules', 'scripts', 'test', 'docs/rules', 'schema'];

function files(rel, out) {
  const abs = path.join(root, rel);
  let st;
  try {
    st = fs.statSync(abs);
  } catch {
    return;
  }
  if (st.isFile()) out.push(rel);
  else if (st.isDirectory()) for (const e of fs.readdirSync(abs).sort()) files(path.join(rel, e), out);
}

function inputsHash() {
  const list = [];
  for (const i of INPUTS) files(i, list);
  const h = crypto.createHash('sha256');
  for (const f of list) h.update(f).update('\0').update(fs.readFileSync(path.join(root, f))).update('\0');
  return h.digest('hex');
}

if (fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === inputsHash()) process.exit(0);
const r = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
if (r.status !== 0) process.exit(r.status ?? 1);
fs.writeFileSync(stampFile, inputsHash());
