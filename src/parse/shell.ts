import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Node as TsNode, Parser as TsParser } from 'web-tree-sitter';
import type { Span } from './text';

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
    const ts = await import('web-tree-sitter');
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

/** Parse shell text; spans are mapped back to the document through `mapSpan`. */
export function parseShell(text: string, mapSpan: OffsetMapper, origin: ShellScript['origin']): ShellScript {
  if (!parser) throw new Error('shell parser used before loadShellParser()');
  const script: ShellScript = { text, commands: [], errors: [], origin };
  if (text.length > MAX_SCRIPT) {
    script.errors.push(mapSpan(0, text.length));
    return script;
  }
  const tree = parser.parse(text);
  if (!tree) return script;
  try {
    const walker = new Walker(mapSpan, script);
    walker.visit(tree.rootNode, { inSubstitution: false, conditional: false, inSubshell: false, depth: 0 });
  } finally {
    tree.delete();
  }
  return script;
}

interface WalkState {
  inSubstitution: boolean;
  conditional: boolean;
  inSubshell: boolean;
  depth: number;
}

const MAX_DEPTH = 400;

class Walker {
  private pendingOp: ShellOperator | null = null;

  constructor(
    private readonly mapSpan: OffsetMapper,
    private readonly script: ShellScript,
  ) {}

  visit(node: TsNode, st: WalkState): void {
    if (st.depth > MAX_DEPTH) {
      this.script.errors.push(this.mapSpan(node.startIndex, node.endIndex));
      return;
    }
    const next = { ...st, depth: st.depth + 1 };
    switch (node.type) {
      case 'ERROR':
        this.script.errors.push(this.mapSpan(node.startIndex, node.endIndex));
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

  private visitChildren(node: TsNode, st: WalkState): void {
    let conditional = st.conditional;
    for (const child of node.children) {
      if (!child) continue;
      if (!child.isNamed) {
        const t = child.type;
        if (t === '&&' || t === '||' || t === ';' || t === '|' || t === '&' || t === '|&') {
          this.pendingOp = t === '|&' ? '|' : t;
          if (t === '||') conditional = true;
        } else if (t === ';;' || t === '\n') {
          this.pendingOp = ';';
        }
        continue;
      }
      this.visit(child, { ...st, conditional });
    }
  }

  private push(cmd: Omit<ShellCommand, 'op'>): ShellCommand {
    const full: ShellCommand = { ...cmd, op: this.script.commands.length === 0 ? null : (this.pendingOp ?? ';') };
    this.pendingOp = null;
    this.script.commands.push(full);
    return full;
  }

  private command(node: TsNode, st: WalkState): void {
    const assignments: ShellCommand['assignments'] = [];
    const args: ShellWord[] = [];
    const redirects: ShellRedirect[] = [];
    let nameNode: TsNode | null = null;
    const nested: TsNode[] = [];
    for (let i = 0; i < node.childCount; i++) {
      const child = node.child(i);
      if (!child || !child.isNamed) continue;
      const field = node.fieldNameForChild(i);
      if (child.type === 'variable_assignment') {
        const n = child.childForFieldName('name');
        const v = child.childForFieldName('value');
        assignments.push({ name: n?.text ?? '', value: v ? wordValue(v) : '', span: this.mapSpan(child.startIndex, child.endIndex) });
        collectSubstitutions(child, nested);
      } else if (field === 'name') {
        nameNode = child;
        collectSubstitutions(child, nested);
      } else if (child.type === 'file_redirect' || child.type === 'heredoc_redirect' || child.type === 'herestring_redirect') {
        redirects.push(this.redirect(child));
      } else {
        args.push(this.word(child));
        collectSubstitutions(child, nested);
      }
    }
    const nameSpan = nameNode ? this.mapSpan(nameNode.startIndex, nameNode.endIndex) : this.mapSpan(node.startIndex, node.startIndex);
    const name = nameNode ? wordValue(nameNode) : '';
    // `time make` and `exec make`: the real command is the next word.
    this.push({
      name,
      nameSpan,
      args,
      assignments,
      redirects,
      span: this.mapSpan(node.startIndex, node.endIndex),
      inSubstitution: st.inSubstitution,
      conditional: st.conditional,
      inSubshell: st.inSubshell,
      heredocInput: redirects.some((r) => r.op.startsWith('<<') && r.op !== '<<<'),
    });
    for (const sub of nested) this.visit(sub, { ...st, depth: st.depth + 1 });
  }

  private testCommand(node: TsNode, st: WalkState): void {
    const first = node.child(0);
    const name = first?.type === '[[' ? '[[' : first?.type === '[' ? '[' : 'test';
    const nested: TsNode[] = [];
    collectSubstitutions(node, nested);
    this.push({
      name,
      nameSpan: this.mapSpan(node.startIndex, first ? first.endIndex : node.startIndex),
      args: [],
      assignments: [],
      redirects: [],
      span: this.mapSpan(node.startIndex, node.endIndex),
      inSubstitution: st.inSubstitution,
      conditional: st.conditional,
      inSubshell: st.inSubshell,
      heredocInput: false,
    });
    for (const sub of nested) this.visit(sub, { ...st, depth: st.depth + 1 });
  }

  private declaration(node: TsNode, st: WalkState): void {
    const first = node.child(0);
    const args: ShellWord[] = [];
    const assignments: ShellCommand['assignments'] = [];
    const nested: TsNode[] = [];
    for (const child of node.namedChildren) {
      if (!child) continue;
      if (child.type === 'variable_assignment') {
        const n = child.childForFieldName('name');
        const v = child.childForFieldName('value');
        assignments.push({ name: n?.text ?? '', value: v ? wordValue(v) : '', span: this.mapSpan(child.startIndex, child.endIndex) });
      }
      args.push(this.word(child));
      collectSubstitutions(child, nested);
    }
    this.push({
      name: first?.type ?? node.type,
      nameSpan: this.mapSpan(node.startIndex, first ? first.endIndex : node.startIndex),
      args,
      assignments,
      redirects: [],
      span: this.mapSpan(node.startIndex, node.endIndex),
      inSubstitution: st.inSubstitution,
      conditional: st.conditional,
      inSubshell: st.inSubshell,
      heredocInput: false,
    });
    for (const sub of nested) this.visit(sub, { ...st, depth: st.depth + 1 });
  }

  /** `X=1` or `X=1 Y=2` as a statement of its own: a command with no name and only assignments. */
  private assignmentStatement(node: TsNode, st: WalkState): void {
    const list = node.type === 'variable_assignment' ? [node] : node.namedChildren.filter((c): c is TsNode => !!c && c.type === 'variable_assignment');
    const assignments: ShellCommand['assignments'] = [];
    const nested: TsNode[] = [];
    for (const a of list) {
      const n = a.childForFieldName('name');
      const v = a.childForFieldName('value');
      assignments.push({ name: n?.text ?? '', value: v ? wordValue(v) : '', span: this.mapSpan(a.startIndex, a.endIndex) });
      collectSubstitutions(a, nested);
    }
    this.push({
      name: '',
      nameSpan: this.mapSpan(node.startIndex, node.startIndex),
      args: [],
      assignments,
      redirects: [],
      span: this.mapSpan(node.startIndex, node.endIndex),
      inSubstitution: st.inSubstitution,
      conditional: st.conditional,
      inSubshell: st.inSubshell,
      heredocInput: false,
    });
    for (const sub of nested) this.visit(sub, { ...st, depth: st.depth + 1 });
  }

  private redirected(node: TsNode, st: WalkState): void {
    const before = this.script.commands.length;
    const redirects: ShellRedirect[] = [];
    for (let i = 0; i < node.childCount; i++) {
      const child = node.child(i);
      if (!child || !child.isNamed) continue;
      if (node.fieldNameForChild(i) === 'redirect') redirects.push(this.redirect(child));
      else this.visit(child, st);
    }
    // The grammar hangs a list's trailing redirects on the whole list; they belong to its last command.
    const last = this.script.commands[this.script.commands.length - 1];
    if (last && this.script.commands.length > before) {
      last.redirects.push(...redirects);
      if (redirects.some((r) => r.op.startsWith('<<') && r.op !== '<<<')) last.heredocInput = true;
    }
  }

  private redirect(node: TsNode): ShellRedirect {
    let op = '';
    let target = '';
    for (let i = 0; i < node.childCount; i++) {
      const child = node.child(i);
      if (!child) continue;
      const field = node.fieldNameForChild(i);
      if (!child.isNamed) op += child.type;
      else if (child.type === 'file_descriptor') op = child.text + op;
      else if (field === 'destination' || child.type === 'heredoc_start' || (!target && child.type !== 'heredoc_body' && child.type !== 'heredoc_end' && child.type !== 'file_redirect')) {
        if (!target) target = wordValue(child);
      }
    }
    return { op, target, span: this.mapSpan(node.startIndex, node.endIndex) };
  }

  private word(node: TsNode): ShellWord {
    return { raw: node.text, value: wordValue(node), dynamic: isDynamic(node), span: this.mapSpan(node.startIndex, node.endIndex) };
  }
}

function collectSubstitutions(node: TsNode, out: TsNode[]): void {
  if (node.type === 'command_substitution' || node.type === 'process_substitution') {
    out.push(node);
    return;
  }
  for (const child of node.namedChildren) if (child) collectSubstitutions(child, out);
}

function isDynamic(node: TsNode): boolean {
  const t = node.type;
  if (t === 'simple_expansion' || t === 'expansion' || t === 'command_substitution' || t === 'arithmetic_expansion' || t === 'process_substitution') return true;
  for (const child of node.namedChildren) if (child && isDynamic(child)) return true;
  return false;
}

/** The literal value of a word: quotes removed, backslash escapes resolved, expansions kept as written. */
export function wordValue(node: TsNode): string {
  switch (node.type) {
    case 'raw_string': {
      const t = node.text;
      return t.length >= 2 ? t.slice(1, -1) : t;
    }
    case 'string':
    case 'translated_string': {
      let out = '';
      for (const child of node.namedChildren) if (child) out += child.type === 'string_content' ? child.text.replace(/\\([$`"\\\n])/g, '$1') : child.text;
      return out;
    }
    case 'ansi_c_string':
      return node.text.slice(2, -1);
    case 'concatenation': {
      let out = '';
      for (const child of node.children) if (child) out += child.isNamed ? wordValue(child) : child.text;
      return out;
    }
    case 'word':
    case 'command_name': {
      if (node.type === 'command_name' && node.namedChildren.length === 1 && node.namedChildren[0]) return wordValue(node.namedChildren[0]);
      return node.text.replace(/\\(.)/gs, '$1');
    }
    default:
      return node.text;
  }
}

/** Words of a command as plain strings (for rules that match flags and package names). */
export function argValues(cmd: ShellCommand): string[] {
  return cmd.args.map((a) => a.value);
}
