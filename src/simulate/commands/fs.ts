import { basename, joinPath } from '../paths';
import { UNKNOWN, addSizes, exact, parseSizeArg, type Size } from '../size';
import type { RunContext } from '../run';
import type { Meta, Node } from '../vfs';
import { has, parseArgs, value } from './args';
import type { CommandModel, CommandResult, Invocation, Word } from './types';

/** Models of the coreutils-style commands that create, copy, move, delete and change files. */

function unresolved(inv: Invocation, rc: RunContext, words: Word[]): boolean {
  const bad = words.filter((w) => !w.resolved);
  if (bad.length === 0) return false;
  rc.unknown(`\`${inv.name}\` on a path that is not known (${bad[0].text})`);
  return true;
}

export const rm: CommandModel = (inv, rc) => {
  const p = parseArgs(inv.args, { aliases: { recursive: 'r', R: 'r', force: 'f' } });
  const recursive = has(p, 'r');
  for (const w of p.operands) {
    if (!w.resolved) {
      rc.layer.unknownHides.push(w.text);
      continue;
    }
    const operand = rc.abs(w.text);
    const t = rc.targets(w);
    if (t.incomplete) rc.layer.unknownHides.push(operand);
    for (const path of t.paths) {
      if (rc.discarded(path)) continue;
      const node = rc.fs.lookup(path, false);
      if (node && node.type === 'dir' && !recursive) continue;
      rc.w.remove(path, operand);
    }
    for (const dir of t.blobDirs) if (!rc.discarded(dir)) rc.w.removeBlobs(dir, operand);
  }
  return { stdout: null };
};

export const rmdir: CommandModel = (inv, rc) => {
  for (const w of parseArgs(inv.args).operands) {
    if (!w.resolved) continue;
    const path = rc.abs(w.text);
    const node = rc.fs.lookup(path, false);
    if (node && node.type === 'dir' && node.children.size === 0 && node.blobs.length === 0) rc.w.remove(path, path);
  }
  return { stdout: null };
};

export const mkdir: CommandModel = (inv, rc) => {
  const p = parseArgs(inv.args, { withValue: new Set(['m', 'mode']) });
  // Folders hold no bytes: a folder whose name is not known only makes later paths uncertain.
  for (const w of p.operands) if (w.resolved) rc.mkdir(rc.abs(w.text));
  return { stdout: null };
};

export const touch: CommandModel = (inv, rc) => {
  const p = parseArgs(inv.args, { withValue: new Set(['d', 't', 'r', 'date', 'reference']) });
  if (unresolved(inv, rc, p.operands)) return { stdout: null };
  for (const w of p.operands) {
    for (const path of rc.targets(w).paths) {
      if (rc.discarded(path)) continue;
      const node = rc.fs.lookup(path);
      if (node) {
        const r = rc.w.copyUp(path, false, path, () => null, true);
        if (r.unknown) rc.unknown(`touch of ${path}: its size is not known`);
      } else if (!has(p, 'c')) {
        if (node === undefined) rc.estimate(`touch ${path}: taken as a new empty file (the base image may hold it)`);
        rc.writeFile(path, exact(0), { tool: 'touch' });
      }
    }
  }
  return { stdout: null };
};

/** chmod mode → a function from the old mode to the new (null old mode: unknown result, still a change). */
export function modeChange(spec: string): ((old: number | null, isDir: boolean) => number | null) | null {
  if (/^[0-7]{1,4}$/.test(spec)) {
    const m = parseInt(spec, 8);
    return () => m;
  }
  const clauses = spec.split(',');
  const parsed: { who: string; op: string; perms: string }[] = [];
  for (const c of clauses) {
    const m = /^([ugoa]*)([-+=])([rwxXst]*|[ugo])$/.exec(c);
    if (!m) return null;
    parsed.push({ who: m[1] || 'a', op: m[2], perms: m[3] });
  }
  return (old, isDir) => {
    if (old === null) return null;
    let mode = old;
    for (const { who, op, perms } of parsed) {
      let bits = 0;
      const mask = (who.includes('a') ? 0o777 : 0) | (who.includes('u') ? 0o700 : 0) | (who.includes('g') ? 0o070 : 0) | (who.includes('o') ? 0o007 : 0);
      if (perms.includes('r')) bits |= 0o444;
      if (perms.includes('w')) bits |= 0o222;
      if (perms.includes('x') || (perms.includes('X') && (isDir || (old & 0o111) !== 0))) bits |= 0o111;
      bits &= mask;
      if (perms.includes('s')) bits |= (who.includes('u') || who.includes('a') ? 0o4000 : 0) | (who.includes('g') || who.includes('a') ? 0o2000 : 0);
      if (perms.includes('t')) bits |= 0o1000;
      if (op === '+') mode |= bits;
      else if (op === '-') mode &= ~bits;
      else mode = (mode & ~mask) | bits;
    }
    return mode;
  };
}

function metaRun(inv: Invocation, rc: RunContext, what: 'mode' | 'owner' | 'group'): CommandResult {
  const p = parseArgs(inv.args, { withValue: new Set(['reference', 'from']), aliases: { recursive: 'R' } });
  const recursive = has(p, 'R');
  const ops = [...p.operands];
  const specWord = value(p, 'reference') ? null : ops.shift();
  if (!specWord) {
    rc.unknown(`\`${inv.name} --reference\`: the new metadata is not known`);
    return { stdout: null };
  }
  if (unresolved(inv, rc, [specWord, ...ops])) return { stdout: null };
  const spec = specWord.text;
  let change: (m: Meta, isDir: boolean) => Meta | null;
  if (what === 'mode') {
    const f = modeChange(spec);
    change = (m, isDir) => {
      if (!f) return { ...m, mode: null };
      const next = f(m.mode, isDir);
      return next !== null && next === m.mode ? null : { ...m, mode: next };
    };
  } else {
    change = (m) => {
      const next = newOwner(m.owner, spec, what);
      return next !== null && next === m.owner ? null : { ...m, owner: next };
    };
  }
  for (const w of ops) {
    const t = rc.targets(w);
    for (const path of t.paths) {
      if (rc.discarded(path)) continue;
      const node = rc.fs.lookup(path);
      if (node === undefined) {
        rc.layer.unknownHides.push(path);
        rc.unknown(`\`${inv.name}\` of ${path}, a base-image path: what it copies up is not known`);
        continue;
      }
      const r = rc.w.copyUp(path, recursive, rc.abs(w.text), (m) => change(m, node?.type === 'dir'));
      if (r.unknown) rc.unknown(`\`${inv.name}${recursive ? ' -R' : ''}\` of ${path} copies up files whose sizes are not known`);
    }
  }
  return { stdout: null };
}

const NAME_IDS: Record<string, string> = { root: '0' };

function normId(s: string): string {
  return NAME_IDS[s] ?? s;
}

/** `user[:group]` after chown/chgrp, normalised to `uid:gid` where names are known. */
export function newOwner(old: string | null, spec: string, what: 'owner' | 'group'): string | null {
  const [oldUser, oldGroup] = old ? old.split(':') : [null, null];
  if (what === 'group') return oldUser === null ? null : `${oldUser}:${normId(spec)}`;
  const m = /^([^:.]*)(?:[:.](.*))?$/.exec(spec);
  if (!m) return null;
  const user = m[1] ? normId(m[1]) : oldUser;
  const group = m[2] !== undefined ? (m[2] === '' ? user : normId(m[2])) : oldGroup;
  if (user === null || group === null) return null;
  return `${user}:${group}`;
}

export const chmod: CommandModel = (inv, rc) => metaRun(inv, rc, 'mode');
export const chown: CommandModel = (inv, rc) => metaRun(inv, rc, 'owner');
export const chgrp: CommandModel = (inv, rc) => metaRun(inv, rc, 'group');

function copyOrMove(inv: Invocation, rc: RunContext, move: boolean): CommandResult {
  const p = parseArgs(inv.args, { withValue: new Set(['t', 'target-directory', 'S', 'suffix', 'backup']), aliases: { recursive: 'r', R: 'r', archive: 'a' } });
  const recursive = move || has(p, 'r', 'a');
  const ops = [...p.operands];
  let destWord: Word | undefined;
  const targetDir = value(p, 't', 'target-directory');
  if (targetDir) destWord = { text: targetDir, resolved: true, glob: false };
  else destWord = ops.pop();
  if (!destWord || ops.length === 0) return { stdout: null };
  if (unresolved(inv, rc, [destWord, ...ops])) return { stdout: null };
  const dest = rc.abs(destWord.text);
  const destNode = rc.fs.lookup(dest);
  const sources = ops.flatMap((w) => rc.targets(w).paths.map((path) => ({ path, operand: rc.abs(w.text) })));
  const intoDir = !has(p, 'T') && ((destNode && destNode.type === 'dir') || destWord.text.endsWith('/') || sources.length > 1);
  for (const { path, operand } of sources) {
    const node = rc.lookup(path);
    const to = intoDir ? joinPath(dest, basename(path)) : dest;
    if (rc.discarded(to) && !move) continue;
    if (node === null) continue;
    if (node === undefined) {
      rc.unknown(`\`${inv.name}\` of ${path}: a file of the base image (or a mount) whose size is not known`);
      if (!rc.discarded(to)) rc.writeFile(to, UNKNOWN, { tool: inv.name });
      if (move && !rc.discarded(path)) rc.w.remove(path, operand, 'metadata-copy-up');
      continue;
    }
    if (node.type === 'dir' && !recursive) continue;
    if (!rc.discarded(to)) {
      const r = rc.w.copyNode(node, to, move ? undefined : { owner: has(p, 'a', 'p') ? node.meta.owner : rc.owner() });
      if (r.unknown) rc.unknown(`\`${inv.name}\` of ${path}: part of it has an unknown size`);
    }
    if (move && !rc.discarded(path)) rc.w.remove(path, operand, 'metadata-copy-up');
  }
  return { stdout: null };
}

export const cp: CommandModel = (inv, rc) => copyOrMove(inv, rc, false);
export const mv: CommandModel = (inv, rc) => copyOrMove(inv, rc, true);

export const ln: CommandModel = (inv, rc) => {
  const p = parseArgs(inv.args, { withValue: new Set(['t', 'target-directory', 'S', 'suffix']), aliases: { symbolic: 's', force: 'f' } });
  const ops = [...p.operands];
  // Links hold no content bytes: one whose names are not known changes no size.
  if (ops.some((w) => !w.resolved)) return { stdout: null };
  const targetDir = value(p, 't', 'target-directory');
  const dest = targetDir ? rc.abs(targetDir) : ops.length >= 2 ? rc.abs((ops.pop() as Word).text) : rc.cwd;
  const destNode = rc.fs.lookup(dest);
  const intoDir = (destNode && destNode.type === 'dir') || ops.length > 1 || targetDir !== null;
  for (const w of ops) {
    const to = intoDir ? joinPath(dest, basename(w.text)) : dest;
    if (rc.discarded(to)) continue;
    if (has(p, 's')) rc.w.symlink(to, w.text, { owner: rc.owner() });
    else rc.writeFile(to, exact(0), { tool: 'ln' }); // a hard link's data is stored once (0 bytes here, as in the measurements)
  }
  return { stdout: null };
};

/** `install -m 755 src dest` copies with a mode; `install -d dir` creates folders. */
export const install: CommandModel = (inv, rc) => {
  const p = parseArgs(inv.args, { withValue: new Set(['m', 'o', 'g', 't', 'mode', 'owner', 'group', 'target-directory', 'S', 'suffix']) });
  if (has(p, 'd', 'directory')) {
    if (unresolved(inv, rc, p.operands)) return { stdout: null };
    for (const w of p.operands) rc.mkdir(rc.abs(w.text));
    return { stdout: null };
  }
  const words = p.operands.map((w) => w);
  const t = value(p, 't', 'target-directory');
  const args: Word[] = [{ text: '-r', resolved: true, glob: false }, ...(t ? [{ text: '-t', resolved: true, glob: false }, { text: t, resolved: true, glob: false }] : []), ...words];
  return cp({ ...inv, args }, rc);
};

function devSource(path: string | null): boolean {
  return path === '/dev/zero' || path === '/dev/urandom' || path === '/dev/random' || path === '/dev/null';
}

/** Size of a file operand (or null when it is a device or unknown). */
function fileSize(rc: RunContext, path: string): Size | null {
  const n = rc.lookup(path);
  if (!n || n.type !== 'file') return n === null ? exact(0) : null;
  return n.version.size;
}

export const dd: CommandModel = (inv, rc) => {
  const kv = new Map<string, string>();
  for (const w of inv.args) {
    const eq = w.text.indexOf('=');
    if (eq > 0) kv.set(w.text.slice(0, eq), w.text.slice(eq + 1));
  }
  if (inv.args.some((w) => !w.resolved)) {
    rc.unknown('`dd` with operands that are not known');
    return {};
  }
  const bs = parseSizeArg(kv.get('bs') ?? kv.get('obs') ?? '512');
  const count = kv.has('count') ? parseSizeArg(kv.get('count') ?? '') : null;
  const seek = kv.has('seek') ? parseSizeArg(kv.get('seek') ?? '') : 0;
  const input = kv.get('if') ?? null;
  let size: Size | null = null;
  if (bs !== null && count !== null) {
    size = exact(bs * count);
    if (input && !devSource(input)) {
      const src = fileSize(rc, rc.abs(input));
      if (src && src.bytes < bs * count) size = src;
    }
  } else if (input && !devSource(input)) size = fileSize(rc, rc.abs(input));
  if (size && seek !== null && seek > 0 && bs !== null) size = { ...size, bytes: size.bytes + seek * bs };
  const out = kv.get('of');
  if (!out) return { stdout: size ?? UNKNOWN };
  const path = rc.abs(out);
  if (!size) rc.unknown(`\`dd of=${out}\`: how much it writes is not known`);
  rc.writeFile(path, size ?? UNKNOWN, { tool: 'dd' });
  return { stdout: null };
};

export const head: CommandModel = (inv, rc) => {
  const p = parseArgs(inv.args, { withValue: new Set(['c', 'n', 'bytes', 'lines']) });
  const bytes = value(p, 'c', 'bytes');
  const file = p.operands[0];
  const input: Size | null = file ? (devSource(rc.abs(file.text)) ? null : fileSize(rc, rc.abs(file.text))) : (inv.stdin?.size ?? null);
  if (bytes !== null) {
    const n = parseSizeArg(bytes);
    if (n === null) return {};
    if (input && input.confidence !== 'unknown' && input.bytes < n) return { stdout: input };
    if (input && input.confidence === 'unknown') return {};
    return { stdout: exact(n) };
  }
  return {};
};

export const fallocate: CommandModel = (inv, rc) => {
  const p = parseArgs(inv.args, { withValue: new Set(['l', 'o', 'length', 'offset']) });
  const n = parseSizeArg(value(p, 'l', 'length') ?? '');
  const file = p.operands[0];
  if (!file || !file.resolved) return { stdout: null };
  if (n === null) rc.unknown('`fallocate` with a length that is not known');
  rc.writeFile(rc.abs(file.text), n === null ? UNKNOWN : exact(n), { tool: 'fallocate' });
  return { stdout: null };
};

export const truncate: CommandModel = (inv, rc) => {
  const p = parseArgs(inv.args, { withValue: new Set(['s', 'size', 'r', 'reference']) });
  const spec = value(p, 's', 'size') ?? '';
  const rel = /^[+]/.test(spec);
  const n = parseSizeArg(spec.replace(/^[+]/, ''));
  for (const w of p.operands) {
    if (!w.resolved) continue;
    const path = rc.abs(w.text);
    const old = fileSize(rc, path);
    if (n === null) rc.unknown('`truncate` with a size that is not known');
    const size = n === null ? UNKNOWN : rel && old ? addSizes(old, exact(n)) : exact(n);
    rc.writeFile(path, size, { tool: 'truncate' });
  }
  return { stdout: null };
};

export const tee: CommandModel = (inv, rc) => {
  const p = parseArgs(inv.args);
  const size = inv.stdin?.size ?? UNKNOWN;
  for (const w of p.operands) {
    if (!w.resolved) continue;
    const path = rc.abs(w.text);
    if (path.startsWith('/dev/')) continue;
    if (size.confidence === 'unknown') rc.unknown(`\`tee ${w.text}\`: size of the input is not known`);
    rc.writeFile(path, size, { append: has(p, 'a', 'append'), tool: 'tee' });
  }
  return { stdout: size };
};

function unescape(s: string): string {
  return s.replace(/\\(0[0-7]{0,3}|x[0-9a-fA-F]{1,2}|.)/g, (m, c: string) => {
    const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', a: '\x07', b: '\b', f: '\f', v: '\v', e: '\x1b' };
    if (c in map) return map[c];
    if (c.startsWith('0')) return String.fromCharCode(parseInt(c.slice(1) || '0', 8));
    if (c.startsWith('x')) return String.fromCharCode(parseInt(c.slice(1), 16));
    if (c === 'c') return '';
    return m;
  });
}

function textResult(words: Word[], text: string): CommandResult {
  const size = Buffer.byteLength(text, 'utf8');
  return { stdout: words.every((w) => w.resolved) ? exact(size) : { bytes: size, confidence: 'unknown' } };
}

export const echo: CommandModel = (inv) => {
  let i = 0;
  let newline = true;
  let escapes = false;
  while (i < inv.args.length && /^-[neE]+$/.test(inv.args[i].text)) {
    if (inv.args[i].text.includes('n')) newline = false;
    if (inv.args[i].text.includes('e')) escapes = true;
    i++;
  }
  const words = inv.args.slice(i);
  let text = words.map((w) => w.text).join(' ');
  if (escapes) text = unescape(text);
  return textResult(words, text + (newline ? '\n' : ''));
};

export const printf: CommandModel = (inv) => {
  const args = inv.args.filter((w, i) => !(i === 0 && w.text === '--'));
  if (args.length === 0) return { stdout: null };
  const [fmt, ...rest] = args;
  if (args[0].text === '-v') return { stdout: null };
  let k = 0;
  const once = (): string =>
    unescape(fmt.text).replace(/%(%|[-+ #0]*\d*(?:\.\d+)?[sdiouxXcbfeEgG])/g, (_m, spec: string) => {
      if (spec === '%') return '%';
      const v = rest[k++]?.text ?? '';
      return spec.endsWith('b') ? unescape(v) : v;
    });
  let text = once();
  while (k > 0 && k < rest.length) text += once();
  return textResult(args, text);
};

export const cat: CommandModel = (inv, rc) => {
  const files = parseArgs(inv.args).operands;
  if (files.length === 0) return inv.stdin ? { stdout: inv.stdin.size, stdoutVersion: inv.stdin.version } : { stdout: null };
  const sizes: Size[] = [];
  let single: Node | null | undefined = null;
  for (const w of files) {
    if (!w.resolved) return {};
    for (const path of rc.targets(w).paths) {
      if (path === '/dev/null') continue;
      const n = rc.lookup(path);
      single = files.length === 1 ? n : null;
      if (!n || n.type !== 'file') return {};
      sizes.push(n.version.size);
    }
  }
  return { stdout: addSizes(...sizes), stdoutVersion: single && single.type === 'file' ? single.version : null };
};

/** `sed -i` rewrites files in place: a new copy of each (lower copies hidden); the size is taken as unchanged. */
export const sed: CommandModel = (inv, rc) => {
  const inPlace = inv.args.some((w) => /^-[a-zA-Z]*i/.test(w.text) || w.text.startsWith('--in-place'));
  const p = parseArgs(inv.args, { withValue: new Set(['e', 'f', 'expression', 'file', 'l', 'line-length']) });
  const ops = p.operands.slice(p.flags.has('e') || p.flags.has('expression') || p.flags.has('f') || p.flags.has('file') ? 0 : 1);
  if (!inPlace) {
    if (ops.length === 0) return inv.stdin ? { stdout: { ...inv.stdin.size, confidence: 'unknown' } } : {};
    return {};
  }
  for (const w of ops) {
    if (!w.resolved) {
      rc.unknown('`sed -i` on a file that is not known');
      continue;
    }
    for (const path of rc.targets(w).paths) rewriteInPlace(rc, path, 'sed -i');
  }
  return { stdout: null };
};

/** A tool rewrote a file in place (same size as far as known). */
export function rewriteInPlace(rc: RunContext, path: string, tool: string): void {
  if (rc.discarded(path)) return;
  const n = rc.fs.lookup(path);
  if (n && n.type === 'file') {
    if (n.version.layer === rc.layer) return;
    rc.writeFile(path, { bytes: n.version.size.bytes, confidence: n.version.size.confidence === 'exact' ? 'estimated' : n.version.size.confidence }, { tool, mode: n.meta.mode, owner: n.meta.owner });
    rc.estimate(`${tool} rewrites ${path}: size taken as unchanged`);
    return;
  }
  if (n === undefined) {
    rc.layer.unknownHides.push(path);
    rc.writeFile(path, UNKNOWN, { tool });
    rc.unknown(`${tool} rewrites ${path}, a base-image file of unknown size`);
  }
}

export const FS_COMMANDS: Record<string, CommandModel> = {
  rm, rmdir, mkdir, touch, chmod, chown, chgrp, cp, mv, ln, install, dd, head, fallocate, truncate, tee, echo, printf, cat, sed,
};
