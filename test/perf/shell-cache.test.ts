import * as assert from 'node:assert/strict';
import { clearShellCache, loadShellParser, parseShell, shellCacheStats, type OffsetMapper } from '../../src/parse/shell';

describe('shell parse cache', () => {
  before(() => loadShellParser());
  after(() => clearShellCache());

  const shift =
    (k: number): OffsetMapper =>
    (s, e) => ({ start: s + k, end: e + k });

  it('a hit gives what a fresh parse gives, mapped through the caller’s own mapper', () => {
    const text = 'apt-get update && apt-get install -y "$(cat pkgs)" > /tmp/log 2>&1 || A=1 true';
    clearShellCache();
    const fresh = parseShell(text, shift(100), 'shell');
    const hit = parseShell(text, shift(7), 'heredoc');
    assert.equal(shellCacheStats().entries, 1);
    assert.equal(hit.origin, 'heredoc');
    const back = (x: unknown, k: number): string => JSON.stringify(x, (key, v: unknown) => (key === 'start' || key === 'end' ? (v as number) - k : v));
    assert.equal(back(hit.commands, 7), back(fresh.commands, 100));
    assert.equal(fresh.commands[0].span.start, 100);
  });

  it('a caller that changes its commands does not change the next hit', () => {
    clearShellCache();
    const a = parseShell('echo one two', shift(0), 'shell');
    a.commands[0].args.push(a.commands[0].args[0]);
    a.commands[0].name = 'changed';
    a.commands[0].span.start = 99;
    const b = parseShell('echo one two', shift(0), 'shell');
    assert.equal(b.commands[0].name, 'echo');
    assert.equal(b.commands[0].args.length, 2);
    assert.equal(b.commands[0].span.start, 0);
  });

  it('stays within its bounds of entries and characters', () => {
    clearShellCache();
    for (let i = 0; i < 3000; i++) parseShell(`echo ${i} ${'x'.repeat(i % 200)}`, shift(0), 'shell');
    const s = shellCacheStats();
    assert.ok(s.entries <= 2048, `${s.entries} entries`);
    assert.ok(s.chars <= 128 * 1024, `${s.chars} characters`);
    parseShell('y'.repeat(70 * 1024), shift(0), 'shell');
    assert.ok(shellCacheStats().chars <= 128 * 1024, 'a script over 64 KB is not cached');
  });
});
