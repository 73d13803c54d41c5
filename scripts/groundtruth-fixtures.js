#!/usr/bin/env node
'use strict';
/**
 * Copies the measured figures the calibration test uses from ../shared/groundtruth (results/vfs/*.json and
 * summary.json) into fixtures/groundtruth/measured.json. Only numbers, paths and history texts: no Dockerfile, no
 * context file. Run again after the ground truth is re-measured.
 */
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const gt = path.resolve(root, '..', 'shared', 'groundtruth');
const summary = JSON.parse(fs.readFileSync(path.join(gt, 'summary.json'), 'utf8'));
const builds = [];
for (const s of summary) {
  const full = JSON.parse(fs.readFileSync(path.join(gt, 'results', 'vfs', `${s.name}.json`), 'utf8'));
  builds.push({
    name: s.name,
    example: path.basename(s.context),
    buildArgs: s.buildArgs ?? {},
    base: s.base,
    addedContentBytes: s.addedContentBytes,
    wastedBytes: s.wastedBytes,
    layers: full.layers.map((l) => ({ createdBy: l.createdBy.slice(0, 80), contentBytes: l.contentBytes, emptyLayer: l.emptyLayer, fromBaseImage: l.fromBaseImage })),
    wastedPathsCount: full.wastedPathsCount,
    wastedPaths: full.wastedPaths.map((w) => ({ path: w.path, bytes: w.bytes, addedIn: w.addedIn, removedOrReplacedIn: w.removedOrReplacedIn, kind: w.kind })),
  });
}
const out = { source: 'layerlint ground truth (buildah 1.28, vfs), results/vfs/*.json and summary.json', builds };
fs.writeFileSync(path.join(root, 'fixtures', 'groundtruth', 'measured.json'), JSON.stringify(out, null, 1) + '\n');
console.log(`fixtures/groundtruth/measured.json: ${builds.length} builds`);
