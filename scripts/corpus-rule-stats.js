#!/usr/bin/env node
'use strict';
/**
 * Lint every Dockerfile of the shared corpus and count findings per rule (run after a build).
 * Usage: node scripts/corpus-rule-stats.js [corpus dir] [--rules id,id] [--examples N] [--json out.json]
 * Prints, per rule: findings, files with a finding, share of files; flags rules that fire on more than a third of the
 * files; lists internal errors. Nothing is written into the repository.
 */
const fs = require('node:fs');
const path = require('node:path');
const { lintText, prepareLinter } = require('../dist/src/engine/lint.js');

const args = process.argv.slice(2);
const opt = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args.splice(i, 2)[1] : undefined;
};
const only = (opt('--rules') || '').split(',').filter(Boolean);
const examples = Number(opt('--examples') || 0);
const jsonOut = opt('--json');
const dir = args[0] || path.resolve(__dirname, '..', '..', 'shared', 'corpus', 'dockerfiles');

function collect(d, out) {
  for (const e of fs.readdirSync(d, { withFileTypes: true })) {
    const p = path.join(d, e.name);
    if (e.isDirectory()) collect(p, out);
    else out.push(p);
  }
  return out;
}

(async () => {
  await prepareLinter();
  const files = collect(dir, []).sort();
  const stats = new Map();
  const internal = [];
  const started = Date.now();
  for (const f of files) {
    const text = fs.readFileSync(f, 'utf8');
    const r = lintText(text, { filePath: f });
    const seen = new Set();
    for (const x of r.findings) {
      if (x.rule === 'internal-error') {
        internal.push(`${f}:${x.range.start.line}: ${x.message}`);
        continue;
      }
      if (only.length && !only.includes(x.rule)) continue;
      const s = stats.get(x.rule) ?? { findings: 0, files: 0, examples: [] };
      s.findings++;
      if (!seen.has(x.rule)) {
        s.files++;
        seen.add(x.rule);
      }
      if (s.examples.length < examples) s.examples.push(`${path.relative(dir, f)}:${x.range.start.line}: ${x.message}`);
      stats.set(x.rule, s);
    }
  }
  const rows = [...stats.entries()].sort((a, b) => b[1].files - a[1].files);
  console.log(`${files.length} files in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  for (const [rule, s] of rows) {
    const share = s.files / files.length;
    console.log(`${rule.padEnd(34)} ${String(s.findings).padStart(6)} findings ${String(s.files).padStart(5)} files ${(share * 100).toFixed(1).padStart(5)}%${share > 1 / 3 ? '  > 1/3 of files' : ''}`);
    for (const e of s.examples) console.log(`    ${e}`);
  }
  console.log(`internal errors: ${internal.length}`);
  for (const e of internal.slice(0, 20)) console.log(`  ${e}`);
  if (jsonOut) fs.writeFileSync(jsonOut, JSON.stringify({ files: files.length, rules: Object.fromEntries(rows), internal }, null, 2));
})();
