import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DidChangeWatchedFilesNotification,
  MessageType,
  ShowMessageNotification,
  TextDocuments,
  TextDocumentSyncKind,
  type CodeAction,
  type CodeActionParams,
  type Connection,
  type Hover,
  type HoverParams,
  type InitializeParams,
  type InitializeResult,
  type InlayHint,
  type InlayHintParams,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { isDockerfileName } from '../cli/discover';
import type { Finding } from '../engine/api';
import { fixUntilStable } from '../engine/apply-fix';
import { ConfigError, loadConfigFor, type LoadedConfig } from '../engine/config';
import { instructionAt, lintText, prepareLinter, type LintOptions } from '../engine/lint';
import { getRegistry } from '../engine/registry';
import { catalogFromMetas, type RuleCatalog } from '../format/context';
import { analysesFrom, type Simulator } from '../format/layer-costs';
import type { DockerfileModel } from '../model/types';
import { BOM, stripBom } from '../parse/text';
import { codeActions, FIX_ALL_KIND } from './actions';
import { fromLspPosition, toDiagnostic, toLspPosition } from './convert';
import { instructionHover, layerHintLabel } from './hover';

/**
 * A slower check (ShellCheck and the like) that runs after the fast diagnostics are out and never delays them.
 * It gets an AbortSignal that fires when the document changes again, and returns findings to add.
 */
export type SlowStage = (input: { text: string; model: DockerfileModel; options: LintOptions; signal: AbortSignal }) => Promise<Finding[]>;

export interface ServerOptions {
  /** Wait after the last change before linting again (ms). `initializationOptions.debounceMs` overrides it. */
  debounceMs?: number;
  /**
   * Quiet time after a lint before the slow stages start (ms; default 300). Each is a process (ShellCheck): started on
   * every keystroke, each one was killed by the next edit after costing a fork and a few files, and it took CPU from
   * the fast path. `initializationOptions.slowDelayMs` overrides it.
   */
  slowDelayMs?: number;
  slowStages?: readonly SlowStage[];
  simulator?: Simulator | null;
  /** Folder for documents that are not files (untitled buffers), when the client names no workspace. */
  cwd?: string;
}

const CONFIG_NAMES = ['.layerlint.yaml', '.layerlint.yml', '.layerlint.json', '.hadolint.yaml', '.hadolint.yml'];

interface DocState {
  /** Version the stored results belong to. */
  version: number;
  bom: boolean;
  model: DockerfileModel;
  options: LintOptions;
  fast: Finding[];
  slow: Finding[];
  timer: NodeJS.Timeout | null;
  abort: AbortController | null;
}

/** Wire the language features onto a connection. Returns a disposer used by in-process tests. */
export function startServer(connection: Connection, opts: ServerOptions = {}): { dispose(): void } {
  const documents = new TextDocuments(TextDocument);
  const states = new Map<string, DocState>();
  const configs = new Map<string, LoadedConfig>();
  const warned = new Set<string>();
  const simulator = opts.simulator ?? null;
  const slowStages = opts.slowStages ?? [];
  let debounceMs = opts.debounceMs ?? 150;
  let slowDelayMs = opts.slowDelayMs ?? 300;
  let rootDir = opts.cwd ?? process.cwd();
  let catalog: RuleCatalog | null = null;
  let watchRegistration = false;
  let shuttingDown = false;

  const rules = (): RuleCatalog => (catalog ??= catalogFromMetas(getRegistry().rules.map((r) => r.meta), null));

  const isDockerfile = (doc: TextDocument): boolean => {
    const lang = doc.languageId.toLowerCase();
    if (lang === 'dockerfile' || lang === 'containerfile') return true;
    return isDockerfileName(path.posix.basename(doc.uri.replace(/[?#].*$/, '')));
  };

  const dirOf = (uri: string): string => {
    if (uri.startsWith('file:')) {
      try {
        return path.dirname(fileURLToPath(uri));
      } catch {
        return rootDir;
      }
    }
    return rootDir;
  };

  const filePathOf = (uri: string): string => {
    try {
      return uri.startsWith('file:') ? fileURLToPath(uri) : uri;
    } catch {
      return uri;
    }
  };

  const configFor = (uri: string): LoadedConfig => {
    const dir = dirOf(uri);
    const hit = configs.get(dir);
    if (hit) return hit;
    let loaded: LoadedConfig;
    try {
      loaded = loadConfigFor(dir, null);
    } catch (err) {
      const msg = err instanceof ConfigError ? err.message : String(err);
      if (!warned.has(msg)) {
        warned.add(msg);
        // A notification, not window/showMessageRequest: nothing for the user to answer.
        void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: `layerlint: ${msg} (using the default configuration)` });
      }
      loaded = { config: {}, file: null, fromHadolint: false };
    }
    configs.set(dir, loaded);
    return loaded;
  };

  const publish = (doc: TextDocument, st: DocState): void => {
    const diagnostics = [...st.fast, ...st.slow].map((f) => toDiagnostic(f, rules().get(f.rule).docs, st.bom));
    void connection.sendDiagnostics({ uri: doc.uri, version: st.version, diagnostics });
  };

  /** Fast path: the synchronous rule engine, published at once; then the slow stages, merged when they finish. */
  const lintNow = (doc: TextDocument): void => {
    const prev = states.get(doc.uri);
    if (prev?.timer) clearTimeout(prev.timer);
    prev?.abort?.abort();
    const raw = doc.getText();
    const options: LintOptions = { config: { ...configFor(doc.uri).config }, filePath: filePathOf(doc.uri), analyses: analysesFrom(simulator) };
    const result = lintText(stripBom(raw), options);
    const st: DocState = { version: doc.version, bom: raw.startsWith(BOM), model: result.model, options, fast: result.findings, slow: [], timer: null, abort: null };
    states.set(doc.uri, st);
    publish(doc, st);
    if (slowStages.length > 0 && options.config?.shellcheck !== false) runSlow(doc, st);
  };

  const runSlow = (doc: TextDocument, st: DocState): void => {
    const abort = new AbortController();
    st.abort = abort;
    const start = (): void => {
      if (abort.signal.aborted || states.get(doc.uri) !== st || shuttingDown) return;
      const input = { text: st.model.text, model: st.model, options: st.options, signal: abort.signal };
      void Promise.allSettled(slowStages.map((stage) => stage(input))).then((settled) => {
        if (abort.signal.aborted || states.get(doc.uri) !== st || shuttingDown) return;
        st.slow = settled.flatMap((s) => (s.status === 'fulfilled' ? s.value : []));
        st.abort = null;
        if (st.slow.length > 0) publish(doc, st);
      });
    };
    if (slowDelayMs <= 0) return start();
    // An edit within the quiet time aborts, and the slow stages never start for this version.
    const timer = setTimeout(start, slowDelayMs);
    abort.signal.addEventListener('abort', () => clearTimeout(timer), { once: true });
  };

  const schedule = (doc: TextDocument, st: DocState): void => {
    if (st.timer) clearTimeout(st.timer);
    st.abort?.abort();
    st.timer = setTimeout(() => {
      st.timer = null;
      const latest = documents.get(doc.uri);
      if (latest && !shuttingDown) safely(() => lintNow(latest));
    }, debounceMs);
  };

  const safely = (fn: () => void): void => {
    try {
      fn();
    } catch (err) {
      connection.console.error(`layerlint: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    }
  };

  /** Current results for a document, linting now when the stored ones are for an older version. */
  const current = (uri: string): { doc: TextDocument; st: DocState } | null => {
    const doc = documents.get(uri);
    if (!doc || !isDockerfile(doc)) return null;
    let st = states.get(uri);
    if (!st || st.version !== doc.version) {
      lintNow(doc);
      st = states.get(uri);
    }
    return st ? { doc, st } : null;
  };

  const relintAll = (): void => {
    configs.clear();
    warned.clear();
    for (const doc of documents.all()) if (isDockerfile(doc)) safely(() => lintNow(doc));
  };

  connection.onInitialize(async (params: InitializeParams): Promise<InitializeResult> => {
    const init = params.initializationOptions as { debounceMs?: unknown; slowDelayMs?: unknown } | undefined;
    if (init && typeof init.debounceMs === 'number' && init.debounceMs >= 0) debounceMs = init.debounceMs;
    if (init && typeof init.slowDelayMs === 'number' && init.slowDelayMs >= 0) slowDelayMs = init.slowDelayMs;
    const folder = params.workspaceFolders?.[0]?.uri ?? params.rootUri;
    if (folder?.startsWith('file:')) rootDir = fileURLToPath(folder);
    watchRegistration = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    await prepareLinter();
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: ['quickfix', FIX_ALL_KIND] },
        hoverProvider: true,
        ...(simulator ? { inlayHintProvider: true } : {}),
      },
      serverInfo: { name: 'layerlint', version: packageVersion() },
    };
  });

  connection.onInitialized(() => {
    if (!watchRegistration) return;
    void connection.client.register(DidChangeWatchedFilesNotification.type, {
      watchers: [{ globPattern: '**/.layerlint.{yaml,yml,json}' }, { globPattern: '**/.hadolint.{yaml,yml}' }],
    });
  });

  documents.onDidOpen((e) => {
    if (isDockerfile(e.document)) safely(() => lintNow(e.document));
  });
  documents.onDidChangeContent((e) => {
    // onDidOpen already linted the first version; later versions wait for the typing to pause.
    const st = states.get(e.document.uri);
    if (!isDockerfile(e.document) || !st || st.version === e.document.version) return;
    schedule(e.document, st);
  });
  documents.onDidClose((e) => {
    const st = states.get(e.document.uri);
    if (st?.timer) clearTimeout(st.timer);
    st?.abort?.abort();
    states.delete(e.document.uri);
    if (isDockerfile(e.document)) void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });
  documents.onDidSave((e) => {
    if (CONFIG_NAMES.includes(path.posix.basename(e.document.uri))) relintAll();
  });
  connection.onDidChangeWatchedFiles(() => relintAll());

  connection.onCodeAction((params: CodeActionParams): CodeAction[] => {
    const cur = current(params.textDocument.uri);
    if (!cur) return [];
    const { st } = cur;
    return codeActions({
      uri: params.textDocument.uri,
      model: st.model,
      findings: [...st.fast, ...st.slow],
      bom: st.bom,
      diagnostics: params.context.diagnostics,
      range: params.range,
      only: params.context.only,
      fixAll: () => {
        const outcome = fixUntilStable(st.model.text, (t) => lintText(t, st.options).findings);
        return outcome.text === st.model.text ? null : outcome.text;
      },
    });
  });

  connection.onHover((params: HoverParams): Hover | null => {
    const cur = current(params.textDocument.uri);
    if (!cur) return null;
    const { st } = cur;
    const pos = fromLspPosition(params.position, st.bom);
    const ins = instructionAt(st.model, { start: pos, end: pos });
    if (!ins) return null;
    const target = ins.trigger && pos.column > ins.keywordRange.end.column ? ins.trigger : ins;
    return { contents: instructionHover(st.model, target, simulator ? simulator.costs(st.model) : null, simulator !== null), range: { start: toLspPosition(ins.range.start, st.bom), end: toLspPosition(ins.range.end, st.bom) } };
  });

  connection.languages.inlayHint.on((params: InlayHintParams): InlayHint[] => {
    const cur = current(params.textDocument.uri);
    if (!cur || !simulator) return [];
    const costs = simulator.costs(cur.st.model);
    if (!costs) return [];
    const hints: InlayHint[] = [];
    for (const ins of cur.st.model.instructions) {
      const cost = costs.layers.find((l) => l.instruction === ins.index);
      if (!cost) continue;
      const line = ins.range.start.line;
      const at = toLspPosition({ line, column: cur.st.model.lines.lineText(line).length + 1 }, cur.st.bom);
      if (at.line < params.range.start.line || at.line > params.range.end.line) continue;
      hints.push({ position: at, label: layerHintLabel(cost), paddingLeft: true });
    }
    return hints;
  });

  connection.onShutdown(() => {
    shuttingDown = true;
    for (const st of states.values()) {
      if (st.timer) clearTimeout(st.timer);
      st.abort?.abort();
    }
  });

  documents.listen(connection);
  return {
    dispose() {
      shuttingDown = true;
      for (const st of states.values()) {
        if (st.timer) clearTimeout(st.timer);
        st.abort?.abort();
      }
    },
  };
}

function packageVersion(): string {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require('../../../package.json') as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}
