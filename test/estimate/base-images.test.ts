import * as assert from 'node:assert';
import { lookupBaseImage, normalizeImageRef } from '../../src/estimate/base-images';
import { minbasePackages } from '../../src/estimate/debian-index';
import { readFixture } from './helpers';

interface GroundTruth {
  baseImages: Record<string, { contentBytes: number }>;
}

describe('estimate/base-images', () => {
  const gt = readFixture<GroundTruth>('groundtruth.json');

  it('normalizes Docker Hub references', () => {
    assert.deepStrictEqual(normalizeImageRef('docker.io/library/debian:bookworm-slim@sha256:abc'), { repository: 'debian', tag: 'bookworm-slim' });
    assert.deepStrictEqual(normalizeImageRef('busybox'), { repository: 'busybox', tag: 'latest' });
    assert.deepStrictEqual(normalizeImageRef('localhost/debian:bookworm-minbase'), { repository: 'localhost/debian', tag: 'bookworm-minbase' });
  });

  it('uses the ground-truth measurements for debian:bookworm, bookworm-slim and busybox', () => {
    for (const [ref, m] of Object.entries(gt.baseImages)) {
      const b = lookupBaseImage(ref);
      assert.strictEqual(b.contentBytes, m.contentBytes, ref);
      assert.match(b.source, /measurement/i);
      assert.notStrictEqual(b.confidence, 'unknown');
    }
    assert.strictEqual(lookupBaseImage('localhost/debian:bookworm-minbase').confidence, 'exact');
  });

  it('maps tag aliases of bookworm to the same figures', () => {
    for (const ref of ['debian:12', 'debian:oldstable', 'debian:bookworm-20251117', 'debian:12.12', 'library/debian:bookworm']) {
      assert.strictEqual(lookupBaseImage(ref).contentBytes, gt.baseImages['debian:bookworm']?.contentBytes, ref);
    }
    assert.strictEqual(lookupBaseImage('debian:12-slim').contentBytes, gt.baseImages['debian:bookworm-slim']?.contentBytes);
  });

  it('gives the minbase package set for the Debian bases', () => {
    const set = minbasePackages('bookworm')?.packages;
    assert.ok(set);
    assert.deepStrictEqual(lookupBaseImage('debian:bookworm').packages, set);
    assert.deepStrictEqual(lookupBaseImage('debian:bookworm-slim').packages, set);
  });

  it('derives trixie from its Installed-Size and says so', () => {
    const t = lookupBaseImage('debian:trixie');
    if (minbasePackages('trixie') === null) return; // index built without trixie
    assert.strictEqual(t.confidence, 'estimated');
    assert.ok(t.contentBytes !== null && t.contentBytes > 50e6 && t.contentBytes < 200e6);
    assert.match(t.source, /Derived/);
    const slim = lookupBaseImage('debian:trixie-slim');
    assert.ok(slim.contentBytes !== null && t.contentBytes !== null && slim.contentBytes < t.contentBytes);
  });

  it('derives buildpack-deps from its Dockerfile package lists', () => {
    const curl = lookupBaseImage('buildpack-deps:bookworm-curl');
    const scm = lookupBaseImage('buildpack-deps:bookworm-scm');
    const full = lookupBaseImage('buildpack-deps:bookworm');
    assert.ok(curl.packages?.includes('curl') && curl.packages.includes('ca-certificates'));
    assert.ok(scm.packages?.includes('git'));
    assert.ok(full.packages?.includes('gcc'));
    const base = gt.baseImages['debian:bookworm']?.contentBytes ?? 0;
    assert.ok(curl.contentBytes !== null && scm.contentBytes !== null && full.contentBytes !== null);
    assert.ok(base < curl.contentBytes && curl.contentBytes < scm.contentBytes && scm.contentBytes < full.contentBytes);
  });

  it('knows the package set but not the size of language images built on buildpack-deps', () => {
    const node = lookupBaseImage('node:22-bookworm');
    assert.strictEqual(node.contentBytes, null);
    assert.strictEqual(node.confidence, 'unknown');
    assert.deepStrictEqual(node.packages, lookupBaseImage('buildpack-deps:bookworm').packages);
  });

  it('says unknown for images it has no sourced figure for', () => {
    for (const ref of ['ubuntu:22.04', 'alpine:3.20', 'nginx:1.27', 'node:22', 'example.com/team/app:1']) {
      const b = lookupBaseImage(ref);
      assert.strictEqual(b.confidence, 'unknown', ref);
      assert.strictEqual(b.contentBytes, null, ref);
    }
    const scratch = lookupBaseImage('scratch');
    assert.strictEqual(scratch.contentBytes, 0);
    assert.deepStrictEqual(scratch.packages, []);
  });
});
