import * as assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { createConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node';
import type { Diagnostic, TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol';
import type { Finding } from '../../src/engine/api';
import { lintText, prepareLinter } from '../../src/engine/lint';
import { analysesFrom, loadSimulator } from '../../src/format/layer-costs';
import { toDiagnostic } from '../../src/lsp/convert';
import { startServer } from '../../src/lsp/server';
import { clearShellCache } from '../../src/parse/shell';
import { generateDockerfile } from '../helpers/generate';
import { LspClient } from './client';

/**
 * The caches on the edit path (shell parses by script text, peeled commands per script, the lazily read package
 * index, the ShellCheck results the server keeps) must never change a result: after every step of a random edit
 * sequence, the diagnostics equal those of a fresh lint of the same text.
 */

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Lines an editor might leave at any moment: complete instructions, continuation halves, heredocs, stray text. */
const LINES = [
  'RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*',
  'RUN apt-get install -y --no-install-recommends build-essential python3',
  'RUN echo $UNDEFINED_VAR && cd /tmp',
  'RUN set -eux; \\',
  '    apt-get install -y git && \\',
  '    rm -rf /var/lib/apt/lists/*',
  'ENV APP=/srv/app PATH=/srv/app/bin:$PATH',
  'ARG VERSION=1.2.3',
  'COPY . /app',
  'COPY --from=s0 /opt/app /opt/copied',
  'FROM debian:12 AS extra',
  'FROM ${BASE} AS s9',
  'WORKDIR app',
  'USER 1000',
  'RUN pip install flask',
  'RUN rm -rf /usr/share/doc',
  'RUN <<EOF',
  'echo inside a heredoc $HOME',
  'EOF',
  '# hadolint ignore=DL3008',
  '# a comment',
  '',
  'RUN apt-get install -y pkg-$VERSION',
  'MAINTAINER someone',
  'RUN sudo yum install -y httpd && yum clean all',
  'HEALTHCHECK CMD curl -f http://localhost/ || exit 1',
  'RUN "unterminated',
];

interface Edit {
  /** LSP range in the text before the edit (0-based lines, UTF-16 characters). */
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  text: string;
}

/** A random edit of `lines`: replace, insert or delete a line, or type into one. */
function randomEdit(lines: readonly string[], next: () => number): Edit {
  const k = Math.floor(next() * lines.length);
  const pick = LINES[Math.floor(next() * LINES.length)];
  const op = next();
  if (op < 0.35) return { range: { start: { line: k, character: 0 }, end: { line: k, character: lines[k].length } }, text: pick };
  if (op < 0.6) return { range: { start: { line: k, character: 0 }, end: { line: k, character: 0 } }, text: `${pick}\n` };
  if (op < 0.75 && lines.length > 3 && k + 1 < lines.length) return { range: { start: { line: k, character: 0 }, end: { line: k + 1, character: 0 } }, text: '' };
  const at = Math.floor(next() * (lines[k].length + 1));
  const typed = [' ', 'x', '$', '\\', '"', '-y', ' && echo hi', '=1.0'][Math.floor(next() * 8)];
  return { range: { start: { line: k, character: at }, end: { line: k, character: at } }, text: typed };
}

function apply(lines: string[], e: Edit): string[] {
  const { start, end } = e.range;
  const before = lines[start.line].slice(0, start.character);
  const after = lines[end.line].slice(end.character);
  return [...lines.slice(0, start.line), ...`${before}${e.text}${after}`.split('\n'), ...lines.slice(end.line + 1)];
}

/** What a diagnostic list says, in a form to compare (the server adds documentation links; those are not compared). */
function shape(ds: readonly Diagnostic[]): string[] {
  return ds.map((d) => `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${String(d.code)} ${d.severity} ${d.message}`);
}

function shapeOfFindings(fs: readonly Finding[]): string[] {
  return shape(fs.map((f) => toDiagnostic(f, '', false)));
}

describe('incremental lint: random edit sequences give the diagnostics of a fresh lint', () => {
  before(async () => {
    await prepareLinter();
  });

  it('lintText with warm caches equals lintText with the shell parse cache emptied, at every step', function () {
    this.timeout(120_000);
    const simulator = loadSimulator();
    for (const seed of [1, 2, 3]) {
      const next = rng(seed);
      let lines = generateDockerfile(120, seed).split('\n');
      for (let step = 0; step < 60; step++) {
        lines = apply(lines, randomEdit(lines, next));
        const text = lines.join('\n');
        // The simulator caches by model object; each lint builds its own model, so each simulates afresh.
        const warm = lintText(text, { analyses: analysesFrom(simulator) });
        clearShellCache();
        const fresh = lintText(text, { analyses: analysesFrom(simulator) });
        assert.deepEqual(warm.findings, fresh.findings, `seed ${seed}, step ${step}:\n${text}`);
        assert.deepEqual(simulator?.costs(warm.model), simulator?.costs(fresh.model), `seed ${seed}, step ${step}: layer costs`);
      }
    }
  });

  it('the language server, fed incremental changes, publishes what a fresh lint of the edited text finds', async function () {
    this.timeout(120_000);
    const toServer = new PassThrough();
    const toClient = new PassThrough();
    const connection = createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
    const simulator = loadSimulator();
    const server = startServer(connection, { debounceMs: 0, simulator });
    connection.listen();
    const client = new LspClient(toClient, toServer);
    const uri = 'file:///project/Dockerfile';
    try {
      await client.initialize(null, {}, { debounceMs: 0 }, null);
      const next = rng(42);
      let lines = generateDockerfile(150, 42).split('\n');
      let version = 1;
      await client.open(uri, lines.join('\n'));
      await client.diagnosticsFor(uri, version);
      for (let step = 0; step < 80; step++) {
        // Sometimes two changes in one notification, applied in order, as editors send them.
        const changes: TextDocumentContentChangeEvent[] = [];
        for (let n = next() < 0.2 ? 2 : 1; n > 0; n--) {
          const e = randomEdit(lines, next);
          lines = apply(lines, e);
          changes.push({ range: e.range, text: e.text });
        }
        version++;
        const from = client.published.length;
        await client.change(uri, version, changes);
        const got = await client.diagnosticsFor(uri, version, from);
        clearShellCache();
        const expected = lintText(lines.join('\n'), { config: {}, filePath: '/project/Dockerfile', analyses: analysesFrom(simulator) });
        assert.deepEqual(shape(got.diagnostics), shapeOfFindings(expected.findings), `step ${step}:\n${lines.join('\n')}`);
      }
    } finally {
      server.dispose();
      client.conn.dispose();
      connection.dispose();
    }
  });
});
