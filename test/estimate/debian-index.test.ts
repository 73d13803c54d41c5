import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { availableSuites, dataDir, loadDebianIndex } from '../../src/estimate/debian-index';
import { repoRoot } from './helpers';

describe('estimate/debian-index', () => {
  it('finds data/ next to the layerlint package.json', () => {
    assert.strictEqual(dataDir(), path.join(repoRoot(), 'data'));
  });

  it('loads bookworm once, with main + updates + security and their dates', () => {
    const ix = loadDebianIndex('bookworm');
    assert.ok(ix);
    assert.strictEqual(loadDebianIndex('bookworm'), ix);
    assert.deepStrictEqual(ix.sources.map((s) => s.suite), ['bookworm', 'bookworm-updates', 'bookworm-security']);
    for (const s of ix.sources) assert.ok(s.date !== null && !Number.isNaN(Date.parse(s.date)), `${s.suite} has no date`);
    // The study counted 63,666 candidates for bookworm 12.15 + updates + security; the count only moves slowly.
    assert.ok(ix.realCount > 60_000 && ix.realCount < 70_000, String(ix.realCount));
    assert.ok(ix.pkg(ix.realCount - 1) && ix.pkg(ix.realCount) === undefined);
    assert.ok(ix.version(ix.realCount - 1) && ix.version(ix.realCount) === undefined);
    const curl = ix.byName.get('curl');
    assert.ok(curl !== undefined && curl < ix.realCount);
    assert.ok((ix.pkg(curl)?.installedSizeKiB ?? 0) > 100);
  });

  it('keeps every index file around a megabyte', () => {
    for (const suite of availableSuites()) {
      const size = fs.statSync(path.join(repoRoot(), 'data', `debian-${suite}.json.br`)).size;
      assert.ok(size < 1_500_000, `${suite}: ${size} B`);
    }
  });

  it('returns null for a suite it does not ship', () => {
    assert.strictEqual(loadDebianIndex('buzz'), null);
  });
});
