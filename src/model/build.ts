import { DockerfileParser } from 'dockerfile-ast';
import type { Flag as AstFlag, Heredoc as AstHeredoc, Instruction as AstInstruction } from 'dockerfile-ast';
import { expandVariables } from '../parse/expand';
import { joinContinuations, mapSpan, type JoinedText } from '../parse/join';
import { parseShell, shellParserReady, type ShellScript } from '../parse/shell';
import { LineIndex, stripBom, type Span } from '../parse/text';
import { parseImageRef } from './image-ref';
import { parseKeyValues, splitWords } from './kv';
import { isLayerInstruction } from './layers';
import {
  KNOWN_KEYWORDS,
  type Arg,
  type Builder,
  type Comment,
  type Directive,
  type DockerfileModel,
  type Flag,
  type Heredoc,
  type Instruction,
  type ParseProblem,
  type Stage,
  type VarBinding,
} from './types';

export interface ModelOptions {
  buildArgs?: ReadonlyMap<string, string> | Record<string, string>;
  target?: string;
  builder?: Builder;
  /** Platform for the predefined TARGET and BUILD ARGs. */
  platform?: string;
}

type LspRange = { start: { line: number; character: number }; end: { line: number; character: number } };

const DEFAULT_SHELL = ['/bin/sh', '-c'];
const KNOWN_DIRECTIVES = new Set(['syntax', 'escape', 'check']);
const NON_POSIX_SHELLS = /(^|[\\/])(pwsh|powershell|cmd)(\.exe)?$/i;

/** Build the Dockerfile model. Never throws on bad input: problems are recorded, the rest is modelled. */
export function buildModel(input: string, options: ModelOptions = {}): DockerfileModel {
  const text = stripBom(input);
  const lines = new LineIndex(text);
  const ast = DockerfileParser.parse(heredocSpacingWorkaround(text));
  const escape = ast.getEscapeCharacter() || '\\';
  const toSpan = (r: LspRange): Span => ({ start: lines.offsetOfLsp(r.start.line, r.start.character), end: lines.offsetOfLsp(r.end.line, r.end.character) });

  const directives: Directive[] = [];
  const comments: Comment[] = [];
  for (const d of ast.getDirectives()) {
    const span = toSpan(d.getRange());
    const range = lines.range(span);
    const raw = text.slice(span.start, span.end);
    // dockerfile-ast takes `# hadolint global ignore=X` for a directive; BuildKit's grammar is one word, and only
    // syntax, escape and check are directives. Anything else on those lines is an ordinary comment.
    const m = /^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$/.exec(raw);
    if (m && KNOWN_DIRECTIVES.has(m[1].toLowerCase())) directives.push({ name: m[1].toLowerCase(), value: d.getValue(), span, range });
    else comments.push({ text: raw.replace(/^#\s?/, ''), span, range, line: range.start.line });
  }
  for (const c of ast.getComments()) {
    const span = toSpan(c.getRange());
    const range = lines.range(span);
    comments.push({ text: c.getContent(), span, range, line: range.start.line });
  }
  comments.sort((a, b) => a.span.start - b.span.start);

  const buildArgs = new Map(options.buildArgs instanceof Map ? options.buildArgs : Object.entries(options.buildArgs ?? {}));
  const builder = options.builder ?? 'buildkit';
  const model: DockerfileModel = {
    text,
    lines,
    escape,
    directives,
    comments,
    globalArgs: [],
    instructions: [],
    stages: [],
    problems: [],
    builder,
    buildArgs,
    targetStage: -1,
    shellPragma: findShellPragma(comments),
    reachableStages: new Set(),
  };
  const ctx = new ModelBuilder(model, escape, buildArgs, options.platform ?? 'linux/amd64');
  const astInstructions = ast.getInstructions();
  for (const ai of astInstructions) ctx.add(ai, toSpan);
  ctx.finish(options.target);
  if (model.instructions.length === 0 && text.trim().length > 0) {
    model.problems.push(problem(lines, { start: 0, end: Math.min(text.length, lines.lineEnd(1)) }, 'the file has no Dockerfile instructions'));
  } else if (model.instructions.length === 0) {
    model.problems.push(problem(lines, { start: 0, end: 0 }, 'the Dockerfile is empty'));
  }
  return model;
}

/** Drop leading and trailing blanks of joined text, keeping the offset map aligned. */
function trimJoined(j: JoinedText): JoinedText {
  let a = 0;
  let b = j.text.length;
  while (a < b && /\s/.test(j.text[a])) a++;
  while (b > a && /\s/.test(j.text[b - 1])) b--;
  if (a === 0 && b === j.text.length) return j;
  const map = new Int32Array(b - a + 1);
  map.set(j.map.subarray(a, b));
  map[b - a] = b > a ? j.map[b - 1] + 1 : j.map[a];
  return { text: j.text.slice(a, b), map };
}

function problem(lines: LineIndex, span: Span, message: string): ParseProblem {
  return { message, span, range: lines.range(span) };
}

/**
 * dockerfile-ast splits `<< 'EOF'` / `<< EOF` (space after `<<`, accepted by BuildKit since v0.22) into separate
 * instructions. Move the blanks behind the delimiter word: same length, so every offset stays valid.
 */
export function heredocSpacingWorkaround(text: string): string {
  if (!text.includes('<<')) return text;
  return text.replace(/^[ \t]*(?:RUN|COPY|ADD)\b[^\n]*<<[^\n]*/gim, (line) =>
    line
      // `5<<EOF` (a heredoc on another descriptor): dockerfile-ast only knows `<<EOF` at the start of a word.
      .replace(/(^|[ \t])(\d+)<<(?=-?["']?[A-Za-z_])/g, (_m, pre: string, digits: string) => `${pre}${' '.repeat(digits.length)}<<`)
      // `<< EOF` / `<< 'EOF'`: move the blanks behind the word.
      .replace(/<<(-?)([ \t]+)(["']?)([A-Za-z_][A-Za-z0-9_]*)\3/g, (_m, dash: string, blanks: string, q: string, name: string) => `<<${dash}${q}${name}${q}${blanks}`),
  );
}

function findShellPragma(comments: Comment[]): string | null {
  for (const c of comments) {
    const m = /^\s*hadolint\s+shell\s*=\s*(\S+)/i.exec(c.text);
    if (m) return m[1];
  }
  return null;
}

const PROXY_ARGS = ['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'FTP_PROXY', 'ftp_proxy', 'NO_PROXY', 'no_proxy', 'ALL_PROXY', 'all_proxy'];

function platformArgs(platform: string): Map<string, string> {
  const [os = 'linux', arch = 'amd64', variant = ''] = platform.split('/');
  const m = new Map<string, string>();
  for (const prefix of ['TARGET', 'BUILD']) {
    m.set(prefix + 'PLATFORM', platform);
    m.set(prefix + 'OS', os);
    m.set(prefix + 'ARCH', arch);
    m.set(prefix + 'VARIANT', variant);
  }
  return m;
}

class ModelBuilder {
  private stage: Stage | null = null;
  /** Variables visible in the current scope; replaced (not mutated) on change so snapshots can share it. */
  private scope: Map<string, VarBinding>;
  private readonly globalScope = new Map<string, VarBinding>();
  private readonly predefined: Map<string, string>;
  private shell: string[] = DEFAULT_SHELL;
  private shellSetBy: number | null = null;
  private readonly stageShellSetBy = new Map<number, number | null>();
  private readonly stageEnv = new Map<number, Map<string, VarBinding>>();
  private readonly stageShell = new Map<number, string[]>();

  constructor(
    private readonly model: DockerfileModel,
    private readonly escape: string,
    private readonly buildArgs: Map<string, string>,
    platform: string,
  ) {
    this.predefined = platformArgs(platform);
    for (const [name, value] of this.predefined) this.globalScope.set(name, { name, value, kind: 'predefined', definedAt: null });
    for (const name of PROXY_ARGS) if (buildArgs.has(name)) this.globalScope.set(name, { name, value: buildArgs.get(name), kind: 'build-arg', definedAt: null });
    this.scope = this.globalScope;
  }

  add(ai: AstInstruction, toSpan: (r: LspRange) => Span): void {
    const lines = this.model.lines;
    let ins: Instruction;
    try {
      ins = this.instructionFrom(ai, toSpan, null);
    } catch (err) {
      // A defect in our modelling must not hide the rest of the file; it surfaces as an internal error.
      const span = toSpan(ai.getRange());
      this.model.problems.push(problem(lines, span, `internal: could not model this instruction (${(err as Error).message})`));
      return;
    }
    this.model.instructions.push(ins);
    this.apply(ins);
  }

  private instructionFrom(ai: AstInstruction, toSpan: (r: LspRange) => Span, onbuildParent: Instruction | null): Instruction {
    const lines = this.model.lines;
    const doc = this.model.text;
    const span = toSpan(ai.getRange());
    const keyword = ai.getKeyword().toUpperCase();
    const keywordSpan = toSpan(ai.getInstructionRange());
    const problems: ParseProblem[] = [];

    const flags: Flag[] = [];
    const flagSource = ai as unknown as { getFlags?: () => AstFlag[] };
    if (typeof flagSource.getFlags === 'function' && keyword !== 'ONBUILD') {
      for (const f of flagSource.getFlags()) {
        const fspan = toSpan(f.getRange());
        const vr = f.getValueRange();
        const value = f.getValue();
        const options: Record<string, string> = {};
        for (const o of f.getOptions()) options[o.getName().toLowerCase()] = o.getValue() ?? '';
        flags.push({
          name: f.getName().toLowerCase(),
          value,
          expanded: value === null ? null : this.expand(value),
          options,
          span: fspan,
          range: lines.range(fspan),
          valueSpan: vr ? toSpan(vr) : null,
        });
      }
    }

    const heredocs = keyword === 'RUN' || keyword === 'COPY' || keyword === 'ADD' ? this.heredocsOf(ai, toSpan, span) : [];
    // Arguments run from after the keyword (and flags) to the instruction's end. dockerfile-ast's own argument range
    // is wrong when a comment line inside a continuation holds the escape character, so it is not used.
    const lastFlag = flags[flags.length - 1];
    const rawStart = lastFlag ? Math.max(lastFlag.span.end, keywordSpan.end) : keywordSpan.end;
    // With heredocs the instruction line ends where the first body starts.
    let lineEnd = span.end;
    if (heredocs.length > 0) {
      const markerLine = lines.position(heredocs[0].markerSpan.start).line;
      lineEnd = Math.min(span.end, Math.max(rawStart, lines.lineEnd(markerLine)));
    }
    const argsJoined = trimJoined(joinContinuations(doc, rawStart, lineEnd, this.escape));
    const argsSpan: Span = argsJoined.text.length > 0 ? mapSpan(argsJoined, 0, argsJoined.text.length) : { start: Math.min(rawStart, span.end), end: Math.min(rawStart, span.end) };
    const argsText = argsJoined.text.trim();

    const args: Arg[] = [];
    for (const w of splitWords(argsJoined.text, this.escape)) {
      const wspan = mapSpan(argsJoined, w.start, w.end);
      args.push({ raw: w.text, expanded: w.text, span: wspan, range: lines.range(wspan) });
    }

    let form: Instruction['form'] = 'none';
    let execArgs: string[] | null = null;
    if (['RUN', 'CMD', 'ENTRYPOINT', 'SHELL', 'HEALTHCHECK', 'COPY', 'ADD', 'VOLUME'].includes(keyword)) {
      const jsonText = keyword === 'HEALTHCHECK' ? argsText.replace(/^CMD\s+/i, '') : argsText;
      execArgs = parseExecForm(jsonText);
      form = execArgs ? 'exec' : argsText.length > 0 ? 'shell' : 'none';
    }

    const ins: Instruction = {
      index: -1,
      keyword,
      keywordRaw: ai.getInstruction(),
      keywordRange: lines.range(keywordSpan),
      range: lines.range(span),
      span,
      stageIndex: this.stage ? this.stage.index : -1,
      flags,
      args,
      argsText,
      argsSpan,
      argsJoined,
      form,
      execArgs,
      heredocs,
      trigger: null,
      onbuildParent,
      script: null,
      leadingComments: [],
      scope: this.scope,
      shell: this.shell,
      shellSetBy: this.shellSetBy,
      createsLayer: false,
      problems,
    };

    if (!KNOWN_KEYWORDS.has(keyword)) {
      problems.push(problem(lines, keywordSpan, `unknown instruction: ${ai.getInstruction()}`));
    }
    for (const h of heredocs) {
      if (!h.terminated) problems.push(problem(lines, h.markerSpan, `heredoc ${h.name} is never terminated`));
    }
    this.checkArity(ins, problems);

    if (keyword === 'ONBUILD') {
      const trig = (ai as unknown as { getTriggerInstruction?: () => AstInstruction | null }).getTriggerInstruction?.();
      if (trig) ins.trigger = this.instructionFrom(trig, toSpan, ins);
    }
    return ins;
  }

  private checkArity(ins: Instruction, problems: ParseProblem[]): void {
    const lines = this.model.lines;
    const n = ins.args.length;
    const need = (min: number, what: string): void => {
      if (n < min && ins.heredocs.length === 0) problems.push(problem(lines, ins.span, `${ins.keyword} requires ${what}`));
    };
    switch (ins.keyword) {
      case 'FROM':
        if (n === 0) need(1, 'an image');
        else if (n === 2 || n > 3 || (n === 3 && ins.args[1].raw.toUpperCase() !== 'AS')) problems.push(problem(lines, ins.span, 'FROM takes an image and an optional `AS name`'));
        break;
      case 'COPY':
      case 'ADD':
        need(ins.form === 'exec' ? 0 : 2, 'at least a source and a destination');
        break;
      case 'RUN':
      case 'WORKDIR':
      case 'USER':
      case 'ENV':
      case 'LABEL':
      case 'ARG':
      case 'EXPOSE':
      case 'STOPSIGNAL':
      case 'MAINTAINER':
      case 'VOLUME':
      case 'SHELL':
      case 'HEALTHCHECK':
      case 'ONBUILD':
        need(1, 'at least one argument');
        break;
    }
    if (ins.keyword === 'SHELL' && n > 0 && ins.form !== 'exec') problems.push(problem(lines, ins.span, 'SHELL requires the arguments in JSON array form'));
    if (ins.keyword === 'ENV' && n === 1 && !ins.args[0].raw.includes('=')) problems.push(problem(lines, ins.span, 'ENV requires a value: ENV NAME=value'));
  }

  private heredocsOf(ai: AstInstruction, toSpan: (r: LspRange) => Span, span: Span): Heredoc[] {
    const doc = this.model.text;
    const source = ai as unknown as { getHeredocs?: () => AstHeredoc[] };
    if (typeof source.getHeredocs !== 'function') return [];
    let raw: AstHeredoc[];
    try {
      raw = source.getHeredocs();
    } catch {
      // dockerfile-ast 0.7.1 throws on some comment-in-continuation shapes (rcjsuen/dockerfile-ast#123): no heredoc there.
      return [];
    }
    const out: Heredoc[] = [];
    for (const h of raw) {
      const name = h.getName();
      if (!name) continue;
      const markerSpan = toSpan(h.getStartRange());
      const marker = doc.slice(markerSpan.start, markerSpan.end);
      const cr = h.getContentRange();
      const contentSpan = cr ? toSpan(cr) : { start: span.end, end: span.end };
      // dockerfile-ast's content range ends before the last line break; keep the body's final newline.
      let contentEnd = contentSpan.end;
      if (cr && doc[contentEnd] === '\r') contentEnd++;
      if (cr && doc[contentEnd] === '\n') contentEnd++;
      out.push({
        name,
        stripTabs: /^<<-/.test(marker),
        quoted: /^<<-?\s*["']/.test(marker),
        content: doc.slice(contentSpan.start, contentEnd),
        contentSpan: { start: contentSpan.start, end: contentEnd },
        markerSpan,
        terminated: h.getDelimiterRange() !== null,
      });
    }
    return out;
  }

  private expand(text: string): string {
    const scope = this.scope;
    return expandVariables(text, (n) => scope.get(n)?.value, this.escape, true).text;
  }

  private setVar(binding: VarBinding): void {
    const next = new Map(this.scope);
    next.set(binding.name, binding);
    this.scope = next;
  }

  private apply(ins: Instruction): void {
    const model = this.model;
    ins.index = model.instructions.length - 1;
    if (ins.keyword === 'FROM') this.startStage(ins);
    else if (this.stage) {
      ins.stageIndex = this.stage.index;
      this.stage.instructions.push(ins);
    } else if (ins.keyword === 'ARG') {
      model.globalArgs.push(ins);
    } else if (KNOWN_KEYWORDS.has(ins.keyword)) {
      ins.problems.push(problem(model.lines, ins.keywordRange ? { start: ins.span.start, end: ins.span.start + ins.keywordRaw.length } : ins.span, `${ins.keyword} before the first FROM: only ARG may come before FROM`));
    }

    ins.leadingComments = leadingComments(model, ins);
    // Expand the arguments of instructions the builder expands (not RUN/CMD/ENTRYPOINT: the shell does that).
    // FROM's image was expanded with the global ARGs when its stage started.
    if (!['RUN', 'CMD', 'ENTRYPOINT', 'HEALTHCHECK', 'SHELL', 'ONBUILD', 'FROM'].includes(ins.keyword)) {
      for (const a of ins.args) a.expanded = this.expand(a.raw);
    }
    ins.scope = this.scope;

    switch (ins.keyword) {
      case 'ARG':
        this.defineArgs(ins);
        break;
      case 'ENV':
        this.defineEnv(ins);
        break;
      case 'SHELL':
        if (ins.execArgs && ins.execArgs.length > 0) {
          this.shell = ins.execArgs;
          this.shellSetBy = ins.index;
        }
        break;
    }
    ins.shell = this.shell;
    ins.shellSetBy = this.shellSetBy;
    ins.createsLayer = isLayerInstruction(ins, model.builder);
    ins.script = this.scriptFor(ins);
    if (ins.trigger) {
      ins.trigger.stageIndex = ins.stageIndex;
      ins.trigger.scope = this.scope;
      ins.trigger.shell = this.shell;
      ins.trigger.shellSetBy = this.shellSetBy;
      ins.trigger.script = this.scriptFor(ins.trigger);
    }
  }

  private startStage(ins: Instruction): void {
    const model = this.model;
    // Close the previous stage: remember what a child stage inherits.
    if (this.stage) {
      const env = new Map<string, VarBinding>();
      for (const [k, v] of this.scope) if (v.kind === 'env') env.set(k, v);
      this.stageEnv.set(this.stage.index, env);
      this.stageShell.set(this.stage.index, this.shell);
      this.stageShellSetBy.set(this.stage.index, this.shellSetBy);
    }
    const imageArg = ins.args[0];
    const globalScope = this.globalScope;
    const imageExpansion = imageArg ? expandVariables(imageArg.raw, (n) => globalScope.get(n)?.value, this.escape) : null;
    const imageText = imageExpansion ? imageExpansion.text : '';
    if (imageArg) imageArg.expanded = imageText;
    const nameRaw = ins.args.length >= 3 && ins.args[1].raw.toUpperCase() === 'AS' ? ins.args[2].raw : null;
    const lower = imageText.toLowerCase();
    const parent = model.stages.find((s) => s.name !== null && s.name === lower);
    const platformFlag = ins.flags.find((f) => f.name === 'platform');
    const stage: Stage = {
      index: model.stages.length,
      name: nameRaw ? nameRaw.toLowerCase() : null,
      nameRaw,
      from: ins,
      // A variable without a value leaves the reference unknown (the user passes it with --build-arg).
      base: { ...parseImageRef(imageText), dynamic: (imageExpansion?.undefinedNames.length ?? 0) > 0 || imageText.includes('$') },
      parentStage: parent ? parent.index : null,
      instructions: [ins],
      inheritedEnv: parent ? (this.stageEnv.get(parent.index) ?? new Map()) : new Map(),
      platform: platformFlag ? (platformFlag.value === null ? null : expandVariables(platformFlag.value, (n) => globalScope.get(n)?.value, this.escape).text) : null,
    };
    ins.stageIndex = stage.index;
    model.stages.push(stage);
    this.stage = stage;
    // A stage sees only the ENV it inherits; ARGs (global or predefined) need an ARG line inside it.
    this.scope = new Map(stage.inheritedEnv);
    this.shell = parent ? (this.stageShell.get(parent.index) ?? DEFAULT_SHELL) : DEFAULT_SHELL;
    this.shellSetBy = parent ? (this.stageShellSetBy.get(parent.index) ?? null) : null;
    if (platformFlag) platformFlag.expanded = stage.platform;
  }

  private defineArgs(ins: Instruction): void {
    const global = this.stage === null;
    const lookupScope = this.scope;
    const pairs = parseKeyValues(ins.argsJoined.text, ins.argsSpan.start, ins.argsJoined.map, this.escape, (n) => lookupScope.get(n)?.value, true);
    for (const kv of pairs) {
      const name = kv.key;
      let value: string | undefined;
      if (this.buildArgs.has(name)) value = this.buildArgs.get(name);
      else if (kv.value !== null) value = kv.value;
      else if (!global && this.globalScope.has(name)) value = this.globalScope.get(name)?.value;
      else if (this.predefined.has(name)) value = this.predefined.get(name);
      const existing = this.scope.get(name);
      // ENV wins over ARG of the same name.
      if (existing && existing.kind === 'env') continue;
      const binding: VarBinding = { name, value, kind: this.buildArgs.has(name) ? 'build-arg' : 'arg', definedAt: ins.index };
      if (global) {
        this.globalScope.set(name, binding);
        this.scope = this.globalScope;
      } else this.setVar(binding);
    }
  }

  private defineEnv(ins: Instruction): void {
    const lookupScope = this.scope;
    const pairs = parseKeyValues(ins.argsJoined.text, ins.argsSpan.start, ins.argsJoined.map, this.escape, (n) => lookupScope.get(n)?.value, false);
    for (const kv of pairs) {
      if (kv.value === null) continue;
      this.setVar({ name: kv.key, value: kv.value, kind: 'env', definedAt: ins.index });
    }
  }

  private scriptFor(ins: Instruction): ShellScript | null {
    if (!shellParserReady()) return null;
    const kw = ins.keyword;
    const shellCommand = kw === 'RUN' || kw === 'CMD' || kw === 'ENTRYPOINT' || kw === 'HEALTHCHECK';
    if (!shellCommand) return null;
    if (!this.isPosixShell()) return null;
    if (ins.form === 'exec' && ins.execArgs) return execScript(ins, ins.execArgs);
    if (ins.form !== 'shell' && ins.heredocs.length === 0) return null;
    let joined = ins.argsJoined;
    if (kw === 'HEALTHCHECK') {
      const m = /^\s*CMD\s+/i.exec(joined.text);
      if (!m) return null;
      joined = { text: joined.text.slice(m[0].length), map: joined.map.subarray(m[0].length) };
    }
    if (ins.heredocs.length > 0 && kw === 'RUN') return heredocScript(this.model.text, joined, ins.heredocs);
    return parseShell(joined.text, (s, e) => mapSpan(joined, s, e), 'shell');
  }

  private isPosixShell(): boolean {
    if (this.model.shellPragma && NON_POSIX_SHELLS.test(this.model.shellPragma)) return false;
    const exe = this.shell[0] ?? '';
    return !NON_POSIX_SHELLS.test(exe);
  }

  finish(target: string | undefined): void {
    const model = this.model;
    if (model.stages.length === 0) return;
    let t = model.stages.length - 1;
    if (target !== undefined) {
      const lower = target.toLowerCase();
      const found = model.stages.find((s) => s.name === lower) ?? (/^\d+$/.test(target) ? model.stages[Number(target)] : undefined);
      t = found ? found.index : -1;
    }
    model.targetStage = t;
    const reach = new Set<number>();
    const visit = (i: number): void => {
      if (i < 0 || reach.has(i)) return;
      reach.add(i);
      const st = model.stages[i];
      if (st.parentStage !== null) visit(st.parentStage);
      for (const ins of st.instructions) {
        for (const f of ins.flags) {
          const ref = f.name === 'from' ? f.expanded : f.name === 'mount' ? (f.options['from'] ?? null) : null;
          if (!ref) continue;
          const dep = resolveStageRef(model, ref, i);
          if (dep !== null) visit(dep);
        }
      }
    };
    visit(t);
    model.reachableStages = reach;
  }
}

/** A `--from`/`from=` value to a stage index: by name, or by number for earlier stages. */
export function resolveStageRef(model: DockerfileModel, ref: string, beforeStage: number): number | null {
  const lower = ref.toLowerCase();
  const named = model.stages.find((s) => s.name === lower && s.index < beforeStage);
  if (named) return named.index;
  if (/^\d+$/.test(ref)) {
    const n = Number(ref);
    if (n < beforeStage) return n;
  }
  return null;
}

function leadingComments(model: DockerfileModel, ins: Instruction): Comment[] {
  const out: Comment[] = [];
  const startLine = ins.range.start.line;
  // Comments are sorted by line; walk back from the line above while lines are comments.
  let idx = lowerBound(model.comments, startLine) - 1;
  let line = startLine - 1;
  while (idx >= 0 && model.comments[idx].line === line) {
    out.unshift(model.comments[idx]);
    idx--;
    line--;
  }
  return out;
}

function lowerBound(comments: Comment[], line: number): number {
  let lo = 0;
  let hi = comments.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (comments[mid].line < line) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Exec form: a JSON array of strings, read exactly (dockerfile-ast's JSON values lose whitespace). */
export function parseExecForm(text: string): string[] | null {
  const t = text.trim();
  if (!t.startsWith('[') || !t.endsWith(']')) return null;
  try {
    const v: unknown = JSON.parse(t);
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
  } catch {
    return null;
  }
  return null;
}

function execScript(ins: Instruction, values: string[]): ShellScript {
  const span = ins.argsSpan;
  return {
    text: values.join(' '),
    origin: 'exec',
    errors: [],
    commands: values.length === 0 ? [] : [
      {
        name: values[0],
        nameSpan: span,
        args: values.slice(1).map((v) => ({ raw: v, value: v, dynamic: false, span })),
        assignments: [],
        redirects: [],
        span,
        op: null,
        inSubstitution: false,
        conditional: false,
        inSubshell: false,
        heredocInput: false,
      },
    ],
  };
}

/**
 * `RUN <<EOF` alone runs the body as the script; `RUN cmd <<EOF` runs cmd with the body on stdin, so the command
 * line and the bodies are parsed together as the shell sees them.
 */
function heredocScript(doc: string, line: JoinedText, heredocs: Heredoc[]): ShellScript {
  const onlyMarkers = line.text.replace(/<<-?\s*["']?[A-Za-z_][A-Za-z0-9_]*["']?/g, '').trim() === '';
  const first = heredocs[0];
  if (onlyMarkers) {
    const body = first.stripTabs ? first.content : first.content;
    if (/^#!/.test(body) && !/^#!\s*\S*\b(sh|bash|ash|dash)\b/.test(body.split('\n')[0])) {
      return { text: body, commands: [], errors: [], origin: 'heredoc' };
    }
    const base = first.contentSpan.start;
    return parseShell(body, (s, e) => ({ start: base + s, end: base + Math.max(s, e) }), 'heredoc');
  }
  // Command line, then each body and its delimiter, each piece mapped to where it stands in the document.
  const pieces: { text: string; map: (i: number) => number }[] = [{ text: line.text + '\n', map: (i) => (i < line.text.length ? line.map[i] : line.map[line.text.length]) }];
  for (const h of heredocs) {
    const start = h.contentSpan.start;
    pieces.push({ text: h.content, map: (i) => start + i });
    const delimStart = h.contentSpan.end;
    pieces.push({ text: h.name + '\n', map: (i) => Math.min(delimStart + i, doc.length) });
  }
  let text = '';
  const offsets: number[] = [];
  for (const p of pieces) {
    for (let i = 0; i < p.text.length; i++) offsets.push(p.map(i));
    text += p.text;
  }
  offsets.push(offsets.length > 0 ? offsets[offsets.length - 1] + 1 : 0);
  const map = (s: number, e: number): Span => ({ start: offsets[Math.min(s, offsets.length - 1)], end: e > s ? offsets[Math.min(e - 1, offsets.length - 1)] + 1 : offsets[Math.min(s, offsets.length - 1)] });
  return parseShell(text, map, 'shell');
}
