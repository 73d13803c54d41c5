import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { availableSuites, builtIndexFile, decode, decodeRaw, loadDebianIndex, type DebianIndex } from '../../src/estimate/debian-index';
import { encodeIndexFile, openIndexFile } from '../../src/estimate/index-file';
import { repoRoot } from './helpers';

function source(suite: string): Buffer {
  return fs.readFileSync(path.join(repoRoot(), 'data', `debian-${suite}.json.br`));
}

/** Every name, record, version and provider list read through both indexes. */
function assertSameIndex(lazy: DebianIndex, full: DebianIndex): void {
  assert.deepStrictEqual([lazy.suite, lazy.arch, lazy.generatedAt, lazy.nameCount, lazy.realCount], [full.suite, full.arch, full.generatedAt, full.nameCount, full.realCount]);
  assert.deepStrictEqual(lazy.sources, full.sources);
  for (let i = 0; i < full.nameCount; i++) {
    const name = full.name(i) ?? '';
    assert.strictEqual(lazy.name(i), name);
    assert.strictEqual(lazy.byName.get(name), full.byName.get(name), name);
    assert.deepStrictEqual(lazy.providersOf(i), full.providersOf(i), name);
    if (i < full.realCount) {
      assert.deepStrictEqual(lazy.pkg(i), full.pkg(i), name);
      assert.strictEqual(lazy.version(i), full.version(i), name);
    }
  }
  for (const absent of ['', 'no-such-package', 'curl ', 'CURL', 'ü']) {
    assert.strictEqual(lazy.byName.get(absent), full.byName.get(absent));
    assert.strictEqual(lazy.byName.has(absent), full.byName.has(absent));
  }
  assert.strictEqual(lazy.pkg(-1), undefined);
  assert.strictEqual(lazy.name(full.nameCount), undefined);
}

describe('estimate/index-file (the lazy-read Debian index)', () => {
  it('reads back exactly what the .json.br holds, for every shipped suite', function () {
    this.timeout(60_000);
    for (const suite of availableSuites()) {
      const src = source(suite);
      const full = decode(zlib.brotliDecompressSync(src));
      const lazy = openIndexFile(encodeIndexFile(decodeRaw(zlib.brotliDecompressSync(src)), src, zlib.crc32), src, zlib.crc32);
      assert.ok(lazy, suite);
      assertSameIndex(lazy, full);
    }
  });

  it('the build wrote one per suite, and loadDebianIndex reads it', () => {
    for (const suite of availableSuites()) {
      assert.ok(fs.existsSync(builtIndexFile(suite)), `${builtIndexFile(suite)} (npm run build writes it)`);
      const src = source(suite);
      assert.ok(openIndexFile(fs.readFileSync(builtIndexFile(suite)), src, zlib.crc32), `${suite}: the built file matches data/`);
    }
    const ix = loadDebianIndex('bookworm');
    assert.ok(ix && ix.byName.get('curl') !== undefined);
  });

  it('ignores a file made from another .json.br, or not in this format', () => {
    const src = source('bookworm');
    const file = encodeIndexFile(decodeRaw(zlib.brotliDecompressSync(src)), src, zlib.crc32);
    const other = Buffer.from(src);
    other[other.length - 1] ^= 1;
    assert.strictEqual(openIndexFile(file, other, zlib.crc32), null, 'same size, other content');
    assert.strictEqual(openIndexFile(file, src.subarray(1), zlib.crc32), null, 'other size');
    assert.strictEqual(openIndexFile(Buffer.from('not an index'), src, zlib.crc32), null);
    const unaligned = Buffer.alloc(file.length + 1);
    file.copy(unaligned, 1);
    assert.ok(openIndexFile(unaligned.subarray(1), src, zlib.crc32), 'a buffer off a 4-byte boundary is copied, not misread');
  });
});
