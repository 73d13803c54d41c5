import * as assert from 'node:assert/strict';
import * as zlib from 'node:zlib';
import { ImageReadError } from '../../src/image/errors';
import { bufferSource, decompressTar, listTar, parseNumeric, sniffCompression } from '../../src/image/tar';
import { dir, file, hardlink, header, makeTar, paxRecords, symlink } from './helpers/tarbuild';

const list = (b: Buffer, limits?: { maxEntries: number; maxMetaBytes: number }) => listTar(bufferSource(b), 'test.tar', limits);
const summary = (b: Buffer) => list(b).map((e) => [e.name, e.type, e.size, e.linkname]);

/** Recomputes a header's checksum after a test edited it. */
function reseal(h: Buffer): Buffer {
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : (h[i] as number);
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'latin1');
  return h;
}

function rejects(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof ImageReadError, `expected ImageReadError, got ${String(err)}`);
    assert.match(err.message, pattern);
    return true;
  });
}

describe('image/tar: listing entries', function () {
  it('reads files, dirs, symlinks and hardlinks with their data offsets', function () {
    const tar = makeTar([dir('etc'), file('etc/passwd', 700), symlink('etc/link', 'passwd'), hardlink('etc/hl', 'etc/passwd')]);
    const entries = list(tar);
    assert.deepEqual(
      entries.map((e) => [e.name, e.type, e.size, e.linkname]),
      [
        ['etc/', '5', 0, ''],
        ['etc/passwd', '0', 700, ''],
        ['etc/link', '2', 0, 'passwd'],
        ['etc/hl', '1', 0, 'etc/passwd'],
      ],
    );
    assert.equal(entries[1]?.dataOffset, 1024);
    assert.equal(entries[2]?.dataOffset, 1024 + 1024 + 512); // 700 bytes round up to two blocks
  });

  it('joins the ustar prefix field, and ignores it in GNU headers', function () {
    const longDir = 'd'.repeat(120);
    assert.deepEqual(summary(makeTar([file(`${longDir}/f`, 1)])), [[`${longDir}/f`, '0', 1, '']]);
    // GNU tar keeps atime/ctime where ustar has the prefix; a prefix must not be read there.
    const gnu = header({ name: 'short', type: '0', size: 0, gnu: true });
    gnu.write('12345670123', 345, 'latin1');
    assert.deepEqual(summary(Buffer.concat([reseal(gnu), Buffer.alloc(1024)])), [['short', '0', 0, '']]);
  });

  it('applies pax path, linkpath and size, and GNU long names and link names', function () {
    const long = 'x/'.repeat(80) + 'file';
    const target = 't/'.repeat(70) + 'target';
    assert.deepEqual(summary(makeTar([file(long, 3), symlink(long + '.l', target)], { longNames: 'pax' })), [
      [long, '0', 3, ''],
      [long + '.l', '2', 0, target],
    ]);
    assert.deepEqual(summary(makeTar([file(long, 3), hardlink(long + '.h', target)], { longNames: 'gnu' })), [
      [long, '0', 3, ''],
      [long + '.h', '1', 0, target],
    ]);
    const paxSize = Buffer.concat([paxRecords({ size: '5' }), header({ name: 'big', type: '0', size: 0 }), Buffer.from('hello'), Buffer.alloc(507), Buffer.alloc(1024)]);
    assert.deepEqual(summary(paxSize), [['big', '0', 5, '']]);
  });

  it('ignores global pax headers and keeps pax overrides for the next entry only', function () {
    const g = Buffer.from('20 path=global/name\n');
    const tar = Buffer.concat([header({ name: 'g', type: 'g', size: g.length }), g, Buffer.alloc(512 - g.length), paxRecords({ path: 'renamed' }), header({ name: 'orig', type: '0', size: 0 }), header({ name: 'next', type: '0', size: 0 }), Buffer.alloc(1024)]);
    assert.deepEqual(summary(tar).map((e) => e[0]), ['renamed', 'next']);
  });

  it('reads GNU base-256 sizes and skips no data for header-only types', function () {
    const h = header({ name: 'f', type: '0', size: 0 });
    assert.equal(parseNumeric(Buffer.from([0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0x00, 0x00]), 0, 12), 65536);
    assert.equal(parseNumeric(Buffer.from('0000644\0'), 0, 8), 0o644);
    assert.equal(parseNumeric(Buffer.from('12x\0'), 0, 4), null);
    // a hardlink whose size field says 1000 carries no data: the next header follows at once
    const tar = Buffer.concat([header({ name: 'hl', type: '1', size: 1000, linkname: 'f' }), h, Buffer.alloc(1024)]);
    assert.deepEqual(summary(tar), [
      ['hl', '1', 1000, 'f'],
      ['f', '0', 0, ''],
    ]);
  });

  it('treats a NUL type flag as a regular file and accepts a zero-length archive', function () {
    const h = header({ name: 'old', type: '\0', size: 0 });
    assert.deepEqual(summary(Buffer.concat([h, Buffer.alloc(1024)])), [['old', '0', 0, '']]);
    assert.deepEqual(list(Buffer.alloc(0)), []);
    assert.deepEqual(list(Buffer.alloc(1024)), []);
  });

  it('accepts an archive without the end-of-archive blocks', function () {
    assert.deepEqual(summary(makeTar([file('a', 10)], { noEnd: true })), [['a', '0', 10, '']]);
  });
});

describe('image/tar: garbage gives a clear ImageReadError', function () {
  it('not a tar at all', function () {
    rejects(() => list(Buffer.from('{"this": "is json, not a tar"}'.padEnd(2048, ' '))), /test\.tar: not a tar archive \(no valid tar header at offset 0\)/);
  });

  it('truncated in the middle of a file', function () {
    const tar = makeTar([file('a', 10), file('b', 5000)]);
    rejects(() => list(tar.subarray(0, 2048)), /truncated tar: entry 'b' needs 5000 bytes at offset 1536, but the archive ends at 2048/);
  });

  it('truncated in the middle of a header', function () {
    const tar = makeTar([file('a', 10), file('b', 10)]);
    rejects(() => list(tar.subarray(0, 1024 + 100)), /truncated tar: 100 stray bytes at offset 1024/);
  });

  it('a corrupted header further in', function () {
    const tar = makeTar([file('a', 10), file('b', 10)]);
    tar[1024 + 5] = 0x41;
    rejects(() => list(tar), /corrupt tar: bad header checksum at offset 1024/);
  });

  it('an invalid size field', function () {
    const h = header({ name: 'a', type: '0', size: 0 });
    h.write('12345678z12\0', 124, 'latin1');
    rejects(() => list(Buffer.concat([reseal(h), Buffer.alloc(1024)])), /invalid size field in the header at offset 0/);
  });

  it('absurd sizes: a file larger than the archive, a huge pax header, a bad pax size', function () {
    const huge = Buffer.concat([header({ name: 'a', type: '0', size: 0o77777777777 }), Buffer.alloc(1024)]);
    rejects(() => list(huge), /needs 8589934591 bytes at offset 512/);
    const bigPax = Buffer.concat([header({ name: 'p', type: 'x', size: 2 << 20 }), Buffer.alloc(1024)]);
    rejects(() => list(bigPax), /pax header of 2097152 bytes at offset 0 exceeds the limit of 1048576/);
    const badSize = Buffer.concat([paxRecords({ size: '-5' }), header({ name: 'a', type: '0', size: 0 }), Buffer.alloc(1024)]);
    rejects(() => list(badSize), /invalid pax size '-5'/);
  });

  it('a malformed pax record', function () {
    const body = Buffer.from('99 path=x\n');
    const tar = Buffer.concat([header({ name: 'p', type: 'x', size: body.length }), body, Buffer.alloc(512 - body.length), header({ name: 'a', type: '0', size: 0 }), Buffer.alloc(1024)]);
    rejects(() => list(tar), /malformed pax extended header record at byte 0/);
  });

  it('too many entries', function () {
    const tar = makeTar([file('a', 0), file('b', 0), file('c', 0)]);
    rejects(() => list(tar, { maxEntries: 2, maxMetaBytes: 1024 }), /more than 2 entries/);
  });
});

describe('image/tar: compression', function () {
  const tar = makeTar([file('a', 100)]);

  it('detects gzip and zstd by their magic bytes', function () {
    assert.equal(sniffCompression(zlib.gzipSync(tar)), 'gzip');
    assert.equal(sniffCompression(Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0])), 'zstd');
    assert.equal(sniffCompression(tar), 'none');
  });

  it('inflates gzip and passes plain tars through', function () {
    assert.deepEqual(decompressTar(zlib.gzipSync(tar), 'l', 1 << 20), tar);
    assert.equal(decompressTar(tar, 'l', 1 << 20), tar);
  });

  it('refuses zstd, corrupt gzip and gzip bombs with a message', function () {
    rejects(() => decompressTar(Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0, 0]), 'layer 3', 1 << 20), /layer 3: zstd-compressed layers are not supported/);
    const gz = zlib.gzipSync(tar);
    rejects(() => decompressTar(gz.subarray(0, gz.length - 20), 'layer 1', 1 << 20), /layer 1: gzip data is corrupt or truncated/);
    rejects(() => decompressTar(zlib.gzipSync(Buffer.alloc(5 << 20)), 'bomb', 1 << 20), /bomb: uncompressed size exceeds the limit of 1048576 bytes/);
    rejects(() => decompressTar(tar, 'plain', 100), /plain: 2048 bytes exceeds the limit of 100 bytes/);
  });
});

describe('image/tar: fuzzed input never escapes as anything but ImageReadError', function () {
  it('2,000 mutated and truncated archives', function () {
    const base = makeTar([dir('etc'), file('etc/a', 700), symlink('etc/l', 'a'), file('x/'.repeat(70) + 'long', 20), hardlink('h', 'etc/a')], { longNames: 'pax' });
    const gnu = makeTar([file('y/'.repeat(70) + 'long', 30), file('b', 1)], { longNames: 'gnu' });
    let seed = 7;
    const rnd = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    let rejected = 0;
    for (let i = 0; i < 2000; i++) {
      const src = Buffer.from(i % 2 ? base : gnu);
      const mutated = rnd(3) === 0 ? src.subarray(0, rnd(src.length)) : src;
      for (let k = rnd(4) + 1; k > 0; k--) mutated[rnd(mutated.length)] = rnd(256);
      try {
        listTar(bufferSource(mutated), 'fuzz');
      } catch (err) {
        if (!(err instanceof ImageReadError)) throw new Error(`case ${i}: escaped as ${String(err)}`, { cause: err });
        rejected++;
      }
    }
    assert.ok(rejected > 500, `most mutations are caught (${rejected})`);
  });
});
