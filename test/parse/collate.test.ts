import * as assert from 'node:assert/strict';
import { compareText } from '../../src/parse/collate';

/** A small deterministic generator (the test must not depend on Math.random). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('parse/collate compareText', () => {
  it('orders like localeCompare in English, on the characters it handles itself and on every other', () => {
    const next = rng(7);
    const alphabets = ['_-,:.@/+=~0123456789abcdefghijklmnopqrstuvwxyz', 'ab-_./', 'aAbB-é\u0301 Z1', 'SCDL0123-a'];
    for (let i = 0; i < 20_000; i++) {
      const alpha = alphabets[i % alphabets.length];
      const word = (): string => Array.from({ length: Math.floor(next() * 6) }, () => alpha[Math.floor(next() * alpha.length)]).join('');
      const a = word();
      const b = next() < 0.3 ? a + word() : word();
      assert.equal(Math.sign(compareText(a, b)), Math.sign(a.localeCompare(b, 'en')), `${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
      assert.equal(Math.sign(compareText(b, a)), Math.sign(b.localeCompare(a, 'en')), `${JSON.stringify(b)} vs ${JSON.stringify(a)}`);
    }
  });

  it('keeps the orders findings are sorted in: rule ids, ShellCheck codes, paths', () => {
    const ids = ['apt-get-unpinned', 'SC2086', 'apt-get-missing-yes', 'DL3008', 'sc2046', 'parse-error', '/var/lib/apt/lists', '/var/lib/apt/lists/_partial', '/usr/lib/x86_64-linux-gnu'];
    assert.deepEqual([...ids].sort(compareText), [...ids].sort((a, b) => a.localeCompare(b, 'en')));
  });
});
