import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Parser as TsParser, TreeCursor as TsCursor } from 'web-tree-sitter';
import type * as TreeSitter from 'web-tree-sitter';
import { ownCopy, type Span } from './text';

/** One word of a shell command: its text as written and, when it has no expansion, its literal value. */
export interface ShellWord {
  raw: string;
  /** Quotes and escapes removed; expansions are kept as written. */
  value: string;
  /** True when the word holds a parameter expansion, command substitution or arithmetic. */
  dynamic: boolean;
  span: Span;
}

export interface ShellRedirect {
  /** `>`, `>>`, `<`, `2>`, `&>`, `<<`, `<<<` ... */
  op: string;
  target: string;
  span: Span;
}

export type ShellOperator = '&&' | '||' | ';' | '|' | '&';

export interface ShellCommand {
  /** Literal command name, or the raw text when it is dynamic; `[`/`[[` for test commands. */
  name: string;
  nameSpan: Span;
  args: ShellWord[];
  assignments: { name: string; value: string; span: Span }[];
  redirects: ShellRedirect[];
  span: Span;
  /** The operator linking this command to the previous one at the same nesting level (null for the first). */
  op: ShellOperator | null;
  /** Inside `$(...)` or backticks. */
  inSubstitution: boolean;
  /** Only runs on some paths: inside if/while/case/for, a function body, or after `||`. */
  conditional: boolean;
  inSubshell: boolean;
  /** Reads a heredoc on stdin (the body is data, not commands). */
  heredocInput: boolean;
}

export interface ShellScript {
  text: string;
  commands: ShellCommand[];
  /** Error nodes from the parser (document spans). */
  errors: Span[];
  /** Where the text came from: shell-form arguments, a heredoc body, or exec form. */
  origin: 'shell' | 'heredoc' | 'exec';
}

export type OffsetMapper = (start: number, end: number) => Span;

let parser: TsParser | null = null;
let loading: Promise<TsParser> | null = null;

function grammarPath(): string {
  const candidates = [
    path.join(__dirname, '..', '..', 'data', 'tree-sitter-bash.wasm'),
    path.join(__dirname, '..', '..', '..', 'dist', 'data', 'tree-sitter-bash.wasm'),
  ];
  for (const c of candidates) if (fs.existsSync(c)) return c;
  return require.resolve('tree-sitter-bash/tree-sitter-bash.wasm');
}

/** Load the shell grammar once, on first use (start-up stays cheap for files without RUN). */
export async function loadShellParser(): Promise<void> {
  if (parser) return;
  loading ??= (async () => {
    // The CommonJS build: `import()` of the ES module started Node's ES module loader, ~10 more internal modules at
    // start-up for this one package.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ts = require('web-tree-sitter') as typeof TreeSitter;
    await ts.Parser.init();
    const lang = await ts.Language.load(fs.readFileSync(grammarPath()));
    const p = new ts.Parser();
    p.setLanguage(lang);
    parser = p;
    return p;
  })();
  await loading;
}

export function shellParserReady(): boolean {
  return parser !== null;
}

const MAX_SCRIPT = 2_000_000;
const PARSE_BUDGET_BASE_MS = 500;
const PARSE_BUDGET_PER_CHAR_MS = 0.005;

/**
 * A syntax node copied out of the WebAssembly tree in one cursor pass. Every property read on a web-tree-sitter
 * `Node` is a call into WebAssembly with its arguments marshalled through memory, and the walker below reads each node
 * several times (type, children, fields, text); plain objects make that free (parseShell took twice as long before).
 */
interface PNode {
  type: string;
  named: boolean;
  /** Field name in the parent (`name`, `value`, `redirect`, `destination`...). */
  field: string | null;
  start: number;
  end: number;
  children: PNode[];
}

/**
 * Parsed scripts by text, with spans relative to the script. The same script text comes back again and again: every
 * edit in the language server re-lints a document whose other RUN instructions did not change, and whole corpora
 * repeat `apt-get update && …` lines. A hit costs a copy with the spans mapped, not a parse. Bounded by entries and
 * by characters, least recently used first out.
 */
const CACHE_ENTRIES = 2048;
const CACHE_MAX_TEXT = 64 * 1024;
/** Bound on the cached script text: parsed commands take up to ~120 bytes per character of script, so ~15 MB at most. */
const CACHE_MAX_CHARS = 128 * 1024;
const cache = new Map<string, { own: string; commands: ShellCommand[]; errors: Span[] }>();
let cachedChars = 0;

const identity: OffsetMapper = (start, end) => ({ start, end });

/** Entries and characters held by the parse cache (for tests and benchmarks). */
export function shellCacheStats(): { entries: number; chars: number } {
  return { entries: cache.size, chars: cachedChars };
}

/** Forget the cached parses (benchmarks measure cold parses with it). */
export function clearShellCache(): void {
  cache.clear();
  cachedChars = 0;
}

/** Parse shell text; spans are mapped back to the document through `mapSpan`. */
export function parseShell(text: string, mapSpan: OffsetMapper, origin: ShellScript['origin']): ShellScript {
  if (!parser) throw new Error('shell parser used before loadShellParser()');
  const key = text.length <= CACHE_MAX_TEXT ? text : null;
  let local = key !== null ? cache.get(key) : undefined;
  if (local) {
    // Most recently used last: the first key is the one to evict. Re-inserted under the cache's own copy of the
    // text: the caller's string is a slice that would keep its whole document alive.
    cache.delete(local.own);
    cache.set(local.own, local);
  } else {
    // The text is usually a slice of the whole Dockerfile, and V8 keeps a slice's parent alive: a cache entry keyed by
    // it (and the words sliced from it) would hold every edited version of a document in the language server. The
    // cache keeps its own copy, and the commands are cut from that copy.
    const own = key !== null ? ownCopy(text) : text;
    const parsed = parseLocal(own);
    local = { own, ...parsed.script };
    if (key !== null && parsed.complete) {
      cache.set(own, local);
      cachedChars += own.length;
      while (cache.size > CACHE_ENTRIES || cachedChars > CACHE_MAX_CHARS) {
        const oldest = cache.keys().next().value as string;
        cache.delete(oldest);
        cachedChars -= oldest.length;
      }
    }
  }
  return { text, commands: local.commands.map((c) => mapCommand(c, mapSpan)), errors: local.errors.map((e) => mapSpan(e.start, e.end)), origin };
}


function mapCommand(c: ShellCommand, m: OffsetMapper): ShellCommand {
  return {
    ...c,
    nameSpan: m(c.nameSpan.start, c.nameSpan.end),
    span: m(c.span.start, c.span.end),
    args: c.args.map((a) => ({ ...a, span: m(a.span.start, a.span.end) })),
    assignments: c.assignments.map((a) => ({ ...a, span: m(a.span.start, a.span.end) })),
    redirects: c.redirects.map((r) => ({ ...r, span: m(r.span.start, r.span.end) })),
  };
}

/** Parse with script-relative spans; `complete` is false when the parse was cut short (not worth caching). */
function parseLocal(text: string): { script: { commands: ShellCommand[]; errors: Span[] }; complete: boolean } {
  const script: ShellScript = { text, commands: [], errors: [], origin: 'shell' };
  if (text.length > MAX_SCRIPT || !parser) {
    script.errors.push({ start: 0, end: text.length });
    return { script, complete: false };
  }
  // tree-sitter's error recovery is quadratic on some shapes (a long word with a stray `)` in it: 80 KB took six
  // minutes). The parse is cancelled past a budget far above any real script's (0.5 s + 5 µs per character; real
  // scripts parse at ~1 µs per character), and the script is then treated like an oversized one: an error span, no
  // commands. The budget must be spent in CPU time too, not only in wall time: on a loaded machine a descheduled
  // process passed a wall-clock budget on ordinary scripts, and the same file then gave different findings from
  // one run to the next. Reading CPU time is a system call that took ~180 µs in a corpus run (a whole run's reads
  // at the start of each parse cost 5%), so it is read only once the wall clock is past the budget, and the parse
  // is cancelled when another budget of CPU time has been spent after that. The process's CPU time counts every
  // thread: with lint threads it runs out sooner, never later.
  const startedWall = performance.now();
  const budgetMs = PARSE_BUDGET_BASE_MS + text.length * PARSE_BUDGET_PER_CHAR_MS;
  let cpuAtWallBudget: number | null = null;
  const overBudget = (): boolean => {
    if (cpuAtWallBudget === null) {
      if (performance.now() - startedWall <= budgetMs) return false;
      cpuAtWallBudget = cpuMs();
      return false;
    }
    return cpuMs() - cpuAtWallBudget > budgetMs;
  };
  // The callback's result cancels the parse when true (web-tree-sitter's typings say void; its code uses the value).
  const tree = parser.parse(text, null, { progressCallback: overBudget as unknown as () => void });
  if (!tree) {
    // A cancelled parse would otherwise resume on the next call, with the next script's text.
    parser.reset();
    script.errors.push({ start: 0, end: text.length });
    return { script, complete: false };
  }
  let root: PNode;
  try {
    root = copyTree(tree.walk());
  } finally {
    tree.delete();
  }
  const walker = new Walker(identity, script, text);
  walker.visit(root, { inSubstitution: false, conditional: false, inSubshell: false, depth: 0 });
  return { script, complete: true };
}

/** CPU time of the process (user and system), in milliseconds. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Copy the tree under the cursor into plain objects, iteratively (deep nesting cannot overflow the stack). */
function copyTree(c: TsCursor): PNode {
  try {
    const root: PNode = { type: c.nodeType, named: c.nodeIsNamed, field: null, start: c.startIndex, end: c.endIndex, children: [] };
    const stack: PNode[] = [];
    let parent = root;
    if (!c.gotoFirstChild()) return root;
    for (;;) {
      const n: PNode = { type: c.nodeType, named: c.nodeIsNamed, field: c.currentFieldName, start: c.startIndex, end: c.endIndex, children: [] };
      parent.children.push(n);
      if (c.gotoFirstChild()) {
        stack.push(parent);
        parent = n;
        continue;
      }
      while (!c.gotoNextSibling()) {
        const up = stack.pop();
        if (!up || !c.gotoParent()) return root;
        parent = up;
      }
    }
  } finally {
    c.delete();
  }
}

interface WalkState {
  inSubstitution: boolean;
  conditional: boolean;
  inSubshell: boolean;
  depth: number;
}

const MAX_DEPTH = 400;

function named(node: PNode): PNode[] {
  return node.children.filter((c) => c.named);
}

function fieldChild(node: PNode, field: string): PNode | null {
  return node.children.find((c) => c.field === field) ?? null;
}

class Walker {
  private pendingOp: ShellOperator | null = null;

  constructor(
    private readonly mapSpan: OffsetMapper,
    private readonly script: ShellScript,
    private readonly text: string,
  ) {}

  private textOf(node: PNode): string {
    return this.text.slice(node.start, node.end);
  }

  visit(node: PNode, st: WalkState): void {
    if (st.depth > MAX_DEPTH) {
      this.script.errors.push(this.mapSpan(node.start, node.end));
      return;
    }
    const next = { ...st, depth: st.depth + 1 };
    switch (node.type) {
      case 'ERROR':
        this.script.errors.push(this.mapSpan(node.start, node.end));
        this.visitChildren(node, next);
        return;
      case 'command':
        this.command(node, st);
        return;
      case 'test_command':
        this.testCommand(node, st);
        return;
      case 'declaration_command':
      case 'unset_command':
        this.declaration(node, st);
        return;
      case 'variable_assignment':
      case 'variable_assignments':
        this.assignmentStatement(node, st);
        return;
      case 'redirected_statement':
        this.redirected(node, next);
        return;
      case 'if_statement':
      case 'while_statement':
      case 'for_statement':
      case 'c_style_for_statement':
      case 'case_statement':
      case 'function_definition':
        this.visitChildren(node, { ...next, conditional: true });
        return;
      case 'subshell':
        this.visitChildren(node, { ...next, inSubshell: true });
        return;
      case 'command_substitution':
      case 'process_substitution': {
        const saved = this.pendingOp;
        this.pendingOp = null;
        this.visitChildren(node, { ...next, inSubstitution: true });
        this.pendingOp = saved;
        return;
      }
      case 'heredoc_body':
        return;
      default:
        this.visitChildren(node, next);
    }
  }

  private visitChildren(node: PNode, st: WalkState): void {
    let conditional = st.conditional;
    for (const child of node.children) {
      if (!child.named) {
        const t = child.type;
        if (t === '&&' || t === '||' || t === ';' || t === '|' || t === '&' || t === '|&') {
          this.pendingOp = t === '|&' ? '|' : t;
          if (t === '||') conditional = true;
        } else if (t === ';;' || t === '\n') {
          this.pendingOp = ';';
        }
        continue;
      }
      this.visit(child, conditional === st.conditional ? st : { ...st, conditional });
    }
  }

  private push(cmd: Omit<ShellCommand, 'op'>): ShellCommand {
    const full: ShellCommand = { ...cmd, op: this.script.commands.length === 0 ? null : (this.pendingOp ?? ';') };
    this.pendingOp = null;
    this.script.commands.push(full);
    return full;
  }

  private assignment(child: PNode): ShellCommand['assignments'][number] {
    const n = fieldChild(child, 'name');
    const v = fieldChild(child, 'value');
    return { name: n ? this.textOf(n) : '', value: v ? this.wordValue(v) : '', span: this.mapSpan(child.start, child.end) };
  }

  private command(node: PNode, st: WalkState): void {
    const assignments: ShellCommand['assignments'] = [];
    const args: ShellWord[] = [];
    const redirects: ShellRedirect[] = [];
    let nameNode: PNode | null = null;
    const nested: PNode[] = [];
    for (const child of node.children) {
      if (!child.named) continue;
      if (child.type === 'variable_assignment') {
        assignments.push(this.assignment(child));
        collectSubstitutions(child, nested);
      } else if (child.field === 'name') {
        nameNode = child;
        collectSubstitutions(child, nested);
      } else if (child.type === 'file_redirect' || child.type === 'heredoc_redirect' || child.type === 'herestring_redirect') {
        redirects.push(this.redirect(child));
      } else {
        args.push(this.word(child));
        collectSubstitutions(child, nested);
      }
    }
    const nameSpan = nameNode ? this.mapSpan(nameNode.start, nameNode.end) : this.mapSpan(node.start, node.start);
    const name = nameNode ? this.wordValue(nameNode) : '';
    this.push({
      name,
      nameSpan,
      args,
      assignments,
      redirects,
      span: this.mapSpan(node.start, node.end),
      inSubstitution: st.inSubstitution,
      conditional: st.conditional,
      inSubshell: st.inSubshell,
      heredocInput: redirects.some((r) => r.op.startsWith('<<') && r.op !== '<<<'),
    });
    for (const sub of nested) this.visit(sub, { ...st, depth: st.depth + 1 });
  }

  private testCommand(node: PNode, st: WalkState): void {
    const first = node.children[0];
    const name = first?.type === '[[' ? '[[' : first?.type === '[' ? '[' : 'test';
    const nested: PNode[] = [];
    collectSubstitutions(node, nested);
    this.push({
      name,
      nameSpan: this.mapSpan(node.start, first ? first.end : node.start),
      args: [],
      assignments: [],
      redirects: [],
      span: this.mapSpan(node.start, node.end),
      inSubstitution: st.inSubstitution,
      conditional: st.conditional,
      inSubshell: st.inSubshell,
      heredocInput: false,
    });
    for (const sub of nested) this.visit(sub, { ...st, depth: st.depth + 1 });
  }

  private declaration(node: PNode, st: WalkState): void {
    const first = node.children[0];
    const args: ShellWord[] = [];
    const assignments: ShellCommand['assignments'] = [];
    const nested: PNode[] = [];
    for (const child of node.children) {
      if (!child.named) continue;
      if (child.type === 'variable_assignment') assignments.push(this.assignment(child));
      args.push(this.word(child));
      collectSubstitutions(child, nested);
    }
    this.push({
      name: first?.type ?? node.type,
      nameSpan: this.mapSpan(node.start, first ? first.end : node.start),
      args,
      assignments,
      redirects: [],
      span: this.mapSpan(node.start, node.end),
      inSubstitution: st.inSubstitution,
      conditional: st.conditional,
      inSubshell: st.inSubshell,
      heredocInput: false,
    });
    for (const sub of nested) this.visit(sub, { ...st, depth: st.depth + 1 });
  }

  /** `X=1` or `X=1 Y=2` as a statement of its own: a command with no name and only assignments. */
  private assignmentStatement(node: PNode, st: WalkState): void {
    const list = node.type === 'variable_assignment' ? [node] : node.children.filter((c) => c.named && c.type === 'variable_assignment');
    const assignments: ShellCommand['assignments'] = [];
    const nested: PNode[] = [];
    for (const a of list) {
      assignments.push(this.assignment(a));
      collectSubstitutions(a, nested);
    }
    this.push({
      name: '',
      nameSpan: this.mapSpan(node.start, node.start),
      args: [],
      assignments,
      redirects: [],
      span: this.mapSpan(node.start, node.end),
      inSubstitution: st.inSubstitution,
      conditional: st.conditional,
      inSubshell: st.inSubshell,
      heredocInput: false,
    });
    for (const sub of nested) this.visit(sub, { ...st, depth: st.depth + 1 });
  }

  private redirected(node: PNode, st: WalkState): void {
    const before = this.script.commands.length;
    const redirects: ShellRedirect[] = [];
    for (const child of node.children) {
      if (!child.named) continue;
      if (child.field === 'redirect') redirects.push(this.redirect(child));
      else this.visit(child, st);
    }
    // The grammar hangs a list's trailing redirects on the whole list; they belong to its last command.
    const last = this.script.commands[this.script.commands.length - 1];
    if (last && this.script.commands.length > before) {
      last.redirects.push(...redirects);
      if (redirects.some((r) => r.op.startsWith('<<') && r.op !== '<<<')) last.heredocInput = true;
    }
  }

  private redirect(node: PNode): ShellRedirect {
    let op = '';
    let target = '';
    for (const child of node.children) {
      if (!child.named) op += child.type;
      else if (child.type === 'file_descriptor') op = this.textOf(child) + op;
      else if (child.field === 'destination' || child.type === 'heredoc_start' || (!target && child.type !== 'heredoc_body' && child.type !== 'heredoc_end' && child.type !== 'file_redirect')) {
        if (!target) target = this.wordValue(child);
      }
    }
    return { op, target, span: this.mapSpan(node.start, node.end) };
  }

  private word(node: PNode): ShellWord {
    return { raw: this.textOf(node), value: this.wordValue(node), dynamic: isDynamic(node), span: this.mapSpan(node.start, node.end) };
  }

  /** The literal value of a word: quotes removed, backslash escapes resolved, expansions kept as written. */
  private wordValue(node: PNode): string {
    switch (node.type) {
      case 'raw_string': {
        const t = this.textOf(node);
        return t.length >= 2 ? t.slice(1, -1) : t;
      }
      case 'string':
      case 'translated_string': {
        let out = '';
        for (const child of node.children) {
          if (!child.named) continue;
          const t = this.textOf(child);
          out += child.type === 'string_content' ? t.replace(/\\([$`"\\\n])/g, '$1') : t;
        }
        return out;
      }
      case 'ansi_c_string':
        return this.textOf(node).slice(2, -1);
      case 'concatenation': {
        let out = '';
        for (const child of node.children) out += child.named ? this.wordValue(child) : this.textOf(child);
        return out;
      }
      case 'word':
      case 'command_name': {
        if (node.type === 'command_name') {
          const kids = named(node);
          if (kids.length === 1) return this.wordValue(kids[0]);
        }
        return this.textOf(node).replace(/\\(.)/gs, '$1');
      }
      default:
        return this.textOf(node);
    }
  }
}

function collectSubstitutions(node: PNode, out: PNode[]): void {
  if (node.type === 'command_substitution' || node.type === 'process_substitution') {
    out.push(node);
    return;
  }
  for (const child of node.children) if (child.named) collectSubstitutions(child, out);
}

function isDynamic(node: PNode): boolean {
  const t = node.type;
  if (t === 'simple_expansion' || t === 'expansion' || t === 'command_substitution' || t === 'arithmetic_expansion' || t === 'process_substitution') return true;
  for (const child of node.children) if (child.named && isDynamic(child)) return true;
  return false;
}

/** Words of a command as plain strings (for rules that match flags and package names). */
export function argValues(cmd: ShellCommand): string[] {
  return cmd.args.map((a) => a.value);
}
