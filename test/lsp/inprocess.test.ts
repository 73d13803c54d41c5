import * as assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { createConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node';
import { HoverRequest, InlayHintRequest, type MarkupContent } from 'vscode-languageserver-protocol';
import type { Finding } from '../../src/engine/api';
import { simulatorFrom } from '../../src/format/layer-costs';
import type { DockerfileModel } from '../../src/model/types';
import { startServer, type ServerOptions, type SlowStage } from '../../src/lsp/server';
import { LspClient } from './client';

/**
 * The server wired to an in-memory pipe, for what a spawned server cannot be given: a slow stage whose timing the
 * test controls, and a stand-in for the layer simulation (the simulation module is another track's work).
 */
function pair(opts: ServerOptions): { client: LspClient; close(): void } {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  const connection = createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
  const server = startServer(connection, opts);
  connection.listen();
  const client = new LspClient(toClient, toServer);
  return {
    client,
    close() {
      server.dispose();
      client.conn.dispose();
      connection.dispose();
    },
  };
}

const URI = 'file:///project/Dockerfile';
const TEXT = 'FROM debian:12\nRUN apt-get update\nENV A=1\nCOPY . /app\n';

function deferred<T>(): { promise: Promise<T>; resolve(v: T): void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}


/** What the test slow stages report: one finding naming the length of the text they checked. */
function slowFindings(text: string): Finding[] {
  return [{ rule: 'SC1000', aliases: [], severity: 'info', message: `slow for ${text.length}`, range: { start: { line: 1, column: 1 }, end: { line: 1, column: 2 } }, fix: null, suggestion: null }];
}

describe('language server (in-process): slow stages and the layer simulation', () => {
  it('fast diagnostics are published before a slow stage finishes; its findings are merged when it does', async () => {
    const gate = deferred<void>();
    let calls = 0;
    const slow: SlowStage = async ({ model }) => {
      calls++;
      await gate.promise;
      const run = model.instructions[1];
      return [{ rule: 'SC2086', aliases: [], severity: 'info', message: 'slow finding', range: run.range, fix: null, suggestion: null } satisfies Finding];
    };
    const { client, close } = pair({ slowStages: [slow], debounceMs: 10 });
    try {
      await client.initialize(null, {}, undefined, null);
      await client.open(URI, TEXT);
      const fast = await client.diagnosticsFor(URI, 1);
      assert.ok(fast.diagnostics.length > 0);
      assert.ok(!fast.diagnostics.some((d) => d.code === 'SC2086'), 'the fast publish does not wait for the slow stage');
      gate.resolve();
      const merged = await client.until('merged diagnostics', () => client.published.find((p) => p.diagnostics.some((d) => d.code === 'SC2086')));
      assert.equal(merged.version, 1);
      assert.equal(merged.diagnostics.length, fast.diagnostics.length + 1);
      assert.equal(merged.diagnostics.find((d) => d.code === 'SC2086')?.codeDescription?.href, 'https://www.shellcheck.net/wiki/SC2086');
      assert.equal(calls, 1);
    } finally {
      close();
    }
  });

  it('a slow stage overtaken by an edit is aborted and its findings never published', async () => {
    const gates: { resolve(v: void): void }[] = [];
    const signals: AbortSignal[] = [];
    const slow: SlowStage = async ({ text, signal }) => {
      signals.push(signal);
      const g = deferred<void>();
      gates.push(g);
      await g.promise;
      return slowFindings(text);
    };
    // No quiet time: the first run starts at once, and the edit must abort it.
    const { client, close } = pair({ slowStages: [slow], debounceMs: 10, slowDelayMs: 0 });
    try {
      await client.initialize(null, {}, undefined, null);
      await client.open(URI, TEXT);
      await client.diagnosticsFor(URI, 1);
      await client.change(URI, 2, [{ text: TEXT + 'USER nobody\n' }]);
      await client.diagnosticsFor(URI, 2);
      assert.equal(signals.length, 2);
      assert.equal(signals[0].aborted, true, 'the first run was aborted by the edit');
      gates[0].resolve();
      gates[1].resolve();
      const merged = await client.until('slow findings for v2', () => client.published.find((p) => p.version === 2 && p.diagnostics.some((d) => d.code === 'SC1000')));
      assert.equal(merged.diagnostics.find((d) => d.code === 'SC1000')?.message, `slow for ${TEXT.length + 12}`, 'the run for the new text');
      await new Promise((r) => setTimeout(r, 50));
      assert.ok(!client.published.some((p) => p.version === 1 && p.diagnostics.some((d) => d.code === 'SC1000')), 'stale slow findings were dropped');
    } finally {
      close();
    }
  });

  it('slow stages wait for the document to stay unchanged: an edit within the quiet time means they never start for that version', async () => {
    const texts: string[] = [];
    const slow: SlowStage = async ({ text }) => {
      texts.push(text);
      return slowFindings(text);
    };
    const { client, close } = pair({ slowStages: [slow], debounceMs: 0, slowDelayMs: 200 });
    try {
      await client.initialize(null, {}, undefined, null);
      await client.open(URI, TEXT);
      await client.diagnosticsFor(URI, 1);
      await client.change(URI, 2, [{ text: TEXT + 'USER nobody\n' }]);
      await client.diagnosticsFor(URI, 2);
      const merged = await client.until('slow findings for v2', () => client.published.find((p) => p.version === 2 && p.diagnostics.some((d) => d.code === 'SC1000')));
      assert.equal(merged.diagnostics.find((d) => d.code === 'SC1000')?.message, `slow for ${TEXT.length + 12}`);
      assert.deepEqual(texts, [TEXT + 'USER nobody\n'], 'only the version that stayed unchanged was checked');
    } finally {
      close();
    }
  });

  it('with a simulation: hover shows the predicted layer size and waste, inlay hints label each layer', async () => {
    // A stand-in simulation in the shape the adapter reads: sizes per instruction index.
    const simulate = (model: DockerfileModel): unknown => ({
      imageBytes: 151_000_000,
      layers: model.instructions.filter((i) => i.createsLayer).map((i, k) => ({ instruction: i.index, bytes: (k + 1) * 25_000_000, wastedBytes: k === 0 ? 19_500_000 : 0 })),
    });
    const { client, close } = pair({ simulator: simulatorFrom(simulate) });
    try {
      const init = await client.initialize(null, {}, undefined, null);
      assert.equal(init.capabilities.inlayHintProvider, true);
      await client.open(URI, TEXT);
      await client.diagnosticsFor(URI, 1);
      const hover = await client.conn.sendRequest(HoverRequest.type, { textDocument: { uri: URI }, position: { line: 1, character: 2 } });
      assert.match((hover?.contents as MarkupContent).value, /Predicted layer size: \*\*25 MB\*\*, of which \*\*19\.5 MB\*\* is wasted/);
      const from = await client.conn.sendRequest(HoverRequest.type, { textDocument: { uri: URI }, position: { line: 0, character: 1 } });
      assert.match((from?.contents as MarkupContent).value, /Predicted image size: \*\*151 MB\*\*/);
      const hints = await client.conn.sendRequest(InlayHintRequest.type, { textDocument: { uri: URI }, range: { start: { line: 0, character: 0 }, end: { line: 10, character: 0 } } });
      assert.deepEqual(hints?.map((h) => [h.position, h.label]), [
        [{ line: 1, character: 18 }, '≈ 25 MB (19.5 MB wasted)'],
        [{ line: 3, character: 11 }, '≈ 50 MB'],
      ]);
    } finally {
      close();
    }
  });

  it('a simulation that throws or returns something unreadable degrades to "no prediction"', async () => {
    const { client, close } = pair({
      simulator: simulatorFrom(() => {
        throw new Error('boom');
      }),
    });
    try {
      await client.initialize(null, {}, undefined, null);
      await client.open(URI, TEXT);
      const diags = await client.diagnosticsFor(URI, 1);
      assert.ok(diags.diagnostics.length > 0);
      const hover = await client.conn.sendRequest(HoverRequest.type, { textDocument: { uri: URI }, position: { line: 1, character: 2 } });
      assert.match((hover?.contents as MarkupContent).value, /^\*\*RUN\*\* \(stage 0\) creates a filesystem layer\.\n\n_No size prediction for this layer\._$/);
      const hints = await client.conn.sendRequest(InlayHintRequest.type, { textDocument: { uri: URI }, range: { start: { line: 0, character: 0 }, end: { line: 10, character: 0 } } });
      assert.deepEqual(hints, []);
    } finally {
      close();
    }
  });
});
