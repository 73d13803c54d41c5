import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CodeActionRequest,
  DidChangeWatchedFilesNotification,
  DiagnosticSeverity,
  FileChangeType,
  HoverRequest,
  type CodeAction,
  type Diagnostic,
  type MarkupContent,
  type TextEdit,
} from 'vscode-languageserver-protocol';
import { docsUrl } from '../../src/engine/api';
import { lintText, prepareLinter } from '../../src/engine/lint';
import { runCliInProcess as runCli, tempTree } from '../helpers/cli-inprocess';
import { spawnServer, type SpawnedServer } from './client';

const TEXT = [
  '# syntax=docker/dockerfile:1',
  'FROM ubuntu:22.04',
  'ENV APP=/app',
  'RUN apt-get update && apt-get install -y curl',
  'run echo hi',
  'CMD python app.py',
  '',
].join('\n');

const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information, style: DiagnosticSeverity.Hint };

/** What the engine itself says about `text`, as LSP diagnostics would carry it. */
function expected(text: string, config = {}): { code: string; severity: DiagnosticSeverity; range: Diagnostic['range'] }[] {
  return lintText(text, { config }).findings.map((f) => ({
    code: f.rule,
    severity: SEVERITY[f.severity],
    range: { start: { line: f.range.start.line - 1, character: f.range.start.column - 1 }, end: { line: f.range.end.line - 1, character: f.range.end.column - 1 } },
  }));
}

const shape = (ds: Diagnostic[]): { code: string; severity: DiagnosticSeverity; range: Diagnostic['range'] }[] =>
  ds.map((d) => ({ code: String(d.code), severity: d.severity as DiagnosticSeverity, range: d.range }));

function apply(text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///x', 'dockerfile', 1, text), edits);
}

function editsOf(action: CodeAction, uri: string): TextEdit[] {
  return action.edit?.changes?.[uri] ?? [];
}

describe('language server over stdio (spawned, spoken to with vscode-jsonrpc)', function () {
  let server: SpawnedServer;
  let dir: string;
  let uri: string;
  let version = 1;
  let text = TEXT;

  before(async function () {
    await prepareLinter();
    dir = tempTree({ 'app/Dockerfile': TEXT, 'app/.layerlint.yaml': 'ignore: [consecutive-run]\n' });
    uri = pathToFileURL(path.join(dir, 'app/Dockerfile')).href;
    server = spawnServer(dir);
  });

  after(async () => {
    if (server.child.exitCode === null) server.child.kill();
  });

  it('initialize: incremental sync, code actions, hover; inlay hints from the layer simulation', async () => {
    const t0 = Date.now();
    const init = await server.client.initialize(pathToFileURL(dir).href, { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } });
    console.log(`      (spawn + initialize: ${Date.now() - t0} ms)`);
    assert.deepEqual(init.capabilities.textDocumentSync, { openClose: true, change: 2, save: { includeText: false } });
    assert.deepEqual(init.capabilities.codeActionProvider, { codeActionKinds: ['quickfix', 'source.fixAll.layerlint'] });
    assert.equal(init.capabilities.hoverProvider, true);
    // The layer simulation (src/simulate) is part of the build: the server offers size hints.
    assert.equal(init.capabilities.inlayHintProvider, true);
    assert.equal(init.serverInfo?.name, 'layerlint');
    const reg = await server.client.until('watcher registration', () => server.client.requests.find((r) => r.method === 'client/registerCapability'));
    assert.match(JSON.stringify(reg.params), /\.layerlint\.\{yaml,yml,json\}/);
  });

  it('didOpen: publishes exactly the engine\'s findings, with the workspace config applied', async () => {
    const t0 = Date.now();
    await server.client.open(uri, text);
    const p = await server.client.diagnosticsFor(uri, 1);
    console.log(`      (didOpen → publishDiagnostics: ${Date.now() - t0} ms)`);
    assert.deepEqual(shape(p.diagnostics), expected(text, { ignore: ['consecutive-run'] }));
    assert.ok(p.diagnostics.length >= 4);
    assert.ok(!p.diagnostics.some((d) => d.code === 'consecutive-run'), '.layerlint.yaml beside the file is honoured');
    for (const d of p.diagnostics) {
      assert.equal(d.source, 'layerlint');
      assert.equal(d.codeDescription?.href, docsUrl(String(d.code)));
    }
  });

  it('codeAction: the finding\'s fix, and ignore-for-this-instruction / ignore-for-this-file pragmas', async () => {
    const published = server.client.published.filter((p) => p.uri === uri).at(-1);
    const diag = published?.diagnostics.find((d) => d.code === 'consistent-instruction-casing');
    assert.ok(diag);
    const actions = (await server.client.conn.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: diag.range, context: { diagnostics: [diag] } })) as CodeAction[];
    const titles = actions.map((a) => a.title);
    const fix = actions.find((a) => a.kind === 'quickfix' && a.isPreferred);
    assert.ok(fix, titles.join('\n'));
    assert.deepEqual(fix.diagnostics, [diag]);
    assert.equal(apply(text, editsOf(fix, uri)).split('\n')[4], 'RUN echo hi');
    const ignoreIns = actions.find((a) => a.title === 'Ignore consistent-instruction-casing for this instruction');
    const ignoreFile = actions.find((a) => a.title === 'Ignore consistent-instruction-casing for this file');
    assert.ok(ignoreIns && ignoreFile, titles.join('\n'));
    assert.deepEqual(apply(text, editsOf(ignoreIns, uri)).split('\n').slice(3, 6), ['RUN apt-get update && apt-get install -y curl', '# layerlint ignore=consistent-instruction-casing', 'run echo hi']);
    assert.deepEqual(apply(text, editsOf(ignoreFile, uri)).split('\n').slice(0, 3), ['# syntax=docker/dockerfile:1', '# layerlint ignore-file=consistent-instruction-casing', 'FROM ubuntu:22.04']);
    const fixAll = actions.find((a) => a.kind === 'source.fixAll.layerlint');
    assert.ok(fixAll);
    const all = apply(text, editsOf(fixAll, uri));
    assert.ok(!lintText(all, { config: { ignore: ['consecutive-run'] } }).findings.some((f) => f.fix?.safe), 'fix-all leaves nothing safely fixable');

    // Apply the instruction pragma as an incremental edit: the finding goes, the others stay.
    const edit = editsOf(ignoreIns, uri)[0];
    text = apply(text, [edit]);
    await server.client.change(uri, ++version, [{ range: edit.range, text: edit.newText }]);
    const after = await server.client.diagnosticsFor(uri, version);
    assert.deepEqual(shape(after.diagnostics), expected(text, { ignore: ['consecutive-run'] }));
    assert.ok(!after.diagnostics.some((d) => d.code === 'consistent-instruction-casing'));
    assert.equal(after.diagnostics.length, published!.diagnostics.length - 1);
  });

  it('hover: whether an instruction creates a layer; nothing on a comment line', async () => {
    const hover = (line: number) => server.client.conn.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line, character: 1 } });
    const run = await hover(3);
    assert.match((run?.contents as MarkupContent).value, /^\*\*RUN\*\* \(stage 0\) creates a filesystem layer\./);
    // ubuntu:22.04 is not in the size index and apt on it is not sized: no number is shown for an unknown.
    assert.match((run?.contents as MarkupContent).value, /No size prediction for this layer/);
    const env = await hover(2);
    assert.match((env?.contents as MarkupContent).value, /^\*\*ENV\*\* \(stage 0\) creates no filesystem layer/);
    assert.equal(await hover(0), null);
  });

  it('rapid edits: debounced to (nearly) one publish, for the last version, matching the final text', async () => {
    const start = server.client.published.length;
    const t0 = Date.now();
    // Type "RUN echo typed" on a new last line, one character per change, as fast as the pipe allows.
    const line = text.split('\n').length - 1;
    const typed = 'RUN echo typed';
    for (let i = 0; i < typed.length; i++) {
      text = apply(text, [{ range: { start: { line, character: i }, end: { line, character: i } }, newText: typed[i] }]);
      await server.client.change(uri, ++version, [{ range: { start: { line, character: i }, end: { line, character: i } }, text: typed[i] }]);
    }
    const last = await server.client.diagnosticsFor(uri, version, start);
    console.log(`      (${typed.length} edits → final diagnostics: ${Date.now() - t0} ms)`);
    const publishes = server.client.published.slice(start).filter((p) => p.uri === uri);
    assert.ok(publishes.length <= 2, `${publishes.length} publishes for ${typed.length} edits`);
    assert.deepEqual(shape(last.diagnostics), expected(text, { ignore: ['consecutive-run'] }));
  });

  it('config reload: a changed .layerlint.yaml (workspace/didChangeWatchedFiles) re-lints open files', async () => {
    const start = server.client.published.length;
    fs.writeFileSync(path.join(dir, 'app/.layerlint.yaml'), 'ignore: [json-args-recommended]\n');
    await server.client.conn.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: pathToFileURL(path.join(dir, 'app/.layerlint.yaml')).href, type: FileChangeType.Changed }] });
    const p = await server.client.diagnosticsFor(uri, version, start);
    assert.deepEqual(shape(p.diagnostics), expected(text, { ignore: ['json-args-recommended'] }));
    const before = server.client.published.slice(0, start).filter((x) => x.uri === uri).at(-1);
    assert.ok(before?.diagnostics.some((d) => d.code === 'json-args-recommended'));
    assert.ok(!p.diagnostics.some((d) => d.code === 'json-args-recommended'));
  });

  it('a broken config: a warning message, and linting goes on with the defaults', async () => {
    const start = server.client.published.length;
    fs.writeFileSync(path.join(dir, 'app/.layerlint.yaml'), 'rules: 5\n');
    await server.client.conn.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: pathToFileURL(path.join(dir, 'app/.layerlint.yaml')).href, type: FileChangeType.Changed }] });
    const p = await server.client.diagnosticsFor(uri, version, start);
    assert.deepEqual(shape(p.diagnostics), expected(text));
    const msg = await server.client.until('a warning', () => server.client.messages.find((m) => m.type === 2));
    assert.match(msg.message, /layerlint: .*\.layerlint\.yaml.*using the default configuration/);
  });

  it('non-Dockerfile documents get no diagnostics; Containerfiles by name do', async () => {
    const start = server.client.published.length;
    const py = pathToFileURL(path.join(dir, 'app/app.py')).href;
    const cf = pathToFileURL(path.join(dir, 'app/Containerfile')).href;
    await server.client.open(py, 'RUN = 1\nprint(RUN)\n', 'python');
    await server.client.open(cf, 'from alpine:3.20\n', 'plaintext');
    await server.client.diagnosticsFor(cf, 1, start);
    assert.ok(!server.client.published.slice(start).some((p) => p.uri === py));
  });

  it('survives malformed frames, non-JSON-RPC bodies, unknown methods and nonsense parameters', async () => {
    server.child.stdin?.write('Content-Length: 10\r\n\r\n{not json}');
    server.child.stdin?.write('Content-Length: 11\r\n\r\n{"hello":1}');
    await assert.rejects(server.client.conn.sendRequest('layerlint/noSuchMethod', {}), (e: { code?: number }) => e.code === -32601);
    await server.client.conn.sendNotification('layerlint/noSuchNotification', { x: 1 });
    assert.equal(await server.client.conn.sendRequest(HoverRequest.type.method, { textDocument: { uri: 42 }, position: null }), null);
    assert.deepEqual(await server.client.conn.sendRequest(CodeActionRequest.type.method, { textDocument: { uri: 'file:///nowhere/Dockerfile' }, range: null, context: {} }), []);
    const still = await server.client.conn.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 3, character: 0 } });
    assert.match((still?.contents as MarkupContent).value, /creates a filesystem layer/);
  });

  it('stdout carried nothing but protocol frames; shutdown and exit end the process with code 0', async () => {
    await server.client.shutdown();
    assert.equal(await server.exited, 0);
    assert.deepEqual(server.client.frames.problems, []);
    assert.ok(server.client.frames.frames > 10);
  });

  it('exit without shutdown ends with code 1; `lsp` without --stdio is a usage error', async () => {
    const s = spawnServer(dir);
    await s.client.initialize(null);
    await s.client.conn.sendNotification('exit');
    assert.equal(await s.exited, 1);
    const run = await runCli(['lsp'], dir);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /lsp supports only --stdio/);
  });
});
