import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { Finding } from '../../src/engine/api';
import { prepareLinter } from '../../src/engine/lint';
import { annotation, escapeData, escapeProperty, formatGithub } from '../../src/format/github';
import { runCliInProcess as runCli, tempTree } from '../helpers/cli-inprocess';
import { SAMPLE } from './sample';

/**
 * Parses a workflow command the way the Actions runner does (ActionCommand.TryParseV2): the command name up to the
 * first space, properties split on `,` then on the first `=`, the message after the first `::` that follows, and
 * the runner's unescaping (`%25` last).
 */
function parseCommand(line: string): { command: string; props: Record<string, string>; message: string } | null {
  if (!line.startsWith('::')) return null;
  const end = line.indexOf('::', 2);
  if (end < 0) return null;
  const info = line.slice(2, end);
  const space = info.indexOf(' ');
  const command = space < 0 ? info : info.slice(0, space);
  const props: Record<string, string> = {};
  if (space > 0) {
    for (const p of info.slice(space + 1).trim().split(',').filter(Boolean)) {
      const eq = p.indexOf('=');
      if (eq > 0) props[p.slice(0, eq)] = unescape(p.slice(eq + 1), true);
    }
  }
  return { command, props, message: unescape(line.slice(end + 2), false) };
}

function unescape(s: string, property: boolean): string {
  let out = s.replace(/%0D/g, '\r').replace(/%0A/g, '\n');
  if (property) out = out.replace(/%3A/g, ':').replace(/%2C/g, ',');
  return out.replace(/%25/g, '%');
}

const finding = (over: Partial<Finding>): Finding => ({
  rule: 'run-cd',
  aliases: ['DL3003'],
  severity: 'warning',
  message: 'm',
  range: { start: { line: 3, column: 5 }, end: { line: 3, column: 12 } },
  fix: null,
  suggestion: null,
  ...over,
});

describe('format: github', () => {
  it('escapes %, CR and LF in messages, and also : and , in properties', () => {
    assert.equal(escapeData('100% done\r\nnext: a,b'), '100%25 done%0D%0Anext: a,b');
    assert.equal(escapeProperty('100% done\r\nnext: a,b'), '100%25 done%0D%0Anext%3A a%2Cb');
    assert.equal(escapeData('%0A'), '%250A', 'an existing escape sequence is not mistaken for one');
  });

  it('writes file, line, col, endLine, endColumn and title=RULE, and the runner reads back exactly what was meant', () => {
    const f = finding({ message: 'Use WORKDIR: not cd, 100%\nreally', severity: 'warning' });
    const line = annotation('dir,with:odd%chars/Dockerfile', f);
    assert.equal(line, '::warning file=dir%2Cwith%3Aodd%25chars/Dockerfile,line=3,endLine=3,col=5,endColumn=12,title=run-cd::Use WORKDIR: not cd, 100%25%0Areally');
    const parsed = parseCommand(line);
    assert.deepEqual(parsed, {
      command: 'warning',
      props: { file: 'dir,with:odd%chars/Dockerfile', line: '3', endLine: '3', col: '5', endColumn: '12', title: 'run-cd' },
      message: 'Use WORKDIR: not cd, 100%\nreally',
    });
  });

  it('maps severities to error, warning and notice', () => {
    const sev = (severity: Finding['severity']): string | undefined => parseCommand(annotation('D', finding({ severity })))?.command;
    assert.deepEqual(['error', 'warning', 'info', 'style'].map((s) => sev(s as Finding['severity'])), ['error', 'warning', 'notice', 'notice']);
  });

  it('leaves out col/endColumn for a range over several lines and adds the suggestion on new lines', () => {
    const f = finding({ range: { start: { line: 3, column: 1 }, end: { line: 5, column: 9 } }, suggestion: 'RUN a \\\n  && b' });
    const parsed = parseCommand(annotation('Dockerfile', f));
    assert.deepEqual(parsed?.props, { file: 'Dockerfile', line: '3', endLine: '5', title: 'run-cd' });
    assert.equal(parsed?.message, 'm\n\nSuggested:\nRUN a \\\n  && b');
  });

  it('reports an unreadable file as an error annotation', () => {
    const out = formatGithub([{ path: 'a/Dockerfile', error: 'no such file or folder', findings: [] }]);
    assert.deepEqual(parseCommand(out.trim()), { command: 'error', props: { file: 'a/Dockerfile', title: 'layerlint' }, message: 'a/Dockerfile: no such file or folder' });
  });

  it('from the CLI: one command per finding, each parseable, paths relative to the working folder', async () => {
    await prepareLinter();
    const dir = tempTree({ 'docker/Dockerfile': SAMPLE });
    const run = await runCli(['--format', 'github', path.join(dir, 'docker/Dockerfile')], dir);
    assert.equal(run.code, 1);
    const lines = run.stdout.trimEnd().split('\n');
    assert.ok(lines.length >= 8);
    for (const l of lines) {
      const p = parseCommand(l);
      assert.ok(p, l);
      assert.equal(p.props.file, 'docker/Dockerfile');
      assert.match(p.props.line, /^\d+$/);
      assert.ok(['error', 'warning', 'notice'].includes(p.command));
    }
  });
});
