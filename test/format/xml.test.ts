import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import type { Finding } from '../../src/engine/api';
import { formatCheckstyle } from '../../src/format/checkstyle';
import { RuleCatalog, type ReportContext } from '../../src/format/context';
import { formatJunit } from '../../src/format/junit';
import type { FileResult } from '../../src/format/types';
import { xmlAttr } from '../../src/format/xml';
import { needProgram } from '../helpers/programs';

/** Parse XML with Python's expat-based ElementTree (a strict, conforming parser) and return the tree as JSON. */
interface Node {
  tag: string;
  attrs: Record<string, string>;
  text: string;
  children: Node[];
}

const PY = `
import sys, json, xml.etree.ElementTree as ET
def conv(e):
    return {"tag": e.tag, "attrs": dict(e.attrib), "text": e.text or "", "children": [conv(c) for c in e]}
print(json.dumps(conv(ET.fromstring(sys.stdin.buffer.read()))))
`;

function parseXml(xml: string): Node {
  const r = spawnSync('python3', ['-c', PY], { input: xml, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`not well-formed XML: ${r.stderr}`);
  return JSON.parse(r.stdout) as Node;
}

const NASTY = 'Quotes " and \' & <tags> \u0001control\ttab\r\nnew line, emoji \u{1F600} and a lone \uD800 surrogate';
const CLEAN = 'Quotes " and \' & <tags> control\ttab\r\nnew line, emoji \u{1F600} and a lone  surrogate';

const f = (message: string, severity: Finding['severity'], line: number): Finding => ({
  rule: 'run-cd',
  aliases: ['DL3003'],
  severity,
  message,
  range: { start: { line, column: 3 }, end: { line, column: 9 } },
  fix: null,
  suggestion: null,
});

const results: FileResult[] = [
  { path: 'a & b/Dockerfile', findings: [f(NASTY, 'error', 2), f('plain', 'style', 7)] },
  { path: 'clean/Dockerfile', findings: [] },
  { path: 'gone/Dockerfile', error: 'no such <file>', findings: [] },
];
const ctx: ReportContext = { color: false, quiet: false, toolVersion: '0.0.0', cwd: '/', rules: new RuleCatalog([]) };

describe('format: checkstyle and junit XML', function () {
  before(function () {
    needProgram(this, 'python3', 'python3 (Debian package python3) parses the XML reports');
  });

  it('escapes attributes so that a parser reads back the exact text (minus characters XML cannot hold)', () => {
    const tree = parseXml(`<r a="${xmlAttr(NASTY)}"/>`);
    assert.equal(tree.attrs.a, CLEAN);
  });

  it('checkstyle: well-formed, one <file> per Dockerfile, one <error> per finding', () => {
    const tree = parseXml(formatCheckstyle(results));
    assert.equal(tree.tag, 'checkstyle');
    assert.deepEqual(tree.children.map((c) => c.attrs.name), ['a & b/Dockerfile', 'clean/Dockerfile', 'gone/Dockerfile']);
    const errors = tree.children[0].children;
    assert.deepEqual(errors.map((e) => e.attrs), [
      { line: '2', column: '3', severity: 'error', message: CLEAN, source: 'layerlint.run-cd' },
      { line: '7', column: '3', severity: 'info', message: 'plain', source: 'layerlint.run-cd' },
    ]);
    assert.equal(tree.children[1].children.length, 0);
    assert.equal(tree.children[2].children[0].attrs.message, 'no such <file>');
  });

  it('junit: well-formed; findings are failures, clean files pass, unreadable files are errors; counts add up', () => {
    const tree = parseXml(formatJunit(results, ctx));
    assert.equal(tree.tag, 'testsuites');
    assert.deepEqual(tree.attrs, { name: 'layerlint', tests: '4', failures: '2', errors: '1' });
    const [a, clean, gone] = tree.children;
    assert.deepEqual(a.attrs, { name: 'a & b/Dockerfile', tests: '2', failures: '2', errors: '0', skipped: '0' });
    assert.equal(a.children[0].attrs.name, 'run-cd at 2:3');
    const failure = a.children[0].children[0];
    assert.equal(failure.tag, 'failure');
    assert.equal(failure.attrs.type, 'error');
    assert.equal(failure.attrs.message, CLEAN);
    assert.ok(failure.text.startsWith('a & b/Dockerfile:2:3 error run-cd (DL3003)\n'));
    assert.deepEqual(clean.children.map((c) => [c.tag, c.children.length]), [['testcase', 0]]);
    assert.equal(gone.children[0].children[0].tag, 'error');
    assert.equal(gone.children[0].children[0].attrs.message, 'no such <file>');
  });
});
