import type { Instruction } from '../model/types';
import { effective } from '../model/shell-query';
import { expandVariables } from '../parse/expand';
import { parseShell, shellParserReady, type ShellCommand, type ShellScript, type ShellWord } from '../parse/shell';
import { homeOf } from './base-image';
import { COMMANDS } from './commands/index';
import { contextFilesystem } from './context-fs';
import { versionOnly } from './commands/system';
import type { CommandResult, Stdin, Word } from './commands/types';
import { basename, hasGlob, isWithin, joinPath, resolvePath } from './paths';
import { UNKNOWN, exact, type Size } from './size';
import type { SimState, StageState } from './state';
import type { FileVersion } from './types';
import type { LayerWriter, Filesystem, Node, WriteOptions } from './vfs';

/** A `RUN --mount`: what is written below its target never enters the layer. */
export interface Mount {
  type: 'bind' | 'cache' | 'tmpfs' | 'secret' | 'ssh';
  target: string;
  /** For bind mounts: the filesystem and path the target shows (null when not known). */
  source: { fs: Filesystem; path: string } | null;
}

/** The state of one RUN's shell while its commands are applied to the layer. */
export class RunContext {
  cwd: string;
  env: Map<string, string>;
  readonly w: LayerWriter;
  readonly fs: Filesystem;
  /** The command being applied only runs on some paths (if/case/loop bodies). */
  conditional = false;

  constructor(
    readonly sim: SimState,
    readonly stage: StageState,
    readonly ins: Instruction,
    w: LayerWriter,
    readonly mounts: Mount[],
  ) {
    this.w = w;
    this.fs = w.fs;
    this.cwd = stage.workdir;
    this.env = new Map(Object.entries(stage.baseEnv));
    for (const [name, b] of ins.scope) if (b.value !== undefined) this.env.set(name, b.value);
    if (!this.env.has('HOME')) this.env.set('HOME', homeOf(stage.user));
  }

  get layer(): FileVersion['layer'] {
    return this.w.layer;
  }

  unknown(reason: string): void {
    if (!this.layer.unknowns.includes(reason)) this.layer.unknowns.push(reason);
  }

  estimate(reason: string): void {
    if (!this.layer.estimates.includes(reason)) this.layer.estimates.push(reason);
  }

  note(text: string): void {
    if (!this.layer.notes.includes(text)) this.layer.notes.push(text);
  }

  home(): string {
    return this.env.get('HOME') || homeOf(this.stage.user);
  }

  abs(p: string): string {
    if (p === '~' || p.startsWith('~/')) return resolvePath('/', this.home() + p.slice(1));
    return resolvePath(this.cwd, p);
  }

  mountAt(path: string): Mount | null {
    let best: Mount | null = null;
    for (const m of this.mounts) if (isWithin(path, m.target) && (!best || m.target.length > best.target.length)) best = m;
    return best;
  }

  /** The node at a path, looking through bind mounts into their source. */
  lookup(path: string): Node | null | undefined {
    const m = this.mountAt(path);
    if (m) {
      if (!m.source) return undefined;
      const rest = path.slice(m.target.length);
      return m.source.fs.lookup(m.source.path === '/' ? rest || '/' : m.source.path + rest);
    }
    return this.fs.lookup(path);
  }

  /** Absolute paths a word names: globs expanded against the known filesystem. */
  targets(word: Word): { paths: string[]; blobDirs: string[]; incomplete: boolean } {
    const p = this.abs(word.text);
    if (!word.glob || !hasGlob(word.text)) return { paths: [p], blobDirs: [], incomplete: false };
    const g = this.fs.glob(p);
    return { paths: g.matches, blobDirs: g.blobsOf, incomplete: g.incomplete };
  }

  writeFile(path: string, size: Size, opts: WriteOptions & { append?: boolean } = {}): FileVersion | null {
    if (this.discarded(path)) return null;
    // Appending to a base-image file stores the whole file again, and its size is not known.
    if (opts.append && this.fs.lookup(path) === undefined) this.unknown(`appends to ${path}, a base-image file of unknown size (the whole file is stored again)`);
    return this.w.writeFile(path, size, { owner: this.owner(), ...opts });
  }

  mkdir(path: string): void {
    if (this.discarded(path)) return;
    this.w.mkdir(path, { mode: 0o755, owner: this.owner() });
  }

  addBlob(dir: string, size: Size, opts: WriteOptions & { label: string }): FileVersion | null {
    if (this.discarded(dir)) return null;
    return this.w.addBlob(dir, size, opts);
  }

  /** Is a path inside a mount (writes there never reach the layer)? */
  discarded(path: string): boolean {
    return this.mountAt(path) !== null || path === '/dev' || path.startsWith('/dev/') || path.startsWith('/proc/') || path.startsWith('/sys/');
  }

  owner(): string | null {
    return this.stage.user;
  }

  /** Expand a shell word with the variables known at this point. */
  word(w: ShellWord): Word {
    const glob = unquotedGlob(w.raw);
    if (!w.dynamic && !w.raw.startsWith('~')) return { text: w.value, resolved: true, glob };
    return this.expandText(w.dynamic ? w.raw : w.value, glob, w.dynamic);
  }

  expandText(raw: string, glob: boolean, shellQuoted = true): Word {
    let text = raw;
    let resolved = true;
    if (shellQuoted) {
      const e = expandVariables(raw, (n) => this.lookupVar(n), '\\', false, true);
      text = e.text;
      if (e.undefinedNames.length > 0) resolved = false;
      if (/\$\(|`|\$\(\(/.test(raw)) resolved = false;
    }
    if (text === '~' || text.startsWith('~/')) text = this.home() + text.slice(1);
    return { text, resolved, glob };
  }

  private lookupVar(name: string): string | undefined {
    if (name === 'PWD') return this.cwd;
    return this.env.get(name);
  }
}

/** Does the raw word hold `*`, `?` or `[` outside quotes? */
export function unquotedGlob(raw: string): boolean {
  let quote: string | null = null;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === '\\' && quote !== "'") {
      i++;
      continue;
    }
    if (quote) {
      if (c === quote) quote = null;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '*' || c === '?' || c === '[') return true;
  }
  return false;
}

function isTest(c: ShellCommand | null): boolean {
  return c !== null && (c.name === '[' || c.name === '[[' || c.name === 'test');
}

const STDOUT_OPS = new Set(['>', '>>', '>|', '&>', '&>>', '1>', '1>>']);
const NO_EFFECT = new Set(['', 'true', ':']);

/** Apply a RUN's script to the layer. */
export function runScript(script: ShellScript, rc: RunContext): void {
  const cmds = script.commands;
  let piped: Stdin | null = null;
  let savedCwd: string | null = null;
  let skippedAlternative = false;
  let previous: ShellCommand | null = null;
  for (let i = 0; i < cmds.length; i++) {
    const c = cmds[i];
    if (c.inSubstitution) continue;
    const before = previous;
    previous = c;
    if (c.inSubshell && savedCwd === null) savedCwd = rc.cwd;
    if (!c.inSubshell && savedCwd !== null) {
      rc.cwd = savedCwd;
      savedCwd = null;
    }
    // `a || b`: a build only succeeds when its commands do, so the alternative after `||` is taken not to run,
    // unless `a` is a test (`[ -z "$x" ] || cmd`), whose outcome depends on data: then `b` is taken to run.
    if (c.op === '||' && !isTest(before)) {
      skippedAlternative = true;
      continue;
    }
    if (skippedAlternative && c.op === '|') continue;
    skippedAlternative = false;
    const stdin: Stdin | null = c.op === '|' ? piped : heredocInput(c, rc);
    const toPipe = i + 1 < cmds.length && cmds[i + 1].op === '|' && !cmds[i + 1].inSubstitution;
    rc.conditional = c.conditional;
    const result = execCommand(c, rc, stdin);
    piped = toPipe ? { size: stdoutSize(result), version: result?.stdoutVersion ?? null } : null;
    if (!toPipe) applyRedirects(c, rc, result);
  }
  if (savedCwd !== null) rc.cwd = savedCwd;
}

function stdoutSize(result: CommandResult | void): Size {
  if (!result || result.stdout === undefined) return UNKNOWN;
  return result.stdout ?? exact(0);
}

function heredocInput(c: ShellCommand, rc: RunContext): Stdin | null {
  if (!c.heredocInput) return null;
  const r = c.redirects.find((x) => x.op.startsWith('<<') && x.op !== '<<<');
  const h = r ? rc.ins.heredocs.find((x) => x.name === r.target.replace(/^["']|["']$/g, '')) : undefined;
  if (!h) return { size: UNKNOWN, version: null };
  let body = h.stripTabs ? h.content.replace(/^\t+/gm, '') : h.content;
  if (!h.quoted && /\$/.test(body)) body = rc.expandText(body, false).text;
  return { size: exact(Buffer.byteLength(body, 'utf8')), version: null };
}

function applyRedirects(c: ShellCommand, rc: RunContext, result: CommandResult | void): void {
  let first = true;
  for (const r of c.redirects) {
    const isOut = STDOUT_OPS.has(r.op);
    const isErr = r.op === '2>' || r.op === '2>>';
    if (!isOut && !isErr) {
      if (r.op === '<' && result === undefined) continue;
      continue;
    }
    if (r.target.startsWith('&') || r.target === '') continue;
    const target = rc.expandText(r.target, false, /\$/.test(r.target));
    if (!target.resolved) {
      rc.unknown(`${c.name}: writes to a file whose name is not known (${r.target})`);
      continue;
    }
    const path = rc.abs(target.text);
    if (path.startsWith('/dev/')) continue;
    const size = isOut && first ? stdoutSize(result) : UNKNOWN;
    if (isOut) first = false;
    if (size.confidence === 'unknown') rc.unknown(`\`${c.name} > ${basename(path)}\`: size of the output is not known`);
    rc.writeFile(path, size, { append: r.op.endsWith('>>'), tool: c.name });
  }
}

/** Run one command through its model. */
export function execCommand(c: ShellCommand, rc: RunContext, stdin: Stdin | null): CommandResult | void {
  if (c.name === '' || c.name === 'export' || c.name === 'declare' || c.name === 'local' || c.name === 'readonly' || c.name === 'typeset') {
    for (const a of c.assignments) {
      // `saved="$(apt-mark showmanual)"` (official images): the manual package set, restored later by apt-mark.
      if (/^\$\(\s*apt-mark\s+showmanual\s*\)$/.test(a.value.trim())) {
        rc.env.set(a.name, [...rc.stage.manual].join(' '));
        continue;
      }
      const w = rc.expandText(a.value, false, /\$|`/.test(a.value));
      if (w.resolved) rc.env.set(a.name, w.text);
      else rc.env.delete(a.name);
    }
    return { stdout: null };
  }
  const eff = effective(c);
  if (/[$`]/.test(eff.name)) {
    rc.unknown(`a command whose name is a variable (${eff.name}) runs`);
    return;
  }
  // A copy only for a command with assignments of its own (`FOO=1 cmd`): command models read the environment and
  // never change it, and copying every variable in scope for every command showed in language-server profiles.
  let env: ReadonlyMap<string, string> = rc.env;
  if (c.assignments.length > 0) {
    const own = new Map(rc.env);
    for (const a of c.assignments) {
      const w = rc.expandText(a.value, false, /\$|`/.test(a.value));
      if (w.resolved) own.set(a.name, w.text);
    }
    env = own;
  }
  const args = eff.args.map((w) => rc.word(w));
  if (NO_EFFECT.has(eff.name)) return { stdout: null };
  if ((eff.name === 'sh' || eff.name === 'bash' || eff.name === 'dash' || eff.name === 'ash') && args.length >= 2 && args[args.length - 2].text === '-c') {
    return runNested(args[args.length - 1], rc, eff.name);
  }
  if ((eff.name === 'gosu' || eff.name === 'su-exec') && eff.args.length >= 2) {
    // `gosu USER cmd ...` runs cmd as USER.
    const inner: ShellCommand = { ...c, name: eff.args[1].value, nameSpan: eff.args[1].span, args: eff.args.slice(2), assignments: [] };
    return execCommand(inner, rc, stdin);
  }
  const model = COMMANDS.get(eff.name);
  if (!model) {
    if (versionOnly({ args })) return {};
    rc.unknown(`\`${eff.name}\`: what it writes is not modelled`);
    return;
  }
  return model({ name: eff.name, args, cmd: c, stdin, env }, rc);
}

function runNested(script: Word, rc: RunContext, shell: string): CommandResult | void {
  if (!script.resolved || !shellParserReady()) {
    rc.unknown(`\`${shell} -c\` with a script that is not known`);
    return;
  }
  const parsed = parseShell(script.text, () => ({ start: rc.ins.span.start, end: rc.ins.span.end }), 'shell');
  const saved = rc.cwd;
  runScript(parsed, rc);
  rc.cwd = saved;
  return undefined;
}

/** Build the mounts of a RUN from its `--mount` flags. */
export function mountsOf(ins: Instruction, rc: { sim: SimState; stage: StageState; workdir: string }, resolveStage: (ref: string) => StageState | null): Mount[] {
  const out: Mount[] = [];
  for (const f of ins.flags) {
    if (f.name !== 'mount') continue;
    const o = f.options;
    const type = (o['type'] ?? 'bind') as Mount['type'];
    const id = o['id'] ?? '';
    let target = o['target'] ?? o['dst'] ?? o['destination'] ?? '';
    if (!target && type === 'secret') target = joinPath('/run/secrets', id || basename(o['source'] ?? o['src'] ?? 'secret'));
    if (!target && type === 'ssh') target = '/run/buildkit/ssh_agent.0';
    if (!target) continue;
    target = resolvePath(rc.workdir, target);
    let source: Mount['source'] = null;
    if (type === 'bind') {
      const from = o['from'];
      const src = o['source'] ?? o['src'] ?? '/';
      if (from) {
        const st = resolveStage(from);
        if (st) source = { fs: st.fs, path: resolvePath('/', src) };
      } else if (rc.sim.context) {
        rc.sim.contextFs ??= contextFilesystem(rc.sim.context, ins);
        source = { fs: rc.sim.contextFs, path: resolvePath('/', src) };
      }
    }
    out.push({ type, target, source });
  }
  return out;
}
