/**
 * Every accepted input form gives the same report, the right image is picked (or a clear error says
 * why none was), and broken inputs fail with an ImageReadError that names the problem.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { ImageReadError, analyzeImage } from '../../src/image';
import type { ImageReport } from '../../src/image';
import { normalizeRef, openImage } from '../../src/image/read';
import type { BuiltImage, HistorySpec } from './helpers/tarbuild';
import { buildImage, dir, dockerArchive, file, makeFileTar, makeTar, sha256, symlink, tarOfDirectory, whiteout, writeMultiPlatformLayout, writeOciLayout } from './helpers/tarbuild';
import { assertAgrees, requireGroundTruth, runGroundTruth } from './helpers/groundtruth';

const ITEMS: HistorySpec[] = [
  { layer: [dir('usr'), file('usr/app', 3000), symlink('usr/current', 'app'), dir('tmp'), file('tmp/cache', 700)], createdBy: 'COPY app /usr/app # buildkit', gzip: true },
  { empty: 'ENV PATH=/usr' },
  { layer: [file('usr/app', 3000)], createdBy: 'RUN chmod +x /usr/app # buildkit' },
  { layer: [file('usr/app', 3000)], createdBy: 'RUN touch /usr/app # buildkit' },
  { layer: [whiteout('tmp')], createdBy: 'RUN rm -rf /tmp # buildkit', gzip: true },
  { empty: 'CMD ["/usr/app"]' },
];

async function rejectsWith(p: Promise<unknown>, pattern: RegExp): Promise<void> {
  await assert.rejects(p, (err: unknown) => {
    assert.ok(err instanceof ImageReadError, `expected ImageReadError, got ${err instanceof Error ? err.stack : String(err)}`);
    assert.match(err.message, pattern);
    return true;
  });
}

/** Unpacks a tar made by makeFileTar (files, dirs, symlinks) into a folder. */
function unpack(tar: Buffer, into: string): void {
  let pos = 0;
  while (pos + 512 <= tar.length && tar[pos] !== 0) {
    const h = tar.subarray(pos, pos + 512);
    const name = h.toString('utf8', 0, 100).replace(/\0.*$/s, '');
    const size = parseInt(h.toString('latin1', 124, 135), 8);
    const type = String.fromCharCode(h[156] as number);
    const target = path.join(into, name);
    if (type === '5') fs.mkdirSync(target, { recursive: true });
    else if (type === '2') fs.symlinkSync(h.toString('utf8', 157, 257).replace(/\0.*$/s, ''), target);
    else {
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, tar.subarray(pos + 512, pos + 512 + size));
    }
    pos += 512 + Math.ceil(size / 512) * 512;
  }
}

describe('image/read: input forms', function () {
  this.timeout(30_000);
  let tmp = '';
  let image: BuiltImage;
  let reference: ImageReport;
  let layout = '';

  before(async function () {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'layerlint-read-'));
    image = buildImage(ITEMS);
    layout = path.join(tmp, 'layout');
    writeOciLayout(layout, [{ image, refName: 'app:1' }]);
    reference = await analyzeImage(layout);
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('the OCI layout report matches the ground truth', async function () {
    const analyzeJs = requireGroundTruth(this);
    assertAgrees(reference, runGroundTruth(analyzeJs, layout), 'OCI layout');
    assert.equal(reference.layers.length, 6);
    assert.equal(reference.wastedBytes, 3000 + 3000 + 700);
    assert.equal(reference.dive.wastedBytes, 9000);
  });

  it('an OCI archive (tar of the layout), plain and gzip-compressed', async function () {
    const tar = tarOfDirectory(layout);
    fs.writeFileSync(path.join(tmp, 'oci.tar'), tar);
    fs.writeFileSync(path.join(tmp, 'oci.tar.gz'), zlib.gzipSync(tar));
    fs.writeFileSync(path.join(tmp, 'oci-dot.tar'), tarOfDirectory(layout, './'));
    assert.deepEqual(await analyzeImage(path.join(tmp, 'oci.tar')), reference);
    assert.deepEqual(await analyzeImage(path.join(tmp, 'oci.tar.gz')), reference);
    assert.deepEqual(await analyzeImage(path.join(tmp, 'oci-dot.tar')), reference);
  });

  it('a classic docker save tarball, with a repeated layer stored as a symlink', async function () {
    const tar = dockerArchive([{ image, repoTags: ['app:1'] }]);
    fs.writeFileSync(path.join(tmp, 'docker.tar'), tar);
    const opened = openImage(path.join(tmp, 'docker.tar'));
    try {
      assert.equal(opened.format, 'docker-archive');
      assert.equal(opened.layers.length, 4);
    } finally {
      opened.close();
    }
    assert.ok(tar.includes(Buffer.from('../')), 'the archive holds a symlinked layer');
    assert.deepEqual(await analyzeImage(path.join(tmp, 'docker.tar')), reference);
  });

  it('a Docker 25+ docker save tarball (blobs layout), and gzip-compressed', async function () {
    const tar = dockerArchive([{ image, repoTags: ['app:1'] }], { blobsLayout: true });
    fs.writeFileSync(path.join(tmp, 'docker25.tar.gz'), zlib.gzipSync(tar));
    assert.deepEqual(await analyzeImage(path.join(tmp, 'docker25.tar.gz')), reference);
  });

  it('an unpacked docker save folder', async function () {
    const folder = path.join(tmp, 'unpacked');
    unpack(dockerArchive([{ image, repoTags: ['app:1'] }]), folder);
    assert.deepEqual(await analyzeImage(folder), reference);
  });
});

describe('image/read: choosing the image', function () {
  let tmp = '';
  const a = buildImage([{ layer: [file('a', 1)] }]);
  const b = buildImage([{ layer: [file('b', 2)] }, { layer: [file('b', 3)] }]);

  before(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'layerlint-pick-'))));
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('normalises references the way docker names images', function () {
    assert.equal(normalizeRef('app'), 'app:latest');
    assert.equal(normalizeRef('docker.io/library/app:1'), 'app:1');
    assert.equal(normalizeRef('registry:5000/team/app'), 'registry:5000/team/app:latest');
    assert.equal(normalizeRef('app@sha256:abc'), 'app@sha256:abc');
  });

  it('an OCI layout with two images: error without a ref, the right one with it', async function () {
    const dirPath = path.join(tmp, 'two');
    writeOciLayout(dirPath, [
      { image: a, refName: 'a' },
      { image: b, refName: 'b' },
    ]);
    await rejectsWith(analyzeImage(dirPath), /holds 2 images \(a, b\); choose one by reference/);
    assert.equal((await analyzeImage(dirPath, { ref: 'b' })).totalBytes, 5);
    assert.equal((await analyzeImage(dirPath, { ref: 'a' })).totalBytes, 1);
    await rejectsWith(analyzeImage(dirPath, { ref: 'c' }), /no image named 'c'; it holds: a, b/);
  });

  it('a docker save tarball with two images, picked by tag in any spelling', async function () {
    const file2 = path.join(tmp, 'two.tar');
    fs.writeFileSync(file2, dockerArchive([
      { image: a, repoTags: ['app:1'] },
      { image: b, repoTags: ['app:2', 'app:latest'] },
    ]));
    await rejectsWith(analyzeImage(file2), /holds 2 images \(app:1, app:2 app:latest\); choose one by reference/);
    assert.equal((await analyzeImage(file2, { ref: 'docker.io/library/app:2' })).totalBytes, 5);
    assert.equal((await analyzeImage(file2, { ref: 'app' })).totalBytes, 5);
    assert.equal((await analyzeImage(file2, { ref: 'app:1' })).totalBytes, 1);
  });

  it('a multi-platform index: attestations are ignored, the platform picks the image', async function () {
    const multi = path.join(tmp, 'multi');
    writeMultiPlatformLayout(multi, [
      { image: a, platform: { os: 'linux', architecture: 'amd64' } },
      { image: b, platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } },
    ], 'app:1');
    await rejectsWith(analyzeImage(multi), /holds 2 images \(app:1 \[linux\/amd64\], app:1 \[linux\/arm64\/v8\]\); choose one by reference or platform/);
    assert.equal((await analyzeImage(multi, { platform: 'linux/arm64' })).totalBytes, 5);
    assert.equal((await analyzeImage(multi, { platform: 'linux/amd64', ref: 'app:1' })).totalBytes, 1);
    await rejectsWith(analyzeImage(multi, { platform: 'windows/amd64' }), /no image for platform 'windows\/amd64'/);
  });
});

describe('image/read: broken inputs give a clear ImageReadError', function () {
  let tmp = '';
  const img = buildImage([{ layer: [file('a', 10)] }, { layer: [file('b', 20)], gzip: true }]);

  before(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'layerlint-broken-'))));
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  const fresh = (name: string, im: BuiltImage = img): string => {
    const d = path.join(tmp, name);
    writeOciLayout(d, [{ image: im }]);
    return d;
  };
  const blobFile = (d: string, b: Buffer): string => path.join(d, 'blobs', 'sha256', sha256(b).slice(7));

  it('a path that does not exist', async function () {
    await rejectsWith(analyzeImage(path.join(tmp, 'nope')), /nope: cannot read the image: ENOENT/);
  });

  it('a folder that is not an image', async function () {
    fs.mkdirSync(path.join(tmp, 'empty'));
    await rejectsWith(analyzeImage(path.join(tmp, 'empty')), /not an image: neither a docker save archive \(no manifest.json\) nor an OCI image layout \(no index.json\)/);
  });

  it('a file that is not a tar', async function () {
    fs.writeFileSync(path.join(tmp, 'notes.txt'), 'hello, this is not an image\n'.repeat(40));
    await rejectsWith(analyzeImage(path.join(tmp, 'notes.txt')), /notes.txt: not a tar archive \(no valid tar header at offset 0\)/);
  });

  it('a truncated docker save tarball', async function () {
    const tar = dockerArchive([{ image: img, repoTags: ['x:1'] }]);
    fs.writeFileSync(path.join(tmp, 'cut.tar'), tar.subarray(0, tar.length - 2048 - 700));
    await rejectsWith(analyzeImage(path.join(tmp, 'cut.tar')), /cut.tar: truncated tar: entry '.*' needs \d+ bytes at offset \d+, but the archive ends at \d+/);
  });

  it('a missing layer blob, in a folder and in an archive', async function () {
    const d = fresh('missing');
    fs.rmSync(blobFile(d, img.blobs[1] as Buffer));
    await rejectsWith(analyzeImage(d), /layer 1 is missing \(blobs\/sha256\/[0-9a-f]{64}\)/);
    fs.writeFileSync(path.join(tmp, 'missing.tar'), tarOfDirectory(d));
    await rejectsWith(analyzeImage(path.join(tmp, 'missing.tar')), /layer 1 is missing from the archive \(blobs\/sha256\/[0-9a-f]{64}\)/);
  });

  it('a layer whose content does not match its diff_id', async function () {
    const d = fresh('corrupt');
    fs.writeFileSync(blobFile(d, img.blobs[0] as Buffer), Buffer.concat([img.tars[0] as Buffer, Buffer.alloc(512)]));
    await rejectsWith(analyzeImage(d), /layer 0 \(blobs\/sha256\/[0-9a-f]+\): content does not match the config's diff_id/);
  });

  it('a truncated plain layer names the entry, not just the digest', async function () {
    const d = fresh('cutplain', buildImage([{ layer: [file('first', 10), file('second', 4000)] }]));
    const tar = makeTar([file('first', 10), file('second', 4000)]);
    fs.writeFileSync(path.join(d, 'blobs', 'sha256', sha256(tar).slice(7)), tar.subarray(0, 3000));
    await rejectsWith(analyzeImage(d), /layer 0 \(blobs\/sha256\/[0-9a-f]+\): truncated tar: entry 'second' needs 4000 bytes at offset 1536, but the archive ends at 3000/);
  });

  it('a config blob that does not match its digest', async function () {
    const d = fresh('badconfig');
    fs.writeFileSync(blobFile(d, img.config), img.config.toString().replace('amd64', 'arm64'));
    await rejectsWith(analyzeImage(d), /config blob sha256:[0-9a-f]+ does not match its digest/);
  });

  it('a truncated gzip layer', async function () {
    const d = fresh('cutgz');
    const gz = img.blobs[1] as Buffer;
    fs.writeFileSync(blobFile(d, gz), gz.subarray(0, gz.length - 10));
    await rejectsWith(analyzeImage(d), /layer 1 .*: gzip data is corrupt or truncated/);
  });

  it('a layer that is neither gzip nor tar, and a zstd layer', async function () {
    const junk = Buffer.from('PK\x03\x04 this is a zip, not a tar'.padEnd(1500, '.'));
    const im: BuiltImage = { ...img, tars: [junk], blobs: [junk], blobMediaTypes: ['application/vnd.oci.image.layer.v1.tar'], config: Buffer.from(JSON.stringify({ rootfs: { type: 'layers', diff_ids: [sha256(junk)] }, history: [{ created_by: 'x' }] })) };
    await rejectsWith(analyzeImage(fresh('junk', im)), /layer 0 .*: not a tar archive/);
    const zst = Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 1, 2, 3, 4]);
    const imz: BuiltImage = { ...im, tars: [zst], blobs: [zst], blobMediaTypes: ['application/vnd.oci.image.layer.v1.tar+zstd'], config: Buffer.from(JSON.stringify({ rootfs: { type: 'layers', diff_ids: [] } })) };
    await rejectsWith(analyzeImage(fresh('zstd', imz)), /zstd-compressed layers are not supported/);
  });

  it('invalid JSON and wrong shapes', async function () {
    const bad = path.join(tmp, 'badjson.tar');
    fs.writeFileSync(bad, makeFileTar([{ name: 'manifest.json', data: Buffer.from('[{"Config": ') }]));
    await rejectsWith(analyzeImage(bad), /badjson.tar: manifest.json is not valid JSON/);
    const obj = path.join(tmp, 'obj.tar');
    fs.writeFileSync(obj, makeFileTar([{ name: 'manifest.json', data: Buffer.from('{"not":"an array"}') }]));
    await rejectsWith(analyzeImage(obj), /manifest.json is not a docker save manifest \(expected a JSON array\)/);
    const noimg = path.join(tmp, 'noimg.tar');
    fs.writeFileSync(noimg, makeFileTar([{ name: 'index.json', data: Buffer.from('{"schemaVersion":2,"manifests":[]}') }]));
    await rejectsWith(analyzeImage(noimg), /the image index lists no image manifests/);
  });

  it('paths that would leave the image', async function () {
    const d = path.join(tmp, 'escape');
    fs.mkdirSync(d);
    fs.writeFileSync(path.join(d, 'manifest.json'), JSON.stringify([{ Config: '../../etc/passwd', RepoTags: null, Layers: [] }]));
    await rejectsWith(analyzeImage(d), /image config has a path outside the image: '..\/..\/etc\/passwd'/);
    fs.writeFileSync(path.join(d, 'index.json'), JSON.stringify({ manifests: [{ digest: 'sha256:../../../etc/passwd' }] }));
    fs.rmSync(path.join(d, 'manifest.json'));
    await rejectsWith(analyzeImage(d), /invalid digest 'sha256:..\/..\/..\/etc\/passwd'/);
  });

  it('gzip layers larger than the configured limit', async function () {
    await rejectsWith(analyzeImage(fresh('limit', buildImage([{ layer: [{ kind: 'raw', name: 'zeros', type: '0', size: 100_000, data: Buffer.alloc(100_000) }], gzip: true }])), { maxUncompressedBytes: 50_000 }), /uncompressed size exceeds the limit of 50000 bytes/);
  });
});

describe('image/read: fuzzed archives', function () {
  this.timeout(60_000);
  it('300 mutated docker save and OCI archives give a report or an ImageReadError, nothing else', async function () {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'layerlint-fuzz-'));
    try {
      const img = buildImage([{ layer: [dir('a'), file('a/f', 900), symlink('a/l', 'f')], gzip: true }, { layer: [whiteout('a/f')] }]);
      const layout = path.join(tmp, 'layout');
      writeOciLayout(layout, [{ image: img, refName: 'x' }]);
      const sources = [dockerArchive([{ image: img, repoTags: ['x:1'] }]), tarOfDirectory(layout)];
      let seed = 11;
      const rnd = (n: number): number => {
        seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
        return (seed >>> 8) % n;
      };
      const outcomes = { report: 0, error: 0 };
      for (let i = 0; i < 300; i++) {
        const src = Buffer.from(sources[i % 2] as Buffer);
        const mutated = rnd(4) === 0 ? src.subarray(0, rnd(src.length)) : src;
        for (let k = rnd(3) + 1; k > 0; k--) mutated[rnd(mutated.length)] = rnd(256);
        const p = path.join(tmp, 'fuzz.tar');
        fs.writeFileSync(p, rnd(5) === 0 ? zlib.gzipSync(mutated) : mutated);
        try {
          await analyzeImage(p);
          outcomes.report++;
        } catch (err) {
          if (!(err instanceof ImageReadError)) throw new Error(`case ${i}: escaped as ${err instanceof Error ? err.stack : String(err)}`, { cause: err });
          outcomes.error++;
        }
      }
      assert.ok(outcomes.error > 100, `mutations are caught: ${JSON.stringify(outcomes)}`);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
