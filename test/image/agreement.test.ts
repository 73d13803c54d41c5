/**
 * layerlint's image analysis against the shared ground-truth analyser, figure by figure: per-layer content
 * bytes and counts, hidden-copy waste and every wasted path, dive's waste, efficiency and user percent.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzeImage } from '../../src/image';
import type { EntrySpec, HistorySpec, ImageOptions } from './helpers/tarbuild';
import { buildImage, dir, file, hardlink, opaque, symlink, whiteout, writeOciLayout } from './helpers/tarbuild';
import { agreement, assertAgrees, requireGroundTruth, runGroundTruth } from './helpers/groundtruth';

const L = (layer: EntrySpec[], extra: { gzip?: boolean; createdBy?: string; longNames?: 'auto' | 'pax' | 'gnu' } = {}): HistorySpec => ({ layer, ...extra });
const E = (createdBy: string): HistorySpec => ({ empty: createdBy });

interface Scenario {
  name: string;
  items: HistorySpec[];
  opts?: ImageOptions;
  /** Figures known independently (from the ground truth's README/selftest), checked as well. */
  expect?: { wasted?: number; dive?: number; efficiency?: number };
}

const longDir = 'p/' + 'q'.repeat(120);
const longFile = 'r'.repeat(150);
const deep = Array.from({ length: 40 }, (_, i) => `level${i}`).join('/');

const scenarios: Scenario[] = [
  { name: 'regular files, dirs, symlinks, hardlinks', items: [L([dir('bin'), file('bin/busybox', 1000), hardlink('bin/ls', 'bin/busybox'), hardlink('bin/cat', 'bin/busybox'), symlink('bin/sh', 'busybox'), dir('etc'), file('etc/passwd', 37)])] },
  { name: 'file deleted by whiteout', items: [L([dir('a'), file('a/f', 100)]), L([dir('a'), whiteout('a/f')])], expect: { wasted: 100, dive: 100 } },
  { name: 'directory deleted (dive ignores it)', items: [L([dir('d'), file('d/f', 100), file('d/g', 20)]), L([whiteout('d')])], expect: { wasted: 120, dive: 0 } },
  { name: 'file replaced: dive counts both copies', items: [L([file('f', 100)]), L([file('f', 50)])], expect: { wasted: 100, dive: 150 } },
  { name: 'opaque directory (dive ignores the marker)', items: [L([dir('d'), file('d/f', 100), dir('d/sub'), file('d/sub/x', 7)]), L([dir('d'), opaque('d'), file('d/g', 10)])], expect: { wasted: 107, dive: 0 } },
  { name: 'empty-dir leaf later deleted: dive counts the subtree', items: [L([dir('d')]), L([dir('d'), file('d/f', 300)]), L([whiteout('d')])], expect: { wasted: 300, dive: 300 } },
  { name: 'three copies', items: [L([file('f', 10)]), L([file('f', 20)]), L([file('f', 30)])], expect: { wasted: 30, dive: 60 } },
  { name: 'file replaced by a directory', items: [L([file('x', 70)]), L([dir('x'), file('x/y', 5)])], expect: { wasted: 70, dive: 0 } },
  { name: 'directory replaced by a file', items: [L([dir('x'), file('x/y', 5), file('x/z', 6)]), L([file('x', 7)])], expect: { wasted: 11, dive: 0 } },
  { name: 'empty history entries and gzip blobs', items: [L([file('f', 10)], { gzip: true }), E('ENV X=1'), L([file('f', 10)], { gzip: true }), E('CMD ["x"]')], expect: { wasted: 10, dive: 20 } },
  { name: 'mixed gzip and plain layers', items: [E('ARG V'), L([dir('usr'), file('usr/a', 5000)], { gzip: true }), L([file('usr/a', 5000), file('usr/b', 12)]), E('LABEL a=b'), L([whiteout('usr/b')], { gzip: true })] },
  { name: 'long names: ustar prefix and pax path', items: [L([file(longDir + '/f', 9), file(longFile, 4)]), L([whiteout(longDir + '/f'), whiteout(longFile)])], expect: { wasted: 13, dive: 13 } },
  { name: 'long names: pax everywhere (path and linkpath)', items: [L([dir(longDir), file(longDir + '/' + longFile, 64), symlink(longDir + '/link', '/' + longDir + '/' + longFile)], { longNames: 'pax' }), L([file(longDir + '/' + longFile, 65)], { longNames: 'pax' })] },
  { name: 'long names: GNU ././@LongLink (L and K)', items: [L([dir(longDir), file(longDir + '/' + longFile, 64), hardlink(longDir + '/hl', longDir + '/' + longFile)], { longNames: 'gnu' }), L([whiteout(longDir + '/' + longFile)], { longNames: 'gnu' })] },
  { name: 'hardlink entries weigh 0', items: [L([dir('bin'), file('bin/a', 1000), hardlink('bin/b', 'bin/a')]), L([dir('bin'), whiteout('bin/b')])], expect: { wasted: 0, dive: 0 } },
  { name: 'hardlink with a non-zero size field (counted as the header says, no data)', items: [L([dir('bin'), file('bin/a', 1000), hardlink('bin/b', 'bin/a', 1000)]), L([file('bin/b', 3)])] },
  { name: "dive's own TestEfficiency", items: [L([file('etc/nginx/nginx.conf', 2000), file('etc/nginx/public', 3000)]), L([file('etc/nginx/nginx.conf', 5000), file('etc/athing', 10000)]), L([whiteout('etc/nginx')])], expect: { dive: 7000, efficiency: 0.75 } },
  { name: 'chmod copy-up (same size, new mode)', items: [L([dir('app'), file('app/run.sh', 3 * 1024 * 1024, 0o644)]), L([dir('app'), file('app/run.sh', 3 * 1024 * 1024, 0o755)])], expect: { wasted: 3 * 1024 * 1024, dive: 6 * 1024 * 1024 } },
  { name: 'chown -R copy-up of a directory of files', items: [L([dir('srv'), dir('srv/assets'), ...Array.from({ length: 20 }, (_, i) => file(`srv/assets/f${i}.bin`, 1000 + i))]), L([dir('srv/assets'), ...Array.from({ length: 20 }, (_, i) => file(`srv/assets/f${i}.bin`, 1000 + i))])] },
  { name: 'mv between layers: whiteout plus a new copy', items: [L([dir('data'), file('data/big', 4096)]), L([dir('data'), whiteout('data/big'), file('data/moved', 4096)])], expect: { wasted: 4096, dive: 4096 } },
  { name: 'whiteout and re-add of the same path in one layer', items: [L([dir('etc'), file('etc/conf', 50)]), L([dir('etc'), whiteout('etc/conf'), file('etc/conf', 60)])] },
  { name: 'whiteout of a path that never existed (dive aborts that layer walk)', items: [L([dir('a'), file('a/x', 10)]), L([dir('a'), file('a/x', 11), whiteout('a/ghost'), file('a/zzz', 5)]), L([file('a/zzz', 6)])] },
  { name: 'whiteout in the first layer', items: [L([dir('a'), whiteout('a/none'), file('a/b', 3)]), L([file('a/b', 4)])] },
  { name: 'rm -rf dir/* (one whiteout per child)', items: [L([dir('c'), file('c/1', 100), file('c/2', 200), dir('c/sub'), file('c/sub/3', 300)]), L([dir('c'), whiteout('c/1'), whiteout('c/2'), whiteout('c/sub')])] },
  { name: 'nested deletes: file, then its parent directory', items: [L([dir('v'), dir('v/w'), file('v/w/a', 10), file('v/w/b', 20)]), L([dir('v/w'), whiteout('v/w/a')]), L([whiteout('v')])] },
  { name: 'opaque dir over a dir re-created in the same layer, then deleted', items: [L([dir('o'), file('o/a', 1), file('o/b', 2)]), L([dir('o'), opaque('o'), file('o/b', 3)]), L([whiteout('o')])] },
  { name: 'names with ./ prefix, a root entry and trailing slashes', items: [L([{ kind: 'raw', name: './', type: '5', size: 0 }, { kind: 'raw', name: './etc/', type: '5', size: 0 }, file('./etc/hosts', 20), file('etc/hostname', 9)]), L([file('./etc/hosts', 21), whiteout('./etc/hostname')])] },
  { name: 'same path twice in one layer', items: [L([file('dup', 10), file('dup', 20)]), L([file('dup', 30)])] },
  { name: 'intermediate directories without their own entries', items: [L([file('x/y/z/f', 100)]), L([file('x/y/z/f', 100)]), L([whiteout('x/y')])] },
  { name: 'deep paths', items: [L([file(deep + '/f', 77), dir(deep)]), L([whiteout(deep + '/f')], { longNames: 'pax' })] },
  { name: 'symlink replaced by a file, file by a symlink', items: [L([symlink('lib', 'usr/lib'), file('cfg', 40)]), L([file('lib', 8), symlink('cfg', '/etc/cfg')])] },
  { name: 'devices, fifos and other types', items: [L([{ kind: 'raw', name: 'dev/null', type: '3', size: 0 }, { kind: 'raw', name: 'dev/fifo', type: '6', size: 0 }, { kind: 'raw', name: 'contig', type: '7', size: 5, data: Buffer.from('hello') }]), L([whiteout('dev/null'), { kind: 'raw', name: 'contig', type: '7', size: 2, data: Buffer.from('hi') }])] },
  { name: 'unicode names', items: [L([dir('données'), file('données/é.txt', 12), file('日本/ファイル', 7)]), L([whiteout('données/é.txt'), file('日本/ファイル', 8)])] },
  { name: 'no history: one row per layer', items: [L([file('a', 1)]), L([file('a', 2)])], opts: { history: 'omit' } },
  { name: 'history that does not match the layers', items: [E('ENV A=1'), L([file('a', 1)]), L([file('a', 2)])], opts: { history: 'mismatch' } },
  { name: 'single layer (no user bytes: wastedUserPercent is null)', items: [L([file('only', 5)])] },
  { name: 'only empty history entries and no layers', items: [E('ENV A=1'), E('CMD x')] },
  { name: 'empty layer tars (RUN true)', items: [L([file('base', 3)]), L([]), L([])] },
];

/**
 * A small, seeded random image. Few names, so paths collide across layers; most deletes and re-adds pick a
 * path used before, so they hit something (a few miss on purpose, which makes dive abort a layer walk).
 */
function randomImage(seed: number): HistorySpec[] {
  let s = seed >>> 0 || 1;
  const rnd = (n: number): number => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return (s >>> 8) % n;
  };
  const names = ['a', 'b', 'c', 'd', 'a', 'b', '.wh.c'];
  const used: string[] = [];
  const freshPath = (): string => Array.from({ length: 1 + rnd(3) }, () => names[rnd(names.length)]).join('/');
  const somePath = (): string => {
    const p = used.length > 0 && rnd(10) < 7 ? (used[rnd(used.length)] as string) : freshPath();
    used.push(p);
    return p;
  };
  const parentOf = (p: string): string => (p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : p);
  const items: HistorySpec[] = [];
  const layers = 1 + rnd(6);
  for (let l = 0; l < layers; l++) {
    if (rnd(5) === 0) items.push(E(`ENV R${l}=1`));
    const entries: EntrySpec[] = [];
    const n = rnd(4 + 3 * l);
    for (let i = 0; i < n; i++) {
      const p = somePath();
      const op = rnd(12);
      if (op === 0 || op === 1) entries.push(dir(p));
      else if (op === 2 || op === 3) entries.push(whiteout(p));
      else if (op === 4) entries.push(opaque(l === 0 ? p : parentOf(p)));
      else if (op === 5) entries.push(symlink(p, 'a'));
      else if (op === 6) entries.push(hardlink(p, 'a'));
      else entries.push(file(p, rnd(4) === 0 ? 0 : 1 + rnd(5000)));
    }
    items.push(L(entries, { gzip: rnd(2) === 0 }));
  }
  return items;
}

const RANDOM_IMAGES = 150;

describe('image analysis agrees with the ground-truth analyser', function () {
  this.timeout(120_000);
  let analyzeJs = '';
  let tmp = '';

  before(function () {
    analyzeJs = requireGroundTruth(this);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'layerlint-agree-'));
  });
  after(function () {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    if (agreement.images) console.log(`      agreement: ${agreement.images} images, ${agreement.layers} history rows, ${agreement.wastedPaths} wasted paths, ${agreement.figures} figures equal`);
  });

  async function check(name: string, items: HistorySpec[], opts?: ImageOptions): Promise<{ wasted: number; dive: number; efficiency: number }> {
    const layout = path.join(tmp, name.replace(/[^a-z0-9]+/gi, '-'));
    writeOciLayout(layout, [{ image: buildImage(items, opts), refName: 'img' }]);
    const mine = await analyzeImage(layout);
    assertAgrees(mine, runGroundTruth(analyzeJs, layout), name);
    return { wasted: mine.wastedBytes, dive: mine.dive.wastedBytes, efficiency: mine.dive.efficiency };
  }

  for (const sc of scenarios) {
    it(sc.name, async function () {
      const got = await check(sc.name, sc.items, sc.opts);
      if (sc.expect?.wasted !== undefined) assert.equal(got.wasted, sc.expect.wasted, 'wastedBytes vs the documented figure');
      if (sc.expect?.dive !== undefined) assert.equal(got.dive, sc.expect.dive, 'dive.wastedBytes vs the documented figure');
      if (sc.expect?.efficiency !== undefined) assert.equal(got.efficiency, sc.expect.efficiency, 'dive.efficiency vs the documented figure');
    });
  }

  it(`${RANDOM_IMAGES} random images with colliding paths, deletes, opaque dirs and links`, async function () {
    for (let seed = 1; seed <= RANDOM_IMAGES; seed++) await check(`random-${seed}`, randomImage(seed));
  });
});
