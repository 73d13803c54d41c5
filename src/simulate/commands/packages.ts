import { joinPath } from '../paths';
import { UNKNOWN, type Confidence, type Size } from '../size';
import type { RunContext } from '../run';
import { isToolchainPackage, packageName } from '../toolchain';
import type { AvoidableKind, FileVersion } from '../types';
import { has, parseArgs, value, type ParsedArgs } from './args';
import type { CommandModel, Invocation, Word } from './types';

/**
 * Package managers. Debian packages are sized by the package-size estimator; other managers have no size index
 * here, so what they install is `unknown`, but where they leave their caches is known (the rules read that).
 */

const APT_LISTS = '/var/lib/apt/lists';
const APT_ARCHIVES = '/var/cache/apt/archives';
const APT_VALUE = new Set(['o', 'c', 't', 'option', 'config-file', 'target-release', 'default-release', 'q']);

function options(p: ParsedArgs): string[] {
  return [...(p.all.get('o') ?? []), ...(p.all.get('option') ?? [])];
}

function noRecommends(p: ParsedArgs): boolean {
  if (has(p, 'no-install-recommends')) return true;
  return options(p).some((o) => /^APT::(Get::)?Install-Recommends=(false|0|no)$/i.test(o));
}

/** Add a cache blob unless the directory is on a RUN mount. */
function cacheBlob(rc: RunContext, dir: string, tool: string, label: string, size: Size = UNKNOWN, avoidable: AvoidableKind = 'package-cache'): void {
  if (rc.discarded(dir)) return;
  const node = rc.fs.lookup(dir);
  if (node && node.type === 'dir' && node.blobs.some((b) => b.label === label && b.layer === rc.layer)) return;
  rc.addBlob(dir, size, { label, avoidable, tool });
}

function removeCache(rc: RunContext, dir: string, label?: string): void {
  if (rc.discarded(dir)) return;
  rc.w.removeBlobs(dir, dir, (b) => label === undefined || b.label === label);
}

function aptUpdate(rc: RunContext, tool: string): void {
  if (rc.discarded(APT_LISTS)) return;
  const node = rc.fs.lookup(APT_LISTS);
  if (node && node.type === 'dir' && node.blobs.some((b) => b.label === 'apt lists')) {
    rc.note('apt lists already present: a second `apt-get update` is taken to leave them as they are');
    return;
  }
  const gz = rc.fs.lookup('/etc/apt/apt.conf.d/docker-gzip-indexes');
  const gzipIndexes = gz ? true : gz === null ? false : rc.stage.family === 'debian';
  const est = rc.sim.estimator;
  let size: Size = UNKNOWN;
  const bytes = est.available && rc.stage.family === 'debian' && rc.stage.baseRef ? est.aptListsBytes(rc.stage.baseRef, gzipIndexes) : 0;
  if (bytes > 0) size = { bytes, confidence: 'estimated' };
  else rc.unknown(`\`${tool} update\`: size of the package lists of ${rc.stage.baseRef || 'this base'} is not known`);
  if (extraSources(rc)) rc.unknown(`\`${tool} update\` with extra apt sources added in this build: their lists are not sized`);
  rc.addBlob(APT_LISTS, size, { label: 'apt lists', avoidable: 'apt-lists', tool });
}

/** Were apt sources added by this build (beyond the base's)? */
function extraSources(rc: RunContext): boolean {
  const d = rc.fs.lookup('/etc/apt/sources.list.d');
  if (!d || d.type !== 'dir') return false;
  for (const [, child] of d.children) if (child.type === 'file') return true;
  return false;
}

interface AptRun {
  tool: string;
  requested: string[];
  unresolved: Word[];
}

function aptPackages(p: ParsedArgs, tool: string): AptRun {
  const words = p.operands.slice(1);
  return { tool, requested: words.filter((w) => w.resolved).map((w) => w.text), unresolved: words.filter((w) => !w.resolved) };
}

/** Write apt/dpkg state files (status, status-old, ld.so.cache ...) as new copies: their lower copies are hidden. */
function writeStateFiles(rc: RunContext, files: readonly { path: string; bytes: number }[], tool: string): number {
  let total = 0;
  for (const f of files) {
    if (rc.discarded(f.path)) continue;
    rc.writeFile(f.path, { bytes: f.bytes, confidence: 'estimated' }, { tool });
    total += f.bytes;
  }
  return total;
}

/**
 * The state a removal rewrites: dpkg's status shrinks by the removed packages' share of what the build added
 * (status-old keeps the copy before), apt's EIPP log and ld.so.cache are rewritten at about the same size.
 */
function removalStateFiles(rc: RunContext, removed: number, added: number): { path: string; bytes: number }[] {
  const size = (p: string): number | null => {
    const n = rc.fs.lookup(p);
    return n && n.type === 'file' ? n.version.size.bytes : null;
  };
  const status = size('/var/lib/dpkg/status');
  if (status === null) return [];
  const base = rc.stage.aptStateBase.get('/var/lib/dpkg/status') ?? status;
  const grown = Math.max(0, status - base);
  const kept = added > 0 ? Math.max(0, added - removed) / added : 1;
  const out = [
    { path: '/var/lib/dpkg/status', bytes: Math.round(base + grown * kept) },
    { path: '/var/lib/dpkg/status-old', bytes: status },
    { path: '/var/lib/apt/extended_states', bytes: 0 },
  ];
  for (const p of ['/var/log/apt/eipp.log.xz', '/etc/ld.so.cache']) {
    const b = size(p);
    if (b !== null) out.push({ path: p, bytes: b });
  }
  return out;
}

function aptInstall(rc: RunContext, p: ParsedArgs, run: AptRun): void {
  const st = rc.stage;
  const est = rc.sim.estimator;
  if (run.unresolved.length > 0) rc.unknown(`\`${run.tool} install\` of packages named by variables (${run.unresolved.map((w) => w.text).join(' ')})`);
  const local = run.requested.filter((r) => r.includes('/') && (r.endsWith('.deb') || r.startsWith('.') || r.startsWith('/')));
  if (local.length > 0) rc.unknown(`\`${run.tool} install\` of local .deb files (${local.join(' ')}): their sizes are not known`);
  const names = run.requested.filter((r) => !local.includes(r) && !r.includes('*'));
  if (names.length === 0) return;
  const lists = rc.fs.lookup(APT_LISTS);
  if (lists && lists.type === 'dir' && lists.complete && lists.blobs.length === 0 && lists.children.size <= 2 && !rc.discarded(APT_LISTS)) {
    rc.note(`\`${run.tool} install\` runs without package lists (no \`apt-get update\` before it in this build)`);
  }
  if (!est.available || st.family !== 'debian' || !st.baseRef) {
    rc.unknown(`\`${run.tool} install ${names.slice(0, 3).join(' ')}${names.length > 3 ? ' …' : ''}\`: package sizes for ${st.baseRef || 'this base'} are not known`);
    const blob = rc.addBlob('/', UNKNOWN, { label: `dpkg: ${names.join(' ')}`, tool: run.tool, packages: names, avoidable: names.some((n) => isToolchainPackage('apt', n)) && !rc.conditional ? 'build-tools' : null });
    if (blob) for (const n of names) st.packageBlobs.set(packageName(n), blob);
    st.aptInstalls.push({ requested: names.map(packageName), packages: names.map(packageName), docs: null });
    for (const n of names) st.manual.add(packageName(n));
    return;
  }
  const noRec = noRecommends(p);
  const installed = st.installed ?? undefined;
  if (rc.conditional) rc.estimate(`\`${run.tool} install\` inside an if/case/loop: taken to run`);
  const full = est.estimateAptInstall({ base: st.baseRef, installed, packages: names, noInstallRecommends: noRec });
  // Split off the toolchain: its share is what installing only the rest would not bring.
  const tools = names.filter((n) => isToolchainPackage('apt', n));
  let toolPackages = new Set<string>();
  if (tools.length > 0) {
    const rest = names.filter((n) => !tools.includes(n));
    const runtime = rest.length > 0 ? est.estimateAptInstall({ base: st.baseRef, installed, packages: rest, noInstallRecommends: noRec }) : null;
    const runtimeNames = new Set(runtime ? runtime.packages.map((x) => x.name) : []);
    toolPackages = new Set(full.packages.map((x) => x.name).filter((n) => !runtimeNames.has(n)));
  }
  if (full.unknownPackages.length > 0) rc.unknown(`\`${run.tool} install\`: packages not in the index (${full.unknownPackages.join(' ')})`);
  if (full.confidence === 'unknown' && full.unknownPackages.length === 0) rc.unknown(`\`${run.tool} install\`: ${full.notes[0] ?? 'size not known'}`);
  const rewritten = writeStateFiles(rc, full.stateFiles, run.tool);
  let payload = Math.max(0, full.contentBytes - rewritten);
  const conf: Confidence = full.confidence === 'unknown' ? 'unknown' : 'estimated';
  // On a full (not -slim) Debian base, the docs, man pages and locales the -slim images leave out get their own
  // blob under /usr/share/doc, so that `rm -rf /usr/share/doc/*` in the same RUN takes them away.
  let docsBlob: FileVersion | null = null;
  const slimRef = slimVariant(st.baseRef);
  if (slimRef && full.packages.length > 0 && full.confidence === 'estimated') {
    const slim = est.estimateAptInstall({ base: slimRef, installed, packages: names, noInstallRecommends: noRec });
    const docs = slim.confidence === 'estimated' ? Math.min(payload, Math.max(0, full.contentBytes - slim.contentBytes)) : 0;
    if (docs > 0) {
      docsBlob = rc.addBlob('/usr/share/doc', { bytes: docs, confidence: 'estimated' }, { label: `dpkg docs: ${names.join(' ')}`, tool: run.tool, packages: full.packages.map((x) => x.name) });
      if (docsBlob) payload -= docs;
    }
  }
  const kib = full.packages.reduce((sum, x) => sum + x.installedSizeKiB, 0);
  if (full.packages.length === 0 && payload > 0) rc.addBlob('/', { bytes: payload, confidence: conf }, { label: `dpkg: ${names.join(' ')}`, tool: run.tool, packages: names });
  for (const pkg of full.packages) {
    const bytes = kib > 0 ? Math.round((payload * pkg.installedSizeKiB) / kib) : 0;
    const blob = rc.addBlob('/', { bytes, confidence: conf }, { label: `dpkg: ${pkg.name}`, tool: run.tool, packages: [pkg.name], avoidable: toolPackages.has(pkg.name) && !rc.conditional ? 'build-tools' : null });
    if (blob) st.packageBlobs.set(pkg.name, blob);
    st.installed?.add(pkg.name);
  }
  st.aptInstalls.push({ requested: names.map(packageName), packages: full.packages.map((x) => x.name), docs: docsBlob });
  for (const n of names) st.manual.add(packageName(n));
  const clean = rc.fs.lookup('/etc/apt/apt.conf.d/docker-clean');
  if (clean === null && !rc.discarded(APT_ARCHIVES)) {
    rc.unknown(`\`${run.tool} install\` keeps the downloaded .deb files (docker-clean is gone): their size is not known`);
    cacheBlob(rc, APT_ARCHIVES, run.tool, 'apt archives');
  }
}

/** The -slim variant of a full Debian image reference (`debian:bookworm` → `debian:bookworm-slim`), or null. */
export function slimVariant(ref: string): string | null {
  const m = /^((?:docker\.io\/)?(?:library\/)?debian):(bookworm|trixie|bullseye|1[123](?:\.\d+)*)$/.exec(ref.trim());
  return m ? `${m[1]}:${m[2]}-slim` : null;
}

function aptRemove(rc: RunContext, p: ParsedArgs, run: AptRun, auto: boolean): void {
  const st = rc.stage;
  const names = run.requested.map(packageName);
  const removed = new Set<string>();
  for (const n of names) {
    if (st.packageBlobs.has(n)) removed.add(n);
    else rc.layer.unknownHides.push(`dpkg:${n}`);
  }
  if (auto || has(p, 'auto-remove', 'autoremove')) {
    // Auto-installed packages whose install request has no manual package left go too.
    for (const rec of st.aptInstalls) {
      if (!rec.requested.every((r) => names.includes(r) || !st.manual.has(r))) continue;
      for (const pkg of rec.packages) if (!st.manual.has(pkg) || names.includes(pkg)) removed.add(pkg);
    }
    if (st.markUncertain && removed.size > 0) rc.unknown('`apt-mark` with package names that are not known: which packages the autoremove keeps is not known');
  }
  const operand = `dpkg:${names.join(',')}${removed.size > names.length ? ` (+${removed.size - names.length} dependencies)` : ''}`;
  const blobs = new Set<FileVersion>();
  for (const n of removed) {
    const b = st.packageBlobs.get(n);
    if (b) blobs.add(b);
    st.packageBlobs.delete(n);
    st.installed?.delete(n);
    st.manual.delete(n);
  }
  if (blobs.size > 0) rc.w.removeBlobs('/', operand, (b) => blobs.has(b));
  for (const rec of st.aptInstalls) {
    if (rec.docs && rec.packages.every((n) => removed.has(n) || !st.packageBlobs.has(n))) {
      const docs = rec.docs;
      rc.w.removeBlobs('/usr/share/doc', operand, (b) => b === docs);
      rec.docs = null;
    }
  }
  const added = st.aptInstalls.reduce((n, r) => n + r.packages.length, 0);
  const state = removed.size > 0 && rc.sim.estimator.available ? removalStateFiles(rc, removed.size, added) : [];
  if (state.length > 0) {
    writeStateFiles(rc, state, run.tool);
    rc.estimate(`\`${run.tool} ${p.operands[0]?.text ?? 'remove'}\`: rewritten dpkg state estimated`);
  } else if (removed.size > 0) rc.unknown(`\`${run.tool} ${p.operands[0]?.text ?? 'remove'}\`: the dpkg state it rewrites is not sized`);
}

export const aptGet: CommandModel = (inv, rc) => {
  const p = parseArgs(inv.args, { withValue: APT_VALUE });
  const sub = p.operands[0]?.text;
  const run = aptPackages(p, inv.name);
  switch (sub) {
    case 'update':
      aptUpdate(rc, inv.name);
      break;
    case 'install':
      aptInstall(rc, p, run);
      break;
    case 'remove':
    case 'purge':
      aptRemove(rc, p, run, false);
      break;
    case 'autoremove':
    case 'autopurge':
      aptRemove(rc, p, run, true);
      break;
    case 'clean':
    case 'autoclean':
      removeCache(rc, APT_ARCHIVES);
      break;
    case 'upgrade':
    case 'dist-upgrade':
    case 'full-upgrade':
      rc.unknown(`\`${inv.name} ${sub}\`: what an upgrade brings depends on the day it runs`);
      break;
    case 'build-dep':
    case 'source':
    case 'download':
    case 'reinstall':
    case 'satisfy':
      rc.unknown(`\`${inv.name} ${sub}\`: not sized`);
      break;
    default:
      break;
  }
  return {};
};

/** `apt-mark auto|manual NAMES`: decides what a later autoremove takes. */
export const aptMark: CommandModel = (inv, rc) => {
  const p = parseArgs(inv.args);
  const [sub, ...words] = p.operands;
  if (!sub || (sub.text !== 'auto' && sub.text !== 'manual')) return {};
  const st = rc.stage;
  if (words.some((w) => !w.resolved) || (inv.stdin !== null && words.length === 0)) st.markUncertain = true;
  for (const name of words.filter((x) => x.resolved).flatMap((x) => x.text.split(/\s+/)).filter(Boolean)) {
    if (sub.text === 'auto') {
      if (name.includes('*')) st.manual.clear();
      else st.manual.delete(packageName(name));
    } else if (!name.includes('*')) st.manual.add(packageName(name));
  }
  return { stdout: null };
};

export const dpkg: CommandModel = (inv, rc) => {
  if (inv.args.some((w) => /^(-i|--install|--unpack|-x|--extract)$/.test(w.text))) rc.unknown('`dpkg -i`: the size of a local package is not known');
  else if (inv.args.some((w) => /^(-r|-P|--remove|--purge)$/.test(w.text))) rc.unknown('`dpkg --purge`: not sized');
  return {};
};

export const apk: CommandModel = (inv, rc) => {
  const p = parseArgs(inv.args, { withValue: new Set(['t', 'virtual', 'X', 'repository', 'p', 'root', 'keys-dir', 'repositories-file', 'cache-dir', 'arch']) });
  const sub = p.operands[0]?.text;
  const noCache = has(p, 'no-cache');
  const cacheDir = value(p, 'cache-dir') ?? '/var/cache/apk';
  const names = p.operands.slice(1).filter((w) => w.resolved).map((w) => w.text);
  if (sub === 'update' || ((sub === 'add' || sub === 'upgrade') && !noCache)) cacheBlob(rc, cacheDir, 'apk', 'apk index');
  if (sub === 'add') {
    const virtual = value(p, 't', 'virtual');
    const pkgs = names;
    if (pkgs.length === 0) return {};
    rc.unknown(`\`apk add ${pkgs.slice(0, 3).join(' ')}${pkgs.length > 3 ? ' …' : ''}\`: Alpine package sizes are not indexed`);
    const blob = rc.addBlob('/', UNKNOWN, { label: `apk: ${virtual ?? pkgs.join(' ')}`, tool: 'apk', packages: pkgs, avoidable: pkgs.some((n) => isToolchainPackage('apk', n)) && !rc.conditional ? 'build-tools' : null });
    // Each name once (a line repeating one name thousands of times made this quadratic); the lists are copied, not
    // pushed to, because a stage built FROM this one shares them.
    if (blob) for (const key of new Set((virtual ? [virtual] : pkgs).map(packageName))) rc.stage.apkBlobs.set(key, [...(rc.stage.apkBlobs.get(key) ?? []), blob]);
  } else if (sub === 'del') {
    const gone = new Set<FileVersion>();
    for (const n of names) for (const b of rc.stage.apkBlobs.get(packageName(n)) ?? []) gone.add(b);
    if (gone.size > 0) rc.w.removeBlobs('/', `apk:${names.join(',')}`, (b) => gone.has(b));
    else for (const n of names) rc.layer.unknownHides.push(`apk:${n}`);
  } else if (sub === 'cache' && p.operands[1]?.text === 'clean') removeCache(rc, cacheDir);
  else if (sub === 'upgrade') rc.unknown('`apk upgrade`: what an upgrade brings depends on the day it runs');
  return {};
};

/** pip (and `python -m pip`): payload unknown; the wheel cache goes to ~/.cache/pip unless disabled. */
export const pip: CommandModel = (inv, rc) => {
  const p = parseArgs(inv.args, { withValue: new Set(['r', 'requirement', 'c', 'constraint', 'i', 'index-url', 'extra-index-url', 't', 'target', 'prefix', 'root', 'cache-dir', 'f', 'find-links', 'e', 'editable', 'src', 'trusted-host', 'platform', 'python-version', 'only-binary', 'no-binary', 'progress-bar', 'log']) });
  const sub = p.operands[0]?.text;
  const cacheDir = rc.abs(value(p, 'cache-dir') ?? inv.env.get('PIP_CACHE_DIR') ?? joinPath(xdgCache(rc, inv), 'pip'));
  if (sub === 'cache' && p.operands[1]?.text === 'purge') {
    removeCache(rc, cacheDir);
    return {};
  }
  if (sub !== 'install' && sub !== 'download' && sub !== 'wheel') return {};
  const envOff = inv.env.get('PIP_NO_CACHE_DIR');
  const noCache = has(p, 'no-cache-dir') || (envOff !== undefined && !/^(0|false|no|off)$/i.test(envOff) && envOff !== '');
  rc.unknown(`\`${inv.name} ${sub}\`: Python package sizes are not indexed`);
  const target = value(p, 't', 'target');
  rc.addBlob(target ? rc.abs(target) : '/usr/local/lib', UNKNOWN, { label: `pip: ${p.operands.slice(1).map((w) => w.text).join(' ') || 'requirements'}`, tool: 'pip' });
  if (!noCache) cacheBlob(rc, cacheDir, 'pip', 'pip cache');
  return {};
};

function xdgCache(rc: RunContext, inv: Invocation): string {
  return inv.env.get('XDG_CACHE_HOME') ?? joinPath(rc.home(), '.cache');
}

export const uv: CommandModel = (inv, rc) => {
  const sub = inv.args.filter((w) => !w.text.startsWith('-')).map((w) => w.text);
  const cacheDir = rc.abs(inv.env.get('UV_CACHE_DIR') ?? joinPath(xdgCache(rc, inv), 'uv'));
  if (sub[0] === 'cache' && (sub[1] === 'clean' || sub[1] === 'prune')) {
    removeCache(rc, cacheDir);
    return {};
  }
  if (!['pip', 'sync', 'add', 'install', 'tool', 'venv', 'run'].includes(sub[0] ?? '')) return {};
  rc.unknown(`\`uv ${sub.slice(0, 2).join(' ')}\`: Python package sizes are not indexed`);
  if (!inv.args.some((w) => w.text === '--no-cache') && !inv.env.get('UV_NO_CACHE')) cacheBlob(rc, cacheDir, 'uv', 'uv cache');
  return {};
};

export const python: CommandModel = (inv, rc) => {
  const m = inv.args.findIndex((w) => w.text === '-m');
  if (m >= 0 && inv.args[m + 1]?.text === 'pip') return pip({ ...inv, name: 'pip', args: inv.args.slice(m + 2) }, rc);
  if (m >= 0 && inv.args[m + 1]?.text === 'venv') {
    rc.unknown('`python -m venv`: the size of the virtual environment is not known');
    return {};
  }
  if (m >= 0 && ['compileall', 'py_compile'].includes(inv.args[m + 1]?.text ?? '')) {
    rc.unknown('`python -m compileall`: size of the .pyc files is not known');
    return {};
  }
  if (inv.args.every((w) => /^(-V|--version|-c)$/.test(w.text) || w.text.startsWith('import ') || w.text.startsWith('print('))) return {};
  rc.unknown(`\`${inv.name}\` runs a script: what it writes is not known`);
  return {};
};

export const npm: CommandModel = (inv, rc) => {
  const p = parseArgs(inv.args, { withValue: new Set(['cache', 'prefix', 'registry', 'omit', 'C', 'w', 'workspace']) });
  const sub = p.operands[0]?.text;
  const cacheDir = rc.abs(value(p, 'cache') ?? inv.env.get('NPM_CONFIG_CACHE') ?? inv.env.get('npm_config_cache') ?? joinPath(rc.home(), '.npm'));
  if (sub === 'cache' && p.operands[1]?.text === 'clean') {
    removeCache(rc, cacheDir);
    return {};
  }
  if (['install', 'i', 'ci', 'add', 'update', 'up', 'install-clean', 'isntall'].includes(sub ?? '')) {
    rc.unknown(`\`npm ${sub}\`: npm package sizes are not indexed`);
    rc.addBlob(has(p, 'g', 'global') ? '/usr/local/lib/node_modules' : joinPath(rc.cwd, 'node_modules'), UNKNOWN, { label: `npm ${sub}`, tool: 'npm' });
    cacheBlob(rc, cacheDir, 'npm', 'npm cache');
    return {};
  }
  if (sub === 'run' || sub === 'run-script' || sub === 'exec' || sub === 'x' || sub === 'pack' || sub === 'rebuild' || sub === 'prune' || sub === 'dedupe') {
    rc.unknown(`\`npm ${sub}${sub === 'run' ? ' ' + (p.operands[1]?.text ?? '') : ''}\`: what it writes is not known`);
  }
  return {};
};

export const yarn: CommandModel = (inv, rc) => {
  const p = parseArgs(inv.args, { withValue: new Set(['cache-folder', 'modules-folder', 'cwd']) });
  const sub = p.operands[0]?.text ?? 'install';
  const defaultCache = rc.stage.user === null ? '/usr/local/share/.cache/yarn' : joinPath(xdgCache(rc, inv), 'yarn');
  const cacheDir = rc.abs(value(p, 'cache-folder') ?? inv.env.get('YARN_CACHE_FOLDER') ?? defaultCache);
  if (sub === 'cache' && p.operands[1]?.text === 'clean') {
    removeCache(rc, cacheDir);
    return {};
  }
  if (sub === 'install' || sub === 'add' || sub === 'global') {
    rc.unknown(`\`yarn ${sub}\`: npm package sizes are not indexed`);
    rc.addBlob(joinPath(rc.cwd, 'node_modules'), UNKNOWN, { label: `yarn ${sub}`, tool: 'yarn' });
    cacheBlob(rc, cacheDir, 'yarn', 'yarn cache');
    return {};
  }
  if (!['--version', 'config', 'cache', 'info', 'list', 'why'].includes(sub)) rc.unknown(`\`yarn ${sub}\`: what it writes is not known`);
  return {};
};

export const pnpm: CommandModel = (inv, rc) => {
  const sub = inv.args.find((w) => !w.text.startsWith('-'))?.text ?? 'install';
  const store = rc.abs(inv.env.get('PNPM_STORE_DIR') ?? joinPath(rc.home(), '.local/share/pnpm/store'));
  if (sub === 'store' && inv.args.some((w) => w.text === 'prune')) {
    removeCache(rc, store);
    return {};
  }
  if (['install', 'i', 'add', 'fetch'].includes(sub)) {
    rc.unknown(`\`pnpm ${sub}\`: npm package sizes are not indexed`);
    cacheBlob(rc, store, 'pnpm', 'pnpm store');
    return {};
  }
  rc.unknown(`\`pnpm ${sub}\`: what it writes is not known`);
  return {};
};

function gemHome(inv: Invocation): string {
  return inv.env.get('GEM_HOME') ?? inv.env.get('BUNDLE_PATH') ?? '/usr/local/bundle';
}

export const gem: CommandModel = (inv, rc) => {
  const sub = inv.args.find((w) => !w.text.startsWith('-'))?.text;
  const cacheDir = joinPath(gemHome(inv), 'cache');
  if (sub === 'install' || sub === 'update') {
    rc.unknown(`\`gem ${sub}\`: gem sizes are not indexed`);
    cacheBlob(rc, cacheDir, 'gem', 'gem cache');
  } else if (sub === 'cleanup') removeCache(rc, cacheDir);
  return {};
};

export const bundle: CommandModel = (inv, rc) => {
  const sub = inv.args.find((w) => !w.text.startsWith('-'))?.text ?? 'install';
  if (sub === 'install' || sub === 'update') {
    rc.unknown(`\`bundle ${sub}\`: gem sizes are not indexed`);
    cacheBlob(rc, joinPath(gemHome(inv), 'cache'), 'bundle', 'gem cache');
  } else if (sub === 'clean') removeCache(rc, joinPath(gemHome(inv), 'cache'));
  else if (sub !== 'config') rc.unknown(`\`bundle ${sub}\`: what it writes is not known`);
  return {};
};

export const go: CommandModel = (inv, rc) => {
  const words = inv.args.filter((w) => !w.text.startsWith('-')).map((w) => w.text);
  const sub = words[0];
  const gopath = inv.env.get('GOPATH') ?? joinPath(rc.home(), 'go');
  const modCache = rc.abs(inv.env.get('GOMODCACHE') ?? joinPath(gopath, 'pkg/mod'));
  const buildCache = rc.abs(inv.env.get('GOCACHE') ?? joinPath(xdgCache(rc, inv), 'go-build'));
  if (sub === 'clean') {
    if (inv.args.some((w) => w.text === '-modcache')) removeCache(rc, modCache);
    if (inv.args.some((w) => w.text === '-cache')) removeCache(rc, buildCache);
    return {};
  }
  if (sub === 'mod' && words[1] === 'download') {
    rc.unknown('`go mod download`: module sizes are not indexed');
    cacheBlob(rc, modCache, 'go', 'go module cache');
    return {};
  }
  if (sub === 'build' || sub === 'install' || sub === 'test' || sub === 'get' || sub === 'generate' || sub === 'run' || sub === 'vet') {
    rc.unknown(`\`go ${sub}\`: compiler output size is not known`);
    cacheBlob(rc, modCache, 'go', 'go module cache');
    cacheBlob(rc, buildCache, 'go', 'go build cache');
  }
  return {};
};

function rpmManager(cacheDir: string): CommandModel {
  return (inv, rc) => {
    const p = parseArgs(inv.args, { withValue: new Set(['setopt', 'enablerepo', 'disablerepo', 'installroot', 'releasever', 'x', 'exclude', 'nodocs']) });
    const sub = p.operands[0]?.text;
    const names = p.operands.slice(1).filter((w) => w.resolved).map((w) => w.text);
    const noCache = inv.args.some((w) => /keepcache=(0|false)/i.test(w.text));
    if (sub === 'clean') {
      removeCache(rc, cacheDir);
      return {};
    }
    if (sub === 'makecache') cacheBlob(rc, cacheDir, inv.name, `${inv.name} cache`);
    if (sub === 'install' || sub === 'groupinstall' || sub === 'reinstall') {
      rc.unknown(`\`${inv.name} ${sub} ${names.slice(0, 3).join(' ')}${names.length > 3 ? ' …' : ''}\`: RPM package sizes are not indexed`);
      rc.addBlob('/', UNKNOWN, { label: `${inv.name}: ${names.join(' ')}`, tool: inv.name, packages: names, avoidable: names.some((n) => isToolchainPackage('rpm', n)) && !rc.conditional ? 'build-tools' : null });
      if (!noCache) cacheBlob(rc, cacheDir, inv.name, `${inv.name} cache`);
    } else if (sub === 'update' || sub === 'upgrade' || sub === 'distro-sync') {
      rc.unknown(`\`${inv.name} ${sub}\`: what an upgrade brings depends on the day it runs`);
      if (!noCache) cacheBlob(rc, cacheDir, inv.name, `${inv.name} cache`);
    } else if (sub === 'remove' || sub === 'erase') for (const n of names) rc.layer.unknownHides.push(`${inv.name}:${n}`);
    return {};
  };
}

function toolWithCache(tool: string, cacheOf: (rc: RunContext, inv: Invocation) => string, installs: RegExp, cleans: RegExp | null): CommandModel {
  return (inv, rc) => {
    const words = inv.args.filter((w) => !w.text.startsWith('-')).map((w) => w.text).join(' ');
    const cache = rc.abs(cacheOf(rc, inv));
    if (cleans && cleans.test(words)) {
      removeCache(rc, cache);
      return {};
    }
    if (/^(--?v(ersion)?|-V|--info|--list-\w+|help)$/.test(inv.args[0]?.text ?? '')) return {};
    rc.unknown(`\`${tool}${words ? ' ' + words.split(' ')[0] : ''}\`: what it writes is not known`);
    if (installs.test(words)) cacheBlob(rc, cache, tool, `${tool} cache`);
    return {};
  };
}

export const PACKAGE_COMMANDS: Record<string, CommandModel> = {
  'apt-get': aptGet, apt: aptGet, aptitude: aptGet, 'apt-mark': aptMark, dpkg, apk,
  pip, pip3: pip, uv, python, python3: python,
  npm, yarn, pnpm, gem, bundle, bundler: bundle, go,
  dnf: rpmManager('/var/cache/dnf'), yum: rpmManager('/var/cache/yum'), microdnf: rpmManager('/var/cache/yum'), tdnf: rpmManager('/var/cache/tdnf'),
  cargo: toolWithCache('cargo', (rc, inv) => joinPath(inv.env.get('CARGO_HOME') ?? joinPath(rc.home(), '.cargo'), 'registry'), /^(build|install|fetch)/, null),
  composer: toolWithCache('composer', (rc, inv) => joinPath(inv.env.get('COMPOSER_HOME') ?? joinPath(rc.home(), '.composer'), 'cache'), /^(install|require|update)/, /^clear-cache|^clearcache/),
  mvn: toolWithCache('mvn', (rc) => joinPath(rc.home(), '.m2/repository'), /./, null),
  gradle: toolWithCache('gradle', (rc) => joinPath(rc.home(), '.gradle/caches'), /./, null),
  dotnet: toolWithCache('dotnet', (rc, inv) => inv.env.get('NUGET_PACKAGES') ?? joinPath(rc.home(), '.nuget/packages'), /^(restore|publish|build)/, /^nuget locals/),
};
