#!/usr/bin/env node
'use strict';
/*
 * npm run kb:debian [-- --suites bookworm,trixie] [--files bookworm] [--no-sim] [--keep] [--tmp DIR]
 *
 * Builds layerlint's Debian package knowledge base from the archive, using the ordinary apt client in a private
 * folder (own sources list, state, cache, log and etc dirs; the machine's apt state is never touched):
 *
 *   data/debian-<suite>.json.br   compact dependency index of main + updates + security, amd64 (see FORMAT below)
 *   data/debian-minbase.json      the package set debootstrap --variant=minbase installs, and the size of apt's
 *                                 lists after `apt-get update`, per suite
 *   fixtures/estimate/apt-sim-<suite>.json
 *                                 what apt itself (`apt-get -s install`) adds on a fresh minbase status for a fixed
 *                                 list of requests, so the resolver tests compare against apt without network access
 *   data/debian-<suite>-files.json  (--files SUITES) per-package byte counts read from the .deb files of every package
 *                                 those requests install: real payload bytes, bytes the -slim images exclude, dpkg
 *                                 database entries, debconf templates, Python sources compiled at install. Downloads
 *                                 about 0.8 GB of .debs for bookworm into the private folder, one batch at a time.
 *
 * The mirror comes from this machine's apt configuration (/etc/apt/sources.list and sources.list.d): the repo never
 * names a mirror host. Needs root (or write access to a temp dir) and network access to that mirror.
 *
 * FORMAT (JSON, brotli quality 11):
 *   { format: 1, suite, arch, generatedAt, sources: [{ suite, codename, version, date, packages }],
 *     names: string[],          // real packages first, in apt's package-ID order; then virtual names
 *     realCount: number,        // names[0 .. realCount-1] are real packages (index == record index)
 *     pkgs: Rec[],              // one per real package, same order as names
 *     versions: string[] }      // candidate version per real package
 *   Rec = [installedSizeKiB, flags, depends, preDepends, recommends, conflicts, provides]
 *     flags = priority (1 required .. 5 extra) | 8 essential | 16 important | 32 depends on debconf
 *     depends/preDepends/recommends: Group[];  Group = number (one unversioned-style Alt) | Alt[] (an OR group, in
 *       apt's order)
 *     Alt = number (name index; satisfied by the target's candidate if it is a real package and by every provider
 *           of the name: any unversioned relation, and versioned ones that all of those satisfy)
 *         | [nameIndex, targetOk 0|1, ...providerIndexes]  (any other versioned relation: whether the target's
 *           candidate satisfies it, and the providers whose versioned Provides satisfy it)
 *     conflicts: real-package indexes whose candidate this package's Conflicts/Breaks hit (self excluded)
 *     provides: name indexes this package provides, limited to names some relation mentions (unversioned semantics;
 *       versioned ones are resolved in Alt above)
 * Relations are resolved against candidate versions at build time: the index describes a fresh system where every
 * installed package is at its candidate version, which is what official base images are.
 */
const fs = require('node:fs');
const path = require('node:path');
const os = require('node:os');
const zlib = require('node:zlib');
const { execFileSync, spawnSync } = require('node:child_process');

const ROOT = path.resolve(__dirname, '..');
const DATA = path.join(ROOT, 'data');
const FIXTURES = path.join(ROOT, 'fixtures', 'estimate');
const ARCH = 'amd64';
const DEFAULT_KEYRING = '/usr/share/keyrings/debian-archive-keyring.gpg';

// ---------------------------------------------------------------------------------------------------------------
// Host apt configuration: only used to learn which mirror URIs this machine uses.

/** Parse one-line (`deb [opts] uri suite comp...`) and deb822 (`.sources`) entries. */
function readHostSources() {
  const entries = [];
  const files = [];
  if (fs.existsSync('/etc/apt/sources.list')) files.push('/etc/apt/sources.list');
  const dir = '/etc/apt/sources.list.d';
  if (fs.existsSync(dir)) {
    for (const f of fs.readdirSync(dir).sort()) {
      // apt itself ignores files with other extensions (e.g. `.disabled`), so do we.
      if (f.endsWith('.list') || f.endsWith('.sources')) files.push(path.join(dir, f));
    }
  }
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    if (file.endsWith('.sources')) {
      for (const block of text.split(/\n\s*\n/)) {
        const fields = {};
        let last = null;
        for (const line of block.split('\n')) {
          if (/^\s*#/.test(line)) continue;
          const m = /^([A-Za-z-]+):\s*(.*)$/.exec(line);
          if (m) { last = m[1].toLowerCase(); fields[last] = m[2].trim(); } else if (last && /^\s/.test(line)) fields[last] += ' ' + line.trim();
        }
        if (!fields.types || !fields.uris || !fields.suites) continue;
        if (fields.enabled && fields.enabled.toLowerCase() === 'no') continue;
        if (!fields.types.split(/\s+/).includes('deb')) continue;
        for (const uri of fields.uris.split(/\s+/)) {
          entries.push({ uri: uri.replace(/\/+$/, ''), suites: fields.suites.split(/\s+/), components: (fields.components || '').split(/\s+/), signedBy: fields['signed-by'] || null });
        }
      }
    } else {
      for (const raw of text.split('\n')) {
        const line = raw.replace(/#.*/, '').trim();
        const m = /^deb\s+(?:\[([^\]]*)\]\s+)?(\S+)\s+(\S+)\s*(.*)$/.exec(line);
        if (!m) continue;
        const signed = /signed-by=(\S+)/.exec(m[1] || '');
        entries.push({ uri: m[2].replace(/\/+$/, ''), suites: [m[3]], components: m[4].split(/\s+/), signedBy: signed ? signed[1] : null });
      }
    }
  }
  return entries;
}

/** The archive and security URIs of the Debian mirror this machine uses. */
function debianMirror(entries) {
  const isDebianSuite = (s) => /^(bookworm|trixie|bullseye|forky|sid|stable|oldstable|testing|unstable)(-updates|-security)?$/.test(s);
  const archive = entries.find((e) => e.suites.some((s) => isDebianSuite(s) && !s.endsWith('-security')));
  const security = entries.find((e) => e.suites.some((s) => isDebianSuite(s) && s.endsWith('-security')));
  if (!archive) throw new Error('no Debian archive entry in /etc/apt/sources.list{,.d}; cannot pick a mirror');
  const keyring = (archive.signedBy && fs.existsSync(archive.signedBy) ? archive.signedBy : null) || DEFAULT_KEYRING;
  // Without a security entry on the host, the security suite is still served next to the archive on most mirrors.
  const securityUri = security ? security.uri : archive.uri.replace(/\/debian$/, '/debian-security');
  const securityKeyring = (security && security.signedBy && fs.existsSync(security.signedBy) ? security.signedBy : null) || keyring;
  return { archiveUri: archive.uri, securityUri, keyring, securityKeyring };
}

// ---------------------------------------------------------------------------------------------------------------
// Private apt

function privateApt(suite, mirror, base) {
  const dir = fs.mkdtempSync(path.join(base || os.tmpdir(), `layerlint-kb-${suite}-`));
  for (const d of ['etc/apt.conf.d', 'etc/sources.list.d', 'etc/preferences.d', 'etc/trusted.gpg.d', 'state/lists/partial', 'cache/archives/partial', 'log']) {
    fs.mkdirSync(path.join(dir, d), { recursive: true });
  }
  fs.writeFileSync(path.join(dir, 'state/status'), '');
  fs.writeFileSync(path.join(dir, 'state/extended_states'), '');
  // Same order as the official images' debian.sources: suite, suite-updates, then security. apt numbers packages in
  // the order it reads these files, and that numbering breaks ties between providers of a virtual package.
  const sources = [
    `deb [arch=${ARCH} signed-by=${mirror.keyring}] ${mirror.archiveUri} ${suite} main`,
    `deb [arch=${ARCH} signed-by=${mirror.keyring}] ${mirror.archiveUri} ${suite}-updates main`,
    `deb [arch=${ARCH} signed-by=${mirror.securityKeyring}] ${mirror.securityUri} ${suite}-security main`,
  ];
  fs.writeFileSync(path.join(dir, 'etc/sources.list'), sources.join('\n') + '\n');
  const conf = [
    `Dir::Etc "${dir}/etc/";`,
    'Dir::Etc::main "apt.conf";',
    'Dir::Etc::parts "apt.conf.d";',
    'Dir::Etc::sourcelist "sources.list";',
    'Dir::Etc::sourceparts "sources.list.d";',
    'Dir::Etc::preferences "preferences";',
    'Dir::Etc::preferencesparts "preferences.d";',
    'Dir::Etc::trusted "trusted.gpg";',
    'Dir::Etc::trustedparts "trusted.gpg.d";',
    `Dir::State "${dir}/state/";`,
    'Dir::State::lists "lists/";',
    `Dir::State::status "${dir}/state/status";`,
    `Dir::State::extended_states "${dir}/state/extended_states";`,
    `Dir::Cache "${dir}/cache/";`,
    'Dir::Cache::pkgcache "pkgcache.bin";',
    'Dir::Cache::srcpkgcache "srcpkgcache.bin";',
    `Dir::Log "${dir}/log/";`,
    `APT::Architecture "${ARCH}";`,
    `APT::Architectures { "${ARCH}"; };`,
    'Acquire::Languages "none";',
    // The private folder belongs to root; apt's download sandbox user could not write into it.
    'APT::Sandbox::User "root";',
    'Debug::NoLocking "true";',
  ];
  fs.writeFileSync(path.join(dir, 'apt.conf'), conf.join('\n') + '\n');
  const env = { ...process.env, APT_CONFIG: path.join(dir, 'apt.conf'), LC_ALL: 'C', DEBIAN_FRONTEND: 'noninteractive' };
  return { dir, env };
}

function aptUpdate(apt) {
  const r = spawnSync('apt-get', ['update', '-q'], { env: apt.env, encoding: 'utf8' });
  const out = (r.stdout || '') + (r.stderr || '');
  // apt-get update exits 0 even when one suite is missing; a missing Release is reported with E: or W: lines.
  const failed = r.status !== 0 || /^(E|Err):/m.test(out);
  return { ok: !failed, log: out };
}

/** Bytes of the regular files in an apt lists folder: what `apt-get update` leaves in a layer. */
function listsBytes(dir) {
  let total = 0;
  for (const f of fs.readdirSync(dir)) {
    const st = fs.lstatSync(path.join(dir, f));
    if (st.isFile()) total += st.size;
  }
  return total;
}

/**
 * The lists `apt-get update` writes for this suite under the official images' config (GzipIndexes, no
 * Translations), measured by a second update into its own lists folder; the private config above (no GzipIndexes)
 * gives the other figure.
 */
function measureLists(apt) {
  const plain = listsBytes(path.join(apt.dir, 'state/lists'));
  const gzDir = path.join(apt.dir, 'state/lists-gzip');
  fs.mkdirSync(path.join(gzDir, 'partial'), { recursive: true });
  const r = spawnSync('apt-get', ['update', '-q', '-o', 'Acquire::GzipIndexes=true', '-o', `Dir::State::lists=${gzDir}/`], { env: apt.env, encoding: 'utf8' });
  const gzip = r.status === 0 ? listsBytes(gzDir) : null;
  return { gzipIndexes: gzip, plain };
}

function parseStanzas(text) {
  const out = [];
  for (const block of text.split(/\n\n+/)) {
    if (!block.trim()) continue;
    const f = {};
    let last = null;
    for (const line of block.split('\n')) {
      if (line.startsWith(' ') || line.startsWith('\t')) { if (last) f[last] += '\n' + line; continue; }
      const i = line.indexOf(':');
      if (i <= 0) continue;
      last = line.slice(0, i);
      f[last] = line.slice(i + 1).trim();
    }
    f.__text = block;
    out.push(f);
  }
  return out;
}

/** The Packages files in apt's own order, each with its Release metadata. */
function indexTargets(apt) {
  const out = execFileSync('apt-get', ['indextargets', 'Identifier: Packages'], { env: apt.env, encoding: 'utf8' });
  return parseStanzas(out).map((t) => ({ file: t.Filename, release: t.Release, codename: t.Codename, suite: t.Suite, version: t.Version || null, baseUri: t['Base-URI'] }));
}

function releaseDate(apt, target) {
  // The InRelease file sits next to the Packages files, named after the Base-URI.
  const name = target.baseUri.replace(/^[a-z]+:\/\//, '').replace(/\/+$/, '').replace(/\//g, '_') + '_InRelease';
  const file = path.join(apt.dir, 'state/lists', name);
  if (!fs.existsSync(file)) return null;
  const m = /^Date:\s*(.+)$/m.exec(fs.readFileSync(file, 'utf8'));
  return m ? new Date(m[1]).toISOString() : null;
}

// ---------------------------------------------------------------------------------------------------------------
// Debian versions (deb-version(7)) and relations

function order(c) {
  if (c === '~') return -1;
  if (/[0-9]/.test(c)) return 0;
  if (!c) return 0;
  if (/[A-Za-z]/.test(c)) return c.charCodeAt(0);
  return c.charCodeAt(0) + 256;
}
function verrevcmp(a, b) {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    let firstDiff = 0;
    while ((i < a.length && !/[0-9]/.test(a[i])) || (j < b.length && !/[0-9]/.test(b[j]))) {
      const ac = order(a[i]);
      const bc = order(b[j]);
      if (ac !== bc) return ac - bc;
      i++; j++;
    }
    while (a[i] === '0') i++;
    while (b[j] === '0') j++;
    while (i < a.length && /[0-9]/.test(a[i]) && j < b.length && /[0-9]/.test(b[j])) {
      if (!firstDiff) firstDiff = a.charCodeAt(i) - b.charCodeAt(j);
      i++; j++;
    }
    if (i < a.length && /[0-9]/.test(a[i])) return 1;
    if (j < b.length && /[0-9]/.test(b[j])) return -1;
    if (firstDiff) return firstDiff;
  }
  return 0;
}
function splitVersion(v) {
  let epoch = 0;
  let rest = v;
  const c = v.indexOf(':');
  if (c >= 0) { epoch = parseInt(v.slice(0, c), 10) || 0; rest = v.slice(c + 1); }
  const h = rest.lastIndexOf('-');
  return h >= 0 ? { epoch, upstream: rest.slice(0, h), revision: rest.slice(h + 1) } : { epoch, upstream: rest, revision: '' };
}
function compareVersions(a, b) {
  const x = splitVersion(a);
  const y = splitVersion(b);
  if (x.epoch !== y.epoch) return x.epoch - y.epoch;
  return verrevcmp(x.upstream, y.upstream) || verrevcmp(x.revision, y.revision);
}
function satisfies(version, op, want) {
  if (!op) return true;
  if (version === null) return false;
  const c = compareVersions(version, want);
  switch (op) {
    case '<<': return c < 0;
    case '<=': case '<': return c <= 0;
    case '=': return c === 0;
    case '>=': case '>': return c >= 0;
    case '>>': return c > 0;
    default: return false;
  }
}

/**
 * `a (>= 1) | b:any, c` → [[{name:'a',op:'>=',ver:'1'},{name:'b'}],[{name:'c'}]]. A relation on another
 * architecture's package (`libc6-i386:x32`) names a package that does not exist on a single-architecture amd64
 * system: it is kept under its qualified name, so it never matches (a conflict that cannot hit, a dependency
 * alternative that cannot be met).
 */
function parseRelations(text) {
  if (!text) return [];
  return text.split(',').map((g) => g.trim()).filter(Boolean).map((g) =>
    g.split('|').map((a) => {
      const m = /^([^\s(:[]+)(?::([a-z0-9-]+))?\s*(?:\(\s*([<>=]+)\s*([^)\s]+)\s*\))?/.exec(a.trim());
      if (!m) return null;
      const foreign = m[2] && !['any', 'native', ARCH, 'all'].includes(m[2]);
      return { name: foreign ? `${m[1]}:${m[2]}` : m[1], op: m[3] || null, ver: m[4] || null };
    }).filter(Boolean),
  ).filter((g) => g.length > 0);
}

const PRIORITY = { required: 1, important: 2, standard: 3, optional: 4, extra: 5 };

// ---------------------------------------------------------------------------------------------------------------
// Index

/** Parse every Packages file in apt's order; track apt's package-ID order (first mention in any field). */
function readArchive(targets) {
  const idOrder = new Map(); // name -> first-mention rank
  const mention = (n) => { if (!idOrder.has(n)) idOrder.set(n, idOrder.size); };
  const candidates = new Map(); // name -> stanza (highest version; all suites have the same pin)
  const counts = [];
  // apt's listparser creates packages in this order: the stanza's own name, then relation targets field by field,
  // then Provides. Unknown fields are skipped.
  const FIELDS = ['Pre-Depends', 'Depends', 'Conflicts', 'Breaks', 'Recommends', 'Suggests', 'Replaces', 'Enhances'];
  for (const t of targets) {
    const text = fs.readFileSync(t.file, 'utf8');
    let n = 0;
    for (const s of parseStanzas(text)) {
      if (!s.Package) continue;
      if (s.Architecture && s.Architecture !== ARCH && s.Architecture !== 'all') continue;
      n++;
      mention(s.Package);
      for (const f of FIELDS) for (const g of parseRelations(s[f])) for (const a of g) mention(a.name);
      for (const g of parseRelations(s.Provides)) for (const a of g) mention(a.name);
      const prev = candidates.get(s.Package);
      if (!prev || compareVersions(s.Version, prev.Version) > 0) candidates.set(s.Package, s);
    }
    counts.push(n);
  }
  return { idOrder, candidates, counts };
}

function buildIndex(archive) {
  const { idOrder, candidates } = archive;
  const real = [...candidates.keys()].sort((a, b) => idOrder.get(a) - idOrder.get(b));
  const realIndex = new Map(real.map((n, i) => [n, i]));
  const cand = real.map((n) => candidates.get(n));

  // Providers per name, with the version they provide (null for an unversioned Provides).
  const providers = new Map();
  cand.forEach((s, i) => {
    for (const g of parseRelations(s.Provides)) {
      for (const a of g) {
        if (a.name === s.Package) continue; // apt drops self-provides
        if (!providers.has(a.name)) providers.set(a.name, []);
        providers.get(a.name).push({ pkg: i, ver: a.op === '=' ? a.ver : null });
      }
    }
  });

  const virtualIndex = new Map();
  const nameIndex = (n) => {
    if (realIndex.has(n)) return realIndex.get(n);
    if (!virtualIndex.has(n)) virtualIndex.set(n, real.length + virtualIndex.size);
    return virtualIndex.get(n);
  };
  const stats = { versionedAlts: 0, explicitAlts: 0, droppedAlts: 0 };

  const encodeAlt = (a) => {
    const target = candidates.get(a.name) || null;
    const provs = providers.get(a.name) || [];
    if (!target && provs.length === 0) {
      // Nothing can ever satisfy it; keep the name so the resolver can report the group as unsatisfiable.
      stats.droppedAlts++;
      return nameIndex(a.name);
    }
    if (!a.op) return nameIndex(a.name);
    stats.versionedAlts++;
    const targetOk = target ? satisfies(target.Version, a.op, a.ver) : false;
    const okProvs = provs.filter((p) => p.ver !== null && satisfies(p.ver, a.op, a.ver)).map((p) => p.pkg);
    // A plain index means "target candidate plus every provider"; use it whenever that is the exact answer.
    if ((target === null || targetOk) && okProvs.length === provs.length) return nameIndex(a.name);
    stats.explicitAlts++;
    return [nameIndex(a.name), targetOk ? 1 : 0, ...okProvs];
  };
  // A group is a bare number for the common single unversioned alternative, else an array of alternatives.
  const encodeGroups = (text) => parseRelations(text).map((g) => {
    const alts = g.map(encodeAlt);
    return alts.length === 1 && typeof alts[0] === 'number' ? alts[0] : alts;
  });

  const conflictsOf = (s, self) => {
    const hit = new Set();
    for (const f of ['Conflicts', 'Breaks']) {
      for (const g of parseRelations(s[f])) {
        for (const a of g) {
          const t = candidates.get(a.name);
          if (t && satisfies(t.Version, a.op, a.ver)) hit.add(realIndex.get(a.name));
          for (const p of providers.get(a.name) || []) {
            if (!a.op || (p.ver !== null && satisfies(p.ver, a.op, a.ver))) hit.add(p.pkg);
          }
        }
      }
    }
    hit.delete(self);
    return [...hit].sort((x, y) => x - y);
  };

  const dependsOnDebconf = (s) => parseRelations(s.Depends).concat(parseRelations(s['Pre-Depends'])).some((g) => g.some((a) => a.name === 'debconf' || a.name === 'debconf-2.0'));

  // Relations first, so that only virtual names some relation mentions get an index: the rest (mostly Rust and
  // Haskell feature/ABI names) would double the name table and can only matter for `apt-get install <that name>`.
  const rels = cand.map((s) => [encodeGroups(s.Depends), encodeGroups(s['Pre-Depends']), encodeGroups(s.Recommends)]);
  const pkgs = cand.map((s, i) => {
    const flags = (PRIORITY[s.Priority] || 5) | (s.Essential === 'yes' ? 8 : 0) | (s.Important === 'yes' || s.Protected === 'yes' ? 16 : 0) | (dependsOnDebconf(s) ? 32 : 0);
    const provides = [];
    for (const g of parseRelations(s.Provides)) {
      for (const a of g) if (a.name !== s.Package && (realIndex.has(a.name) || virtualIndex.has(a.name))) provides.push(nameIndex(a.name));
    }
    return [parseInt(s['Installed-Size'] || '0', 10), flags, rels[i][0], rels[i][1], rels[i][2], conflictsOf(s, i), provides];
  });
  const names = real.concat([...virtualIndex.keys()]);
  return { names, realCount: real.length, pkgs, versions: cand.map((s) => s.Version), stats, providers };
}

// ---------------------------------------------------------------------------------------------------------------
// debootstrap --variant=minbase: Priority required, plus the suite's extra rule, closed over Depends/Pre-Depends.

function minbaseSet(candidates, suite) {
  const include = suite === 'bookworm' ? ['usr-is-merged'] : [];
  const exclude = new Set(['usrmerge']);
  const want = [...candidates.values()].filter((s) => s.Priority === 'required').map((s) => s.Package).concat(include);
  const set = new Set();
  const queue = [...want];
  while (queue.length) {
    const n = queue.shift();
    if (set.has(n) || exclude.has(n) || !candidates.has(n)) continue;
    set.add(n);
    const s = candidates.get(n);
    for (const g of parseRelations(s['Pre-Depends']).concat(parseRelations(s.Depends))) {
      // debootstrap takes the first alternative unless one is already selected.
      if (g.some((a) => set.has(a.name))) continue;
      const first = g.find((a) => candidates.has(a.name) && !exclude.has(a.name));
      if (first) queue.push(first.name);
    }
  }
  return [...set].sort();
}

// ---------------------------------------------------------------------------------------------------------------
// apt's own answers, for the resolver tests

const POPULAR = ['git', 'python3', 'python3-pip', 'build-essential', 'gcc', 'make', 'nodejs', 'npm', 'openjdk-17-jre-headless', 'ca-certificates', 'curl', 'wget', 'gnupg', 'unzip', 'vim', 'nginx', 'postgresql-client', 'libpq-dev', 'imagemagick', 'ffmpeg', 'default-jre-headless', 'golang-go', 'ruby', 'php-cli', 'jq'];
const LINES = [
  'curl ca-certificates git', 'build-essential python3-dev python3-pip python3-venv', 'wget gnupg unzip jq', 'nginx php-fpm',
  'libpq-dev gcc python3-dev', 'git openssh-client curl ca-certificates make', 'locales tzdata procps', 'python3 python3-numpy',
  'texlive-latex-base', 'fonts-liberation libnss3 libgbm1', 'nodejs npm ca-certificates',
];

/**
 * The 150 most frequent names in `apt-get install` lines of a corpus of 3,585 public Dockerfiles (the ones that are
 * bookworm packages), minus those in POPULAR. They make the resolver fixture look like real use, and their resolved
 * sets are the packages whose .deb contents are measured (--files).
 */
const CORPUS = [
  'libssl-dev', 'xz-utils', 'zlib1g-dev', 'dpkg-dev', 'libreadline-dev', 'apt-transport-https', 'libsqlite3-dev',
  'libxml2-dev', 'libc6-dev', 'libcurl4-openssl-dev', 'libjpeg-dev', 'libpng-dev', 'libwebp-dev', 'locales',
  'libfreetype6-dev', 'procps', 'bzip2', 'libffi-dev', 'gettext-base', 'lsb-release', 'g++', 'libbz2-dev',
  'libglib2.0-0', 'libxext6', 'libgdbm-dev', 'libncurses5-dev', 'libzip-dev', 'liblzma-dev', 'tk-dev',
  'software-properties-common', 'libargon2-dev', 'libsodium-dev', 'openssh-client', 'libncursesw5-dev', 'libc6',
  'libstdc++6', 'libsm6', 'pkg-config', 'gnupg2', 'binutils', 'libavif-dev', 'zlib1g', 'libonig-dev', 'file',
  'unixodbc', 'libgssapi-krb5-2', 'libevent-dev', 'libssl3', 'tzdata', 'autoconf', 'libatomic1', 'libbluetooth-dev',
  'libxrender-dev', 'libgomp1', 'libgmp-dev', 'sudo', 'azure-cli', 'netbase', 'dirmngr', 'libmagickwand-dev',
  'patch', 'libapr1-dev', 'uuid-dev', 'iproute2', 'xvfb', 'python3-dev', 'apt-utils', 'dialog', 'libfreetype6',
  'libdb-dev', 'fonts-dejavu', 'automake', 'libxrender1', 'libtool', 'libasound2', 'mercurial', 'libicu-dev',
  'default-libmysqlclient-dev', 'libglib2.0-dev', 'zstd', 'less', 'fontconfig', 'libx11-xcb1', 'llvm', 'cmake',
  'libyaml-dev', 'libxcomposite1', 'libkrb5-dev', 'perl', 'libgl1-mesa-dri', 'libfontconfig1', 'libgtk-3-0', 'rsync',
  'libxcursor1', 'libxdamage1', 'libxfixes3', 'libxi6', 'libxtst6', 'libnss3', 'unixodbc-dev', 'subversion',
  'iptables', 'libgl1-mesa-glx', 'libxslt1-dev', 'libxrandr2', 'libxss1', 'clang', 'libatk1.0-0', 'libcups2',
  'libexpat1', 'libgbm1', 'libpango-1.0-0', 'libx11-6', 'xdg-utils', 'libcairo2', 'libnspr4', 'libpangocairo-1.0-0',
  'fonts-liberation', 'apache2', 'libperl-dev', 'libdbus-1-3', 'libxcb1', 'dh-autoreconf', 'openssl', 'iputils-ping',
  'libmagickcore-dev', 'libmaxminddb-dev', 'libnss-wrapper', 'postgresql-common', 'tini', 'libgeoip-dev',
  'squashfs-tools', 'apache2-dev', 'libzstd-dev',
];

/** A deterministic sample of candidate names (mulberry32 PRNG), so the fixture is reproducible for one archive state. */
function sample(names, count, seed) {
  let a = seed >>> 0;
  const rand = () => { a = (a + 0x6d2b79f5) >>> 0; let t = a; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
  const pool = [...names].sort();
  const out = [];
  while (out.length < count && pool.length) out.push(pool.splice(Math.floor(rand() * pool.length), 1)[0]);
  return out;
}

function writeStatus(apt, candidates, set) {
  const keep = /^(Package|Version|Architecture|Multi-Arch|Essential|Priority|Section|Installed-Size|Maintainer|Source|Depends|Pre-Depends|Recommends|Suggests|Conflicts|Breaks|Replaces|Provides|Enhances|Protected|Important):/;
  const stanzas = [...set].sort().map((n) => {
    const lines = candidates.get(n).__text.split('\n');
    const out = [];
    let keeping = false;
    for (const l of lines) {
      if (/^\s/.test(l)) { if (keeping) out.push(l); continue; }
      keeping = keep.test(l);
      if (keeping) out.push(l);
      if (/^Package:/.test(l)) out.push('Status: install ok installed');
    }
    return out.join('\n');
  });
  fs.writeFileSync(path.join(apt.dir, 'state/status'), stanzas.join('\n\n') + '\n');
}

function aptSimulate(apt, pkgs, noRecommends) {
  const args = ['-s', '-q', 'install', '-y', noRecommends ? '--no-install-recommends' : '--install-recommends', ...pkgs];
  const r = spawnSync('apt-get', args, { env: apt.env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const inst = [];
  for (const line of (r.stdout || '').split('\n')) {
    const m = /^Inst (\S+) (?:\[[^\]]*\] )?\((\S+)/.exec(line);
    if (m) inst.push(m[1].replace(/:(amd64|all)$/, ''));
  }
  const ok = r.status === 0;
  return { ok, packages: inst.sort(), error: ok ? undefined : ((r.stdout || '') + (r.stderr || '')).split('\n').filter((l) => /^E:|unmet|Depends:/.test(l)).slice(0, 6).join('\n') };
}

function recordSimulations(apt, suite, archive, minbase, sources, full) {
  writeStatus(apt, archive.candidates, minbase);
  const requests = [];
  for (const p of POPULAR) requests.push({ request: [p], set: 'popular' });
  for (const l of LINES) requests.push({ request: l.split(' '), set: 'lines' });
  // The corpus and random sets only for the main suite: each apt-get -s takes seconds.
  if (full) {
    for (const p of CORPUS) if (archive.candidates.has(p)) requests.push({ request: [p], set: 'corpus' });
    const notBase = [...archive.candidates.keys()].filter((n) => !minbase.includes(n));
    for (const p of sample(notBase, 60, 12)) requests.push({ request: [p], set: 'random' });
  }
  const cases = [];
  const touched = new Set();
  for (const [i, { request, set }] of requests.entries()) {
    process.stdout.write(`\r${suite}: apt-get -s ${i + 1}/${requests.length}`);
    for (const noRec of [true, false]) {
      const r = aptSimulate(apt, request, noRec);
      const unknown = r.packages.filter((n) => !archive.candidates.has(n));
      if (unknown.length > 0) console.warn(`\n${request.join(' ')}: apt installs packages missing from the index: ${unknown.join(' ')}`);
      const kib = r.packages.reduce((t, n) => t + parseInt((archive.candidates.get(n) || {})['Installed-Size'] || '0', 10), 0);
      if (set !== 'random') for (const n of r.packages) touched.add(n);
      // Package lists as one space-separated string keep the fixture small and diffable.
      cases.push({ set, request, noInstallRecommends: noRec, ok: r.ok, count: r.packages.length, installedSizeKiB: kib, packages: r.packages.join(' '), ...(r.error ? { error: r.error } : {}) });
    }
  }
  process.stdout.write('\n');
  const aptVersion = execFileSync('apt-get', ['--version'], { encoding: 'utf8' }).split('\n')[0];
  const doc = {
    description: `What apt itself adds for each request on a fresh debootstrap minbase status of ${suite} (apt-get -s install, private apt state). Recorded by scripts/kb-debian.js together with data/debian-${suite}.json.br; regenerate both together.`,
    apt: aptVersion,
    suite, sources, base: 'debootstrap minbase (' + minbase.length + ' packages)',
    cases,
  };
  fs.mkdirSync(FIXTURES, { recursive: true });
  fs.writeFileSync(path.join(FIXTURES, `apt-sim-${suite}.json`), '{\n' + Object.entries(doc).map(([k, v]) => k === 'cases'
    ? ` "cases": [\n${v.map((c) => '  ' + JSON.stringify(c)).join(',\n')}\n ]`
    : ` ${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(',\n') + '\n}\n');
  return { count: cases.length, touched };
}

// ---------------------------------------------------------------------------------------------------------------
// What the .deb files hold (--files): the bytes a layer gets that Installed-Size only approximates.

/** dpkg path filters of the official -slim images (debuerreotype's .slimify-excludes/-includes); the last match wins. */
const SLIM_FILTERS = [
  ['-', '/usr/share/doc/*'], ['-', '/usr/share/doc/kde/HTML/*/*'], ['-', '/usr/share/gnome/help/*/*'], ['-', '/usr/share/info/*'],
  ['-', '/usr/share/linda/*'], ['-', '/usr/share/lintian/overrides/*'], ['-', '/usr/share/locale/*'], ['-', '/usr/share/man/*'],
  ['-', '/usr/share/omf/*/*-*.emf'],
  ['+', '/usr/share/doc/*/copyright'], ['+', '/usr/share/doc/kde/HTML/C/*'], ['+', '/usr/share/gnome/help/*/C/*'],
  ['+', '/usr/share/locale/all_languages'], ['+', '/usr/share/locale/currency/*'], ['+', '/usr/share/locale/l10n/*'],
  ['+', '/usr/share/locale/languages'], ['+', '/usr/share/locale/locale.alias'], ['+', '/usr/share/omf/*/*-C.emf'],
].map(([k, glob]) => [k, new RegExp('^' + glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$')]);

function slimExcludes(p) {
  let excluded = false;
  // dpkg uses fnmatch(3) without FNM_PATHNAME, so `*` also matches `/`.
  for (const [kind, re] of SLIM_FILTERS) if (re.test(p)) excluded = kind === '-';
  return excluded;
}

/** Byte-compiled at install time when an interpreter is present (py3compile and python3.X's own postinst). */
const PY_SOURCE = /^\/usr\/lib\/python3(\.\d+)?\/.*\.py$/;

function measureDeb(file, workDir) {
  const listing = spawnSync('dpkg-deb', ['-c', file], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  if (listing.status !== 0) throw new Error(`dpkg-deb -c ${file}: ${listing.stderr}`);
  const m = { payload: 0, slimExcluded: 0, files: 0, list: 3, py: 0, pyShare: 0 };
  for (const line of listing.stdout.split('\n')) {
    const f = /^(\S)\S{9}\s+\S+\s+(\d+)\s+\S+\s+\S+\s+\.(\/.*)$/.exec(line);
    if (!f) continue;
    const type = f[1];
    const size = parseInt(f[2], 10);
    let p = f[3];
    if (type === 'l') p = p.replace(/ -> .*$/, '');
    else if (type === 'h') p = p.replace(/ link to .*$/, '');
    p = p.replace(/\/$/, '');
    if (p === '') continue; // "./" is listed by dpkg as "/."; counted in the initial 3 bytes
    m.list += p.length + 1;
    if (type === 'd') continue;
    m.files++;
    if (type !== '-') continue; // symlinks and hard links add no content bytes
    m.payload += size;
    if (slimExcludes(p)) m.slimExcluded += size;
    if (PY_SOURCE.test(p)) m.py += size;
    else if (p.endsWith('.py') && p.startsWith('/usr/share/')) m.pyShare += size;
  }
  const ctl = path.join(workDir, 'ctl');
  fs.rmSync(ctl, { recursive: true, force: true });
  const ex = spawnSync('dpkg-deb', ['-e', file, ctl], { encoding: 'utf8' });
  if (ex.status !== 0) throw new Error(`dpkg-deb -e ${file}: ${ex.stderr}`);
  m.control = 0;
  m.info = 0;
  m.templates = 0;
  let compilesShare = false;
  for (const name of fs.readdirSync(ctl)) {
    const size = fs.statSync(path.join(ctl, name)).size;
    // dpkg keeps `control` in /var/lib/dpkg/status and every other member in /var/lib/dpkg/info/.
    if (name === 'control') m.control = size;
    else m.info += size;
    if (name === 'templates') m.templates = size;
    if (name === 'postinst' && /py3compile/.test(fs.readFileSync(path.join(ctl, name), 'utf8'))) compilesShare = true;
  }
  fs.rmSync(ctl, { recursive: true, force: true });
  // Private modules under /usr/share are only compiled when the package's postinst asks py3compile to.
  if (compilesShare) m.py += m.pyShare;
  delete m.pyShare;
  return m;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? 0 : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const round4 = (x) => Math.round(x * 10000) / 10000;

/**
 * Ratios for packages the table does not cover, derived from the measured records (not from any build): payload per
 * Installed-Size byte and the slim-excluded share are byte-weighted over all records; per-package dpkg entries are
 * medians; Python source per Installed-Size byte is over the python3* and libpython3* records.
 */
function deriveFallback(packages, installedKiB) {
  let payload = 0;
  let installed = 0;
  let excluded = 0;
  let pySrc = 0;
  let pyInstalled = 0;
  const control = [];
  const info = [];
  const templates = [];
  for (const [name, r] of Object.entries(packages)) {
    const kib = installedKiB(name);
    if (kib === null) continue;
    const [, pl, ex, , list, inf, ctl, tpl, py] = r;
    payload += pl;
    installed += kib * 1024;
    excluded += ex;
    control.push(ctl);
    info.push(list + inf);
    if (tpl > 0) templates.push(tpl);
    if (/^(lib)?python3/.test(name)) {
      pySrc += py;
      pyInstalled += kib * 1024;
    }
  }
  return {
    payloadPerInstalledByte: round4(payload / installed),
    slimExcludedShare: round4(excluded / payload),
    controlBytes: Math.round(median(control)),
    infoBytes: Math.round(median(info)),
    templatesBytes: Math.round(median(templates)),
    pySourcePerInstalledByte: round4(pySrc / pyInstalled),
  };
}

function writeFilesTable(suite, sources, packages, fallback) {
  const doc = {
    description: `Per-package contents of the ${suite} .deb files of the packages that popular apt-get lines install (measured with dpkg-deb by scripts/kb-debian.js --files). Fields: version, payload bytes (regular files), bytes the -slim dpkg path filters exclude, file entries (non-directories), bytes of dpkg's .list, bytes of the other control members (/var/lib/dpkg/info), bytes of the control file (the status entry), debconf templates bytes, Python source bytes compiled to .pyc at install. "fallback" holds ratios derived from these records for packages without one.`,
    fields: ['version', 'payload', 'slimExcluded', 'files', 'list', 'info', 'control', 'templates', 'py'],
    suite, sources, fallback,
    packages,
  };
  const file = path.join(DATA, `debian-${suite}-files.json`);
  fs.writeFileSync(file, '{\n' + Object.entries(doc).map(([k, v]) => k === 'packages'
    ? ` "packages": {\n${Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)).map(([n, r]) => `  ${JSON.stringify(n)}: ${JSON.stringify(r)}`).join(',\n')}\n }`
    : ` ${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(',\n') + '\n}\n');
}

function measureFiles(apt, suite, archive, names, sources) {
  const work = path.join(apt.dir, 'debs');
  fs.mkdirSync(work, { recursive: true });
  const out = {};
  const list = [...names].filter((n) => archive.candidates.has(n)).sort();
  for (let i = 0; i < list.length; i += 40) {
    const batch = list.slice(i, i + 40);
    const r = spawnSync('apt-get', ['download', '-q', ...batch.map((n) => `${n}=${archive.candidates.get(n).Version}`)], { cwd: work, env: apt.env, encoding: 'utf8' });
    if (r.status !== 0) console.warn(`apt-get download: ${(r.stderr || '').split('\n').slice(0, 3).join(' ')}`);
    for (const f of fs.readdirSync(work).filter((x) => x.endsWith('.deb'))) {
      const name = f.split('_')[0];
      const m = measureDeb(path.join(work, f), work);
      const s = archive.candidates.get(name);
      out[name] = [s.Version, m.payload, m.slimExcluded, m.files, m.list, m.info, m.control, m.templates, m.py];
      fs.rmSync(path.join(work, f));
    }
    process.stdout.write(`\r${suite}: measured ${Object.keys(out).length}/${list.length} .deb files`);
  }
  process.stdout.write('\n');
  const kib = (n) => (archive.candidates.has(n) ? parseInt(archive.candidates.get(n)['Installed-Size'] || '0', 10) : null);
  writeFilesTable(suite, sources, out, deriveFallback(out, kib));
  return Object.keys(out).length;
}

// ---------------------------------------------------------------------------------------------------------------

function brotli(buf) {
  return zlib.brotliCompressSync(buf, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_LGWIN]: 24, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buf.length } });
}

function main(argv) {
  const opt = { suites: ['bookworm', 'trixie'], sim: true, keep: false, tmp: null, files: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--suites') opt.suites = argv[++i].split(',');
    else if (a === '--no-sim') opt.sim = false;
    else if (a === '--keep') opt.keep = true;
    else if (a === '--tmp') opt.tmp = argv[++i];
    else if (a === '--files') opt.files = argv[++i].split(',');
    else { console.error(`unknown option ${a}`); return 2; }
  }
  const mirror = debianMirror(readHostSources());
  console.log(`mirror from host apt config: ${mirror.archiveUri} (+ ${mirror.securityUri})`);
  fs.mkdirSync(DATA, { recursive: true });
  const minbaseFile = path.join(DATA, 'debian-minbase.json');
  const minbaseDoc = fs.existsSync(minbaseFile) ? JSON.parse(fs.readFileSync(minbaseFile, 'utf8')) : { description: '', suites: {} };
  minbaseDoc.description = 'Packages of a debootstrap --variant=minbase install (the official debian:<suite> and <suite>-slim images): Priority required plus the suite rule (bookworm: add usr-is-merged; always exclude usrmerge), closed over Depends/Pre-Depends. aptListsBytes: bytes apt-get update leaves in /var/lib/apt/lists for main + updates + security, amd64, no Translations, with the official images\' GzipIndexes setting and without it. Computed by scripts/kb-debian.js from the same archive state as data/debian-<suite>.json.br.';
  let built = 0;
  for (const suite of opt.suites) {
    const apt = privateApt(suite, mirror, opt.tmp);
    try {
      const up = aptUpdate(apt);
      if (!up.ok) {
        console.warn(`${suite}: apt-get update failed; skipping this suite.\n${up.log.split('\n').filter((l) => /^(E|W|Err):/.test(l)).join('\n')}`);
        continue;
      }
      const targets = indexTargets(apt).filter((t) => fs.existsSync(t.file));
      if (targets.length === 0) { console.warn(`${suite}: no Packages files; skipping`); continue; }
      const archive = readArchive(targets);
      const sources = targets.map((t, i) => ({ suite: t.release, codename: t.codename, version: t.version, date: releaseDate(apt, t), packages: archive.counts[i] }));
      const index = buildIndex(archive);
      const doc = { format: 1, suite, arch: ARCH, generatedAt: new Date().toISOString(), sources, names: index.names, realCount: index.realCount, pkgs: index.pkgs, versions: index.versions };
      const raw = Buffer.from(JSON.stringify(doc));
      const br = brotli(raw);
      const out = path.join(DATA, `debian-${suite}.json.br`);
      fs.writeFileSync(out, br);
      const minbase = minbaseSet(archive.candidates, suite);
      const kib = minbase.reduce((t, n) => t + parseInt(archive.candidates.get(n)['Installed-Size'] || '0', 10), 0);
      const aptLists = measureLists(apt);
      minbaseDoc.suites[suite] = { sources, installedSizeKiB: kib, aptListsBytes: aptLists, packages: minbase };
      console.log(`${suite}: apt lists ${aptLists.gzipIndexes} B with GzipIndexes, ${aptLists.plain} B without`);
      console.log(`${suite}: ${index.realCount} packages, ${index.names.length - index.realCount} virtual names; ${raw.length} B JSON -> ${br.length} B brotli (${path.relative(ROOT, out)})`);
      console.log(`${suite}: versioned alternatives ${index.stats.versionedAlts}, stored explicitly ${index.stats.explicitAlts}, unsatisfiable ${index.stats.droppedAlts}`);
      console.log(`${suite}: minbase ${minbase.length} packages, ${kib} KiB`);
      for (const s of sources) console.log(`  ${s.suite} ${s.version || ''} ${s.date} (${s.packages} stanzas)`);
      let touched = null;
      if (opt.sim) {
        const sim = recordSimulations(apt, suite, archive, minbase, sources, suite === opt.suites[0]);
        touched = sim.touched;
        console.log(`${suite}: recorded ${sim.count} apt-get -s solutions in fixtures/estimate/apt-sim-${suite}.json`);
      }
      if (opt.files.includes(suite)) {
        if (touched === null) throw new Error('--files needs the simulations (drop --no-sim)');
        const n = measureFiles(apt, suite, archive, touched, sources);
        console.log(`${suite}: measured ${n} .deb files into data/debian-${suite}-files.json`);
      }
      built++;
    } finally {
      if (opt.keep) console.log(`kept private apt dir ${apt.dir} (APT_CONFIG=${apt.env.APT_CONFIG})`);
      else fs.rmSync(apt.dir, { recursive: true, force: true });
    }
  }
  fs.writeFileSync(minbaseFile, JSON.stringify(minbaseDoc, null, 1) + '\n');
  return built > 0 ? 0 : 1;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));

module.exports = { parseRelations, compareVersions, satisfies, readHostSources, debianMirror, measureDeb, slimExcludes, deriveFallback, writeFilesTable };
