import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { PassThrough, type Readable, type Writable } from 'node:stream';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import {
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShowMessageNotification,
  ShutdownRequest,
  type ClientCapabilities,
  type InitializeResult,
  type PublishDiagnosticsParams,
  type ShowMessageParams,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol';
import { repoRoot } from '../helpers/shared';

export const BIN = path.join(repoRoot, 'bin', 'layerlint.js');

/**
 * Checks that a byte stream is nothing but LSP frames (`Content-Length: N\r\n\r\n` + N bytes of JSON): the server
 * must never print anything else on stdout.
 */
export class FrameChecker {
  private buf = Buffer.alloc(0);
  readonly problems: string[] = [];
  frames = 0;

  push(chunk: Buffer): void {
    this.buf = Buffer.concat([this.buf, chunk]);
    for (;;) {
      const headerEnd = this.buf.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const header = this.buf.subarray(0, headerEnd).toString('ascii');
      const m = /^Content-Length: (\d+)(\r\nContent-Type: [^\r\n]+)?$/i.exec(header);
      if (!m) {
        this.problems.push(`not an LSP header: ${JSON.stringify(header.slice(0, 200))}`);
        this.buf = Buffer.alloc(0);
        return;
      }
      const len = Number(m[1]);
      if (this.buf.length < headerEnd + 4 + len) return;
      const body = this.buf.subarray(headerEnd + 4, headerEnd + 4 + len).toString('utf8');
      try {
        const msg = JSON.parse(body) as { jsonrpc?: string };
        if (msg.jsonrpc !== '2.0') this.problems.push(`not JSON-RPC 2.0: ${body.slice(0, 200)}`);
      } catch {
        this.problems.push(`frame body is not JSON: ${body.slice(0, 200)}`);
      }
      this.frames++;
      this.buf = this.buf.subarray(headerEnd + 4 + len);
    }
  }
}

/** A minimal LSP client over a pair of streams, recording what the server pushes. */
export class LspClient {
  readonly conn: MessageConnection;
  readonly published: PublishDiagnosticsParams[] = [];
  readonly messages: ShowMessageParams[] = [];
  readonly requests: { method: string; params: unknown }[] = [];
  readonly frames = new FrameChecker();
  private waiters: (() => void)[] = [];

  constructor(
    input: Readable,
    readonly output: Writable,
  ) {
    const tee = new PassThrough();
    input.on('data', (c: Buffer) => {
      this.frames.push(c);
      tee.write(c);
    });
    input.on('end', () => tee.end());
    this.conn = createMessageConnection(new StreamMessageReader(tee), new StreamMessageWriter(output));
    this.conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.published.push(p);
      this.wake();
    });
    this.conn.onNotification(ShowMessageNotification.type, (p) => {
      this.messages.push(p);
      this.wake();
    });
    // Requests the server makes of the client (dynamic registration, configuration): record and accept them.
    this.conn.onRequest((method: string, params: unknown) => {
      this.requests.push({ method, params });
      this.wake();
      return null;
    });
    this.conn.listen();
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /** Resolves when `check()` returns a value (re-checked after each notification), or rejects after `ms`. */
  async until<T>(what: string, check: () => T | undefined, ms = 10000): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const v = check();
      if (v !== undefined) return v;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** The first diagnostics published for `uri` at `version` (or any version when omitted) after `from`. */
  diagnosticsFor(uri: string, version?: number, from = 0): Promise<PublishDiagnosticsParams> {
    return this.until(`diagnostics for ${uri}${version !== undefined ? ` v${version}` : ''}`, () => this.published.slice(from).find((p) => p.uri === uri && (version === undefined || p.version === version)));
  }

  /** `processId` null for in-process servers: a process id makes the server library poll for it forever. */
  initialize(rootUri: string | null, capabilities: ClientCapabilities = {}, initializationOptions?: unknown, processId: number | null = process.pid): Promise<InitializeResult> {
    return this.conn.sendRequest(InitializeRequest.type, { processId, rootUri, capabilities, initializationOptions }).then(async (r) => {
      await this.conn.sendNotification(InitializedNotification.type, {});
      return r;
    });
  }

  open(uri: string, text: string, languageId = 'dockerfile', version = 1): Promise<void> {
    return this.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version, text } });
  }

  change(uri: string, version: number, contentChanges: TextDocumentContentChangeEvent[]): Promise<void> {
    return this.conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges });
  }

  async shutdown(): Promise<void> {
    await this.conn.sendRequest(ShutdownRequest.type);
    await this.conn.sendNotification(ExitNotification.type);
  }
}

export interface SpawnedServer {
  client: LspClient;
  child: ChildProcess;
  stderr: () => string;
  exited: Promise<number | null>;
}

/** `layerlint lsp --stdio` as a child process, the way an editor starts it. */
export function spawnServer(cwd = repoRoot): SpawnedServer {
  const child = spawn(process.execPath, [BIN, 'lsp', '--stdio'], { cwd, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  let err = '';
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { client: new LspClient(child.stdout, child.stdin), child, stderr: () => err, exited };
}
