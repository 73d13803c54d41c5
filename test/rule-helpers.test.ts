import * as assert from 'node:assert/strict';
import { isEmail, isGitHash, isRfc3339, isSemver, isSpdxId, isUri } from '../src/model/query/label-formats';
import { isTrustedImage, registryMatches } from '../src/model/query/registries';
import { parseImageRef } from '../src/model/image-ref';
import { lastSegment, trimQuotes } from '../src/engine/rule-text';

describe('label-schema value checks', () => {
  it('accepts absolute URIs and rejects the rest', () => {
    for (const ok of ['https://example.com', 'http://example.com:8080/a/b?x=1#top', 'mailto:dev@example.com', 'urn:isbn:0451450523', 'ftp://[::1]/x', 'file:///etc/hosts']) assert.ok(isUri(ok), ok);
    for (const bad of ['', 'example.com', '/relative/path', 'https://exa mple.com', 'http://host:port/', '1http://x']) assert.ok(!isUri(bad), bad);
  });

  it('accepts full RFC 3339 date-times with a zone, with real calendar dates', () => {
    for (const ok of ['2024-05-01T12:00:00Z', '2021-03-10T10:26:33.564595127+01:00', '2024-02-29T00:00:00-05:00', '2016-12-31T23:59:60Z']) assert.ok(isRfc3339(ok), ok);
    for (const bad of ['2024-05-01', '2024-05-01T12:00:00', '2023-02-29T00:00:00Z', '2024-13-01T00:00:00Z', '2024-05-01 12:00:00Z', 'now']) assert.ok(!isRfc3339(bad), bad);
  });

  it('accepts 7- and 40-character lower-case hex git hashes', () => {
    assert.ok(isGitHash('2dbfae9'));
    assert.ok(isGitHash('43c572f1272b6b3171dd1db9e41b7027128ce080'));
    for (const bad of ['2DBFAE9', '2dbfae', '2dbfae91', 'zzzzzzz', '']) assert.ok(!isGitHash(bad), bad);
  });

  it('accepts semantic versions only', () => {
    for (const ok of ['1.0.0', '0.0.1', '2.0.1-rc1', '1.2.3-alpha.1+build.5', '10.20.30']) assert.ok(isSemver(ok), ok);
    for (const bad of ['v1.0.0', '1.0', '01.0.0', '1.0.0-', 'latest', '1.0.0-01']) assert.ok(!isSemver(bad), bad);
  });

  it('accepts single SPDX identifiers from the list, exactly as listed', () => {
    for (const ok of ['MIT', 'Apache-2.0', 'BSD-3-Clause', 'GPL-2.0-only', 'GPL-2.0']) assert.ok(isSpdxId(ok), ok);
    for (const bad of ['mit', 'MIT OR Apache-2.0', 'GPL-2.0+', 'Proprietary', '']) assert.ok(!isSpdxId(bad), bad);
  });

  it('accepts RFC 5322 addresses without display names', () => {
    for (const ok of ['dev@example.com', 'first.last+tag@sub.example.org', 'ops@localhost', '"quoted name"@example.com', 'a@[127.0.0.1]']) assert.ok(isEmail(ok), ok);
    for (const bad of ['Jane <jane@example.com>', 'jane@', '@example.com', 'jane..doe@example.com', 'no-at-sign']) assert.ok(!isEmail(bad), bad);
  });
});

describe('trusted registry matching', () => {
  it('matches *, *.suffix, prefix* and exact names, ignoring case', () => {
    assert.ok(registryMatches('*', 'anything.io'));
    assert.ok(registryMatches('*.example.com', 'mirror.example.com'));
    assert.ok(!registryMatches('*.example.com', 'example.com'));
    assert.ok(registryMatches('registry-*', 'registry-eu.corp'));
    assert.ok(registryMatches('Quay.IO', 'quay.io'));
    assert.ok(!registryMatches('quay.io', 'quay.io.evil.com'));
  });

  it('treats an image without a registry as Docker Hub, and scratch as always allowed', () => {
    assert.ok(isTrustedImage(parseImageRef('ubuntu:24.04'), ['docker.io']));
    assert.ok(isTrustedImage(parseImageRef('ubuntu:24.04'), ['hub.docker.com']));
    assert.ok(!isTrustedImage(parseImageRef('ubuntu:24.04'), ['quay.io']));
    assert.ok(isTrustedImage(parseImageRef('docker.io/library/ubuntu:24.04'), ['docker.io']));
    assert.ok(isTrustedImage(parseImageRef('scratch'), ['quay.io']));
    assert.ok(!isTrustedImage(parseImageRef('localhost:5000/app'), ['docker.io']));
  });
});

describe('rule-text trimQuotes and lastSegment (linear stand-ins for two regexes)', () => {
  it('give what the regexes gave, on random words of quotes, slashes and letters', () => {
    let s = 11;
    const next = (): number => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    const alpha = `"'/\\ab.`;
    for (let i = 0; i < 5000; i++) {
      const w = Array.from({ length: Math.floor(next() * 9) }, () => alpha[Math.floor(next() * alpha.length)]).join('');
      assert.equal(trimQuotes(w), w.replace(/^["']+|["']+$/g, ''), JSON.stringify(w));
      assert.equal(lastSegment(w), (/[^/\\]*$/.exec(w) as RegExpExecArray)[0], JSON.stringify(w));
    }
  });
});
