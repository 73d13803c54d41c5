import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { lintText, prepareLinter } from '../../src/engine/lint';
import { repoRoot } from '../helpers/shared';
import { REFERENCE } from '../../src/model/docker-reference';
import { EMAIL, URI } from '../../src/model/query/label-formats';
import { baseImageTagPatterns } from '../../src/estimate/base-images';
import { matchSegment } from '../../src/simulate/paths';

/**
 * RegExps built at run time, by file: each must be listed here with the compiled expressions it builds, so they get
 * the same adversarial inputs as the literals.
 */
const DYNAMIC: Record<string, () => RegExp[]> = {
  'src/model/docker-reference.ts': () => [REFERENCE],
  'src/model/query/label-formats.ts': () => [URI, EMAIL],
  'src/estimate/base-images.ts': () => [...baseImageTagPatterns().values()],
};

/**
 * Globs from COPY sources: matched by a wildcard matcher (no RegExp over the name); only a `[...]` class becomes a
 * RegExp, and it tests a single character. The test below checks adversarial globs on long names.
 */
const SEGMENT_GLOBS = new Set(['src/simulate/paths.ts']);

/** RegExps built only from a literal escaped for RegExp (no user-controlled quantifier): linear by construction. */
const ESCAPED_LITERALS = new Set(['src/simulate/report.ts', 'rules/build-tools-in-final-stage.ts', ...SEGMENT_GLOBS]);

/** Every regular expression literal (and `new RegExp` call) in src/ and rules/, read from the TypeScript source. */
function regexesInSource(): { where: string; re: RegExp | null; text: string }[] {
  const out: { where: string; re: RegExp | null; text: string }[] = [];
  const walkDir = (d: string): string[] =>
    fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walkDir(path.join(d, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [path.join(d, e.name)] : []));
  for (const file of [...walkDir(path.join(repoRoot, 'src')), ...walkDir(path.join(repoRoot, 'rules'))]) {
    const sf = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
    const visit = (node: ts.Node): void => {
      const where = `${path.relative(repoRoot, file)}:${sf.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
      if (ts.isRegularExpressionLiteral(node)) {
        const m = /^\/(.*)\/([a-z]*)$/s.exec(node.text);
        if (m) out.push({ where, re: new RegExp(m[1], m[2].replace(/[gy]/g, '')), text: node.text });
      } else if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'RegExp') {
        out.push({ where, re: null, text: node.getText() });
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return out;
}

/** Long runs of the characters regexes repeat, each ending in a character that makes the match fail late. */
function adversarial(n: number): string[] {
  const pool = ['a', 'A', '0', '_', ' ', '\t', '-', '.', '/', ':', '=', '$', '{', '}', '(', ')', '"', "'", '\\', '#', '@', ',', '*', '<', '\n', '\r\n', 'é'];
  const out: string[] = [];
  for (const c of pool) out.push(c.repeat(n) + '\u0001', '\u0001' + c.repeat(n));
  for (const a of pool) for (const b of pool) if (a !== b) out.push((a + b).repeat(n / 2) + '\u0001');
  out.push('--' + 'a'.repeat(n) + '=', 'http://' + 'a/'.repeat(n / 2), '${'.repeat(n / 2) + 'a', 'a=b '.repeat(n / 4) + '"', '# ' + 'x '.repeat(n / 2), 'RUN ' + 'a \\\n'.repeat(n / 4));
  return out;
}

describe('regular expressions that see user text', function () {
  this.timeout(600000);

  it('none backtracks catastrophically: each finishes on 20,000-character adversarial strings in bounded time', () => {
    const all = regexesInSource();
    assert.ok(all.length > 50, `found only ${all.length} regexes: the scan is broken`);
    const dynamic = all.filter((r) => r.re === null);
    // A RegExp built at run time is checked through the compiled expressions its module exposes (DYNAMIC).
    assert.deepEqual(dynamic.filter((r) => !DYNAMIC[r.where.split(':')[0]] && !ESCAPED_LITERALS.has(r.where.split(':')[0])).map((r) => `${r.where} ${r.text}`), []);
    for (const [file, get] of Object.entries(DYNAMIC)) for (const re of get()) all.push({ where: file, re, text: re.toString() });
    // Regexes that only ever see text layerlint made itself, with the reason.
    const notUserText: Record<string, string> = {
      '/\\B(?=(\\d{3})+(?!\\d))/g': 'src/image/units.ts groups the digits of a byte count (a number, at most 16 digits)',
    };
    const inputs = adversarial(20000);
    const slow: string[] = [];
    let worst = 0;
    for (const { where, re, text } of all) {
      if (!re || notUserText[text]) continue;
      for (const s of inputs) {
        const t0 = performance.now();
        re.test(s);
        s.replace(new RegExp(re.source, re.flags + 'g'), '');
        const ms = performance.now() - t0;
        worst = Math.max(worst, ms);
        if (ms > 250) slow.push(`${where} ${text} on ${JSON.stringify(s.slice(0, 12))}…: ${ms.toFixed(0)} ms`);
      }
    }
    console.log(`      ${all.length} regexes × ${inputs.length} inputs; slowest single match ${worst.toFixed(1)} ms`);
    assert.deepEqual(slow, []);
  });

  it('segment globs stay fast on long names', () => {
    const globs = ['*a*a*a*a*b', '*.*.*.*.x', '[a-z]*[0-9]*?*', 'a\\*b*'];
    const names = ['a'.repeat(20000), '.'.repeat(20000), 'a1'.repeat(10000) + '!', '*'.repeat(20000)];
    for (const g of globs) {
      for (const n of names) {
        const t0 = performance.now();
        matchSegment(g, n, true);
        assert.ok(performance.now() - t0 < 1000, `${g} on ${n.slice(0, 8)}…`);
      }
    }
  });

  it('a 100 KB URL in ADD, and other 100 KB arguments, lint in bounded time', async () => {
    await prepareLinter();
    const big = 100 * 1024;
    const cases = [
      `FROM alpine:3\nADD https://example.com/${'a/'.repeat(big / 2)} /x\n`,
      `FROM alpine:3\nADD https://${'a.'.repeat(big / 2)}com/f.tgz /x\n`,
      `FROM alpine:3\nADD ${'https://x/'.repeat(big / 10)} /x\n`,
      `FROM alpine:3\nCOPY --chown=${'1:'.repeat(big / 2)} a b\n`,
      `FROM ${'a/'.repeat(big / 2)}:${'1.'.repeat(100)}\n`,
      `FROM alpine@sha256:${'0'.repeat(big)}\n`,
      `FROM alpine:3\nLABEL ${'a="b" '.repeat(big / 6)}\n`,
      `FROM alpine:3\nEXPOSE ${'80/tcp '.repeat(big / 7)}\n`,
      `FROM alpine:3\nRUN apt-get install -y ${'pkg=1.0 '.repeat(big / 8)}\n`,
      `FROM alpine:3\nWORKDIR ${'/a'.repeat(big / 2)}\n`,
      `FROM alpine:3\nHEALTHCHECK ${'--interval=1s '.repeat(big / 14)}CMD x\n`,
      `# hadolint ignore=${'DL3008,'.repeat(big / 7)}\nFROM alpine:3\n`,
      `# syntax=${'a'.repeat(big)}\n# escape=${'\\'.repeat(big)}\nFROM alpine:3\n`,
    ];
    for (const text of cases) {
      const t0 = performance.now();
      const r = lintText(text);
      const ms = performance.now() - t0;
      assert.ok(!r.findings.some((f) => f.rule === 'internal-error'), text.slice(0, 60));
      assert.ok(ms < 20000, `${JSON.stringify(text.slice(0, 40))}: ${ms.toFixed(0)} ms`);
    }
  });
});
