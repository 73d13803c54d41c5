import * as assert from 'node:assert/strict';
import { RuleCatalog } from '../../src/format/context';
import { cell, formatMarkdown, MAX_ROWS } from '../../src/format/markdown';
import type { FileResult } from '../../src/format/types';

describe('format: markdown', () => {
  it('cell: pipes and line breaks cannot break the table; code spans stay code; HTML and emphasis are neutralised', () => {
    assert.equal(cell('a | b\nc'), 'a \\| b<br>c');
    assert.equal(cell('`apt_get | x` and *not* <b>'), '`apt_get \\| x` and \\*not\\* &lt;b&gt;');
    assert.equal(cell('/var/lib/apt/lists/*'), '/var/lib/apt/lists/\\*');
  });

  it('caps the table at MAX_ROWS rows and says how many were left out', () => {
    const many: FileResult[] = [{ path: 'Dockerfile', findings: Array.from({ length: MAX_ROWS + 3 }, (_, i) => ({ rule: 'run-cd', aliases: [], severity: 'warning' as const, message: `m${i}`, range: { start: { line: i + 1, column: 1 }, end: { line: i + 1, column: 2 } }, fix: null, suggestion: null })) }];
    const md = formatMarkdown(many, { color: false, quiet: false, toolVersion: '0', cwd: '/', rules: new RuleCatalog([]) });
    assert.equal(md.split('\n').filter((l) => l.startsWith('| 🟠')).length, MAX_ROWS);
    assert.match(md, /… and 3 more \(see the full report\)\./);
  });
});
