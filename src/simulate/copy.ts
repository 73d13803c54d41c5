import type { Instruction } from '../model/types';
import { compileIgnore } from '../parse/dockerignore';
import { readArchive } from './archive';
import { readContextFile, resolveInContext, type BuildContext, type ContextEntry } from './context';
import { basename, hasGlob, joinPath, matchSegment, normalize, resolvePath } from './paths';
import { UNKNOWN, exact, type Size } from './size';
import type { SimState, StageState } from './state';
import type { LayerSim } from './types';
import { looksSecret, type LayerWriter, type Node } from './vfs';

/**
 * COPY and ADD: sources resolved in the build context (exact sizes), in another stage's final filesystem, or
 * unknown (an external image, a URL, a context that was not read).
 */
interface CopySpec {
  sources: string[];
  dest: string;
  from: string | null;
  chown: string | null;
  chmod: number | null;
  chmodRaw: string | null;
  parents: boolean;
  excludes: string[];
  add: boolean;
}

function unquote(s: string): string {
  return s.length >= 2 && ((s.startsWith('"') && s.endsWith('"')) || (s.startsWith("'") && s.endsWith("'"))) ? s.slice(1, -1) : s;
}

export function copySpec(ins: Instruction): CopySpec | null {
  const words = ins.form === 'exec' && ins.execArgs ? ins.execArgs : ins.args.map((a) => unquote(a.expanded));
  if (words.length < 2) return null;
  const flag = (n: string): string | null => ins.flags.find((f) => f.name === n)?.expanded ?? null;
  const chmodRaw = flag('chmod');
  return {
    sources: words.slice(0, -1),
    dest: words[words.length - 1],
    from: flag('from'),
    chown: flag('chown'),
    chmod: chmodRaw && /^[0-7]{3,4}$/.test(chmodRaw) ? parseInt(chmodRaw, 8) : null,
    chmodRaw,
    parents: ins.flags.some((f) => f.name === 'parents' && f.value !== 'false'),
    excludes: ins.flags.filter((f) => f.name === 'exclude' && f.expanded).map((f) => f.expanded as string),
    add: ins.keyword === 'ADD',
  };
}

/** `--chown=app` / `1000:1000` → `uid:gid`-ish owner string (root → 0). */
function ownerOf(chown: string | null): string {
  if (!chown) return '0:0';
  const [u, g] = chown.split(':');
  const norm = (s: string): string => (s === 'root' ? '0' : s);
  return `${norm(u)}:${norm(g ?? u)}`;
}

const URL = /^(https?|ftp):\/\/|^git@|\.git(#.*)?$/;

export interface CopyOutcome {
  /** Files written (path → size), for rules (e.g. COPY --chmod suggestions). */
  files: { path: string; size: Size; mode: number | null; sourceRel: string | null }[];
}

export function applyCopy(ins: Instruction, sim: SimState, st: StageState, w: LayerWriter, resolveStage: (ref: string) => StageState | null): CopyOutcome {
  const out: CopyOutcome = { files: [] };
  const layer = w.layer;
  const spec = copySpec(ins);
  if (!spec) return out;
  const owner = ownerOf(spec.chown);
  const destAbs = resolvePath(st.workdir, spec.dest);
  const manyOrGlob = spec.sources.length > 1 || spec.sources.some((s) => hasGlob(s));
  const destNode = w.fs.lookup(destAbs);
  // A file of unknown size guessed there by an earlier COPY, and a different name now: the destination is a folder.
  const guessed = destNode?.type === 'file' && destNode.version.size.confidence === 'unknown' && destNode.version.size.bytes === 0 && spec.sources.every((src) => basename(normalize('/' + src)) !== basename(destAbs));
  const destIsDir = spec.dest.endsWith('/') || spec.dest === '.' || manyOrGlob || guessed || (destNode !== null && destNode !== undefined && destNode.type === 'dir');
  const target = (name: string): string => (destIsDir ? joinPath(destAbs, name) : destAbs);
  const write = (path: string, size: Size, mode: number | null, rel: string | null): void => {
    w.writeFile(path, size, { mode: spec.chmod ?? mode ?? 0o644, owner, tool: ins.keyword, origin: rel, secret: looksSecret(path) || (rel !== null && looksSecret('/' + rel)) });
    out.files.push({ path, size, mode: spec.chmod ?? mode, sourceRel: rel });
  };
  if (destIsDir) w.mkdir(destAbs, { mode: 0o755, owner });

  for (const src of spec.sources) {
    const heredoc = /^<<-?["']?([A-Za-z_][A-Za-z0-9_]*)["']?$/.exec(src);
    if (heredoc) {
      const h = ins.heredocs.find((x) => x.name === heredoc[1]);
      const body = h ? (h.stripTabs ? h.content.replace(/^\t+/gm, '') : h.content) : '';
      write(destIsDir ? joinPath(destAbs, heredoc[1]) : destAbs, exact(Buffer.byteLength(body, 'utf8')), null, null);
      continue;
    }
    if (spec.add && URL.test(src)) {
      unknown(layer, `ADD ${src}: a download of unknown size`);
      write(target(basename(src.replace(/[?#].*$/, '')) || 'download'), UNKNOWN, null, null);
      continue;
    }
    if (spec.from) {
      const from = resolveStage(spec.from);
      if (!from) {
        unknown(layer, `COPY --from=${spec.from}: files of an external image, sizes not known`);
        placeholder(w, src, destAbs, destIsDir, owner, spec.chmod, out, ins.keyword);
        continue;
      }
      copyFromStage(from, src, destAbs, destIsDir, manyOrGlob, spec, w, owner, out);
      continue;
    }
    if (!sim.context) {
      unknown(layer, `${ins.keyword} ${src}: the build context was not read (pass --context)`);
      placeholder(w, src, destAbs, destIsDir, owner, spec.chmod, out, ins.keyword);
      continue;
    }
    copyFromContext(sim.context, src, destAbs, destIsDir, spec, w, owner, out);
  }
  if (sim.context?.truncated) unknown(layer, 'the build context is larger than the walk limit: sizes are incomplete');
  return out;
}

function unknown(layer: LayerSim, reason: string): void {
  if (!layer.unknowns.includes(reason)) layer.unknowns.push(reason);
}

/** No listing for the source: a file of unknown size when it looks like one, else a folder of unknown content. */
function placeholder(w: LayerWriter, src: string, dest: string, destIsDir: boolean, owner: string, mode: number | null, out: CopyOutcome, tool: string): void {
  const name = basename(normalize('/' + src));
  const fileLike = !hasGlob(src) && src !== '.' && !src.endsWith('/') && name !== '' && (/\.[A-Za-z0-9]+$/.test(name) || looksSecret('/' + name) || /^[A-Z][A-Za-z]*file$/.test(name));
  if (fileLike) {
    const path = destIsDir ? joinPath(dest, name) : dest;
    w.writeFile(path, UNKNOWN, { mode: mode ?? null, owner, tool });
    out.files.push({ path, size: UNKNOWN, mode, sourceRel: null });
    return;
  }
  w.addBlob(dest, UNKNOWN, { label: `${tool} ${src}`, tool });
}

/** Context paths matching a COPY source (Go filepath.Match per segment, `**` for any depth). */
function matchContext(ctx: BuildContext, pattern: string): string[] {
  const clean = normalize('/' + pattern).slice(1);
  if (!hasGlob(clean)) {
    const r = resolveInContext(ctx, clean);
    return r !== null && ctx.entries.has(r) ? [r] : [];
  }
  const segs = clean.split('/');
  let current: string[] = [''];
  for (const seg of segs) {
    const next: string[] = [];
    for (const dir of current) {
      if (seg === '**') {
        next.push(dir, ...descendants(ctx, dir).filter((d) => ctx.entries.get(d)?.type === 'dir'));
        continue;
      }
      for (const child of ctx.children.get(dir) ?? []) if (matchSegment(seg, basename('/' + child), true)) next.push(child);
    }
    current = [...new Set(next)];
  }
  return current;
}

function descendants(ctx: BuildContext, dir: string): string[] {
  const out: string[] = [];
  const stack = [...(ctx.children.get(dir) ?? [])];
  while (stack.length > 0) {
    const d = stack.pop() as string;
    out.push(d);
    stack.push(...(ctx.children.get(d) ?? []));
  }
  return out.sort();
}

function copyFromContext(ctx: BuildContext, src: string, dest: string, destIsDir: boolean, spec: CopySpec, w: LayerWriter, owner: string, out: CopyOutcome): void {
  const matches = matchContext(ctx, src);
  if (matches.length === 0) {
    w.layer.notes.push(`${spec.add ? 'ADD' : 'COPY'} ${src}: not in the build context (the build would fail)`);
    return;
  }
  const ex = spec.excludes.length > 0 ? compileIgnore(spec.excludes) : null;
  const excluded = (rel: string, base: string): boolean => !!ex && (ex.ignores(rel) || (base !== '' && rel.startsWith(base + '/') && ex.ignores(rel.slice(base.length + 1))));
  const tool = spec.add ? 'ADD' : 'COPY';
  for (const rel of matches) {
    const e = ctx.entries.get(rel) as ContextEntry;
    if (excluded(rel, '')) continue;
    const baseTarget = spec.parents ? joinPath(dest, rel) : null;
    if (e.type === 'dir') {
      const root = spec.parents ? (baseTarget as string) : dest;
      w.mkdir(root, { mode: spec.chmod ?? e.mode, owner });
      for (const d of descendants(ctx, rel)) {
        if (excluded(d, rel)) continue;
        const ce = ctx.entries.get(d) as ContextEntry;
        const to = joinPath(root, d.slice(rel === '' ? 0 : rel.length + 1));
        writeEntry(w, ce, to, d, spec, owner, out, tool);
      }
      continue;
    }
    const to = spec.parents ? (baseTarget as string) : destIsDir ? joinPath(dest, basename('/' + rel)) : dest;
    if (spec.add && e.type === 'file' && extractAdd(ctx, rel, destIsDir || spec.dest.endsWith('/') ? dest : dest, w, owner, spec, out)) continue;
    writeEntry(w, e, to, rel, spec, owner, out, tool);
  }
}

function writeEntry(w: LayerWriter, e: ContextEntry, to: string, rel: string, spec: CopySpec, owner: string, out: CopyOutcome, tool: string): void {
  if (e.type === 'dir') {
    w.mkdir(to, { mode: spec.chmod ?? e.mode, owner });
    return;
  }
  if (e.type === 'symlink') {
    w.symlink(to, e.linkTarget ?? '', { owner, tool });
    return;
  }
  const size = exact(e.size);
  w.writeFile(to, size, { mode: spec.chmod ?? e.mode, owner, tool, origin: rel, secret: looksSecret('/' + rel) });
  out.files.push({ path: to, size, mode: spec.chmod ?? e.mode, sourceRel: rel });
}

/** ADD of a local tar (plain or compressed) extracts it into the destination folder. */
function extractAdd(ctx: BuildContext, rel: string, dest: string, w: LayerWriter, owner: string, spec: CopySpec, out: CopyOutcome): boolean {
  const buf = readContextFile(ctx, rel);
  if (!buf) return false;
  const a = readArchive(buf);
  if (!a) return false;
  if (!a.listing) {
    if (a.inflatedBytes !== undefined) {
      // Too big to list here: the tar stream's length (headers included) bounds the content from above.
      w.layer.estimates.push(`ADD ${rel}: a large archive, sized from its gzip trailer (headers included)`);
      w.addBlob(dest, { bytes: a.inflatedBytes, confidence: 'estimated' }, { label: `extracted ${rel}`, tool: 'ADD' });
      return true;
    }
    unknown(w.layer, `ADD ${rel}: a ${a.compression} archive is extracted; its content size is not known`);
    w.addBlob(dest, UNKNOWN, { label: `extracted ${rel}`, tool: 'ADD' });
    return true;
  }
  w.mkdir(dest, { mode: 0o755, owner: '0:0' });
  for (const e of a.listing.entries) {
    const parts = e.path.split('/').filter((s) => s !== '' && s !== '.');
    if (parts.length === 0) continue;
    const to = normalize(joinPath(dest, parts.join('/')));
    if (e.type === 'dir') w.mkdir(to, { mode: e.mode, owner: '0:0' });
    else if (e.type === 'symlink') w.symlink(to, e.linkTarget ?? '', { tool: 'ADD' });
    else {
      const size = exact(e.type === 'file' ? e.size : 0);
      w.writeFile(to, size, { mode: e.mode, owner: spec.chown ? owner : '0:0', tool: 'ADD' });
      out.files.push({ path: to, size, mode: e.mode, sourceRel: null });
    }
  }
  return true;
}

function copyFromStage(from: StageState, src: string, dest: string, destIsDir: boolean, manyOrGlob: boolean, spec: CopySpec, w: LayerWriter, owner: string, out: CopyOutcome): void {
  const srcAbs = resolvePath('/', src);
  const paths = hasGlob(srcAbs) ? from.fs.glob(srcAbs).matches : [srcAbs];
  for (const p of paths) {
    const node: Node | null | undefined = from.fs.lookup(p);
    if (node === null) {
      w.layer.notes.push(`COPY --from: ${p} does not exist in that stage (the build would fail)`);
      continue;
    }
    if (node === undefined) {
      unknown(w.layer, `COPY --from ${p}: a file of that stage's base image (or written by an unmodelled command), size not known`);
      placeholder(w, p, dest, destIsDir || manyOrGlob, owner, spec.chmod, out, 'COPY');
      continue;
    }
    const to = node.type === 'dir' ? (spec.parents ? joinPath(dest, p) : dest) : destIsDir ? joinPath(dest, basename(p)) : dest;
    const r = w.copyNode(node, to, { owner, ...(spec.chmod !== null ? { mode: spec.chmod } : {}) });
    if (r.unknown) unknown(w.layer, `COPY --from ${p}: part of it has an unknown size`);
    if (node.type === 'file') out.files.push({ path: to, size: node.version.size, mode: spec.chmod ?? node.meta.mode, sourceRel: null });
  }
}
