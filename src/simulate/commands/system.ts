import { joinPath, matchSegment } from '../paths';
import { UNKNOWN, type Confidence } from '../size';
import type { RunContext } from '../run';
import type { Node } from '../vfs';
import { has, parseArgs, value } from './args';
import { rewriteInPlace } from './fs';
import type { CommandModel, CommandResult } from './types';

/** Users and groups, the shell's own commands, find, and tools whose output cannot be known. */

/**
 * The account files useradd rewrites: each gets a new copy (the entry added) and a backup `-` copy of the old one.
 * Measured on bookworm (ground truth p6a: 8 files, 4,327 bytes, hiding 3,384 bytes of the base's copies).
 */
const ACCOUNT_FILES: { file: string; entry: (name: string, uid: string) => string; groups: boolean }[] = [
  { file: '/etc/passwd', entry: (n, u) => `${n}:x:${u}:${u}::/home/${n}:/bin/sh\n`, groups: false },
  { file: '/etc/shadow', entry: (n) => `${n}:!:20000:0:99999:7:::\n`, groups: false },
  { file: '/etc/group', entry: (n, u) => `${n}:x:${u}:\n`, groups: true },
  { file: '/etc/gshadow', entry: (n) => `${n}:!::\n`, groups: true },
];

/** Debian's skeleton files (/etc/skel on bookworm: .bashrc, .profile, .bash_logout). */
const SKEL_BYTES = 3526 + 807 + 220;

/** Releases whose useradd writes a sparse lastlog record at UID×292 bytes (stored in full in the layer). */
const LASTLOG_BLOWUP = /^(ubuntu:(1[4-9]|2[0-3])\.|debian:(jessie|stretch|buster|bullseye|8|9|10|11)\b|centos|rockylinux:8|almalinux:8)/;

function accountRewrite(rc: RunContext, name: string, uid: string, groupsOnly: boolean, tool: string): void {
  for (const f of ACCOUNT_FILES) {
    if (groupsOnly && !f.groups) continue;
    if (rc.discarded(f.file)) continue;
    const node = rc.fs.lookup(f.file);
    const old = node && node.type === 'file' ? node.version.size : null;
    const conf: Confidence = old && old.confidence !== 'unknown' ? 'estimated' : 'unknown';
    const oldBytes = old?.bytes ?? 0;
    if (!old) rc.unknown(`\`${tool}\` rewrites ${f.file}, whose size in this base is not known`);
    rc.writeFile(`${f.file}-`, { bytes: oldBytes, confidence: conf }, { tool });
    rc.writeFile(f.file, { bytes: oldBytes + Buffer.byteLength(f.entry(name, uid)), confidence: conf }, { tool });
  }
  rc.estimate(`\`${tool}\`: account files sized from the bookworm base`);
}

export const useradd: CommandModel = (inv, rc) => {
  const p = parseArgs(inv.args, { withValue: new Set(['u', 'uid', 'g', 'gid', 'G', 'groups', 'd', 'home-dir', 'home', 's', 'shell', 'c', 'comment', 'k', 'skel', 'e', 'f', 'K', 'p', 'password', 'b', 'base-dir', 'h', 'G']), aliases: { 'create-home': 'm', 'no-log-init': 'l', system: 'r', 'no-create-home': 'M' } });
  const name = p.operands[p.operands.length - 1]?.text ?? 'user';
  const uid = value(p, 'u', 'uid') ?? '1000';
  accountRewrite(rc, name, uid, false, inv.name);
  const busyboxStyle = inv.name === 'adduser' && rc.stage.family !== 'debian';
  const createHome = inv.name === 'adduser' ? !has(p, 'H', 'no-create-home', 'M') : has(p, 'm');
  if (createHome) {
    const home = rc.abs(value(p, 'd', 'home-dir', 'home', 'h') ?? `/home/${name}`);
    rc.mkdir(home);
    if (rc.stage.family === 'debian') {
      rc.addBlob(home, { bytes: SKEL_BYTES, confidence: 'estimated' }, { label: 'skeleton files', tool: inv.name });
    } else if (!busyboxStyle) rc.unknown(`\`${inv.name} -m\`: the skeleton files of this base are not known`);
  }
  const numeric = Number(uid);
  if (!has(p, 'l') && numeric > 1_000_000 && LASTLOG_BLOWUP.test(rc.stage.baseRef)) {
    rc.writeFile('/var/log/lastlog', { bytes: numeric * 292, confidence: 'estimated' }, { tool: inv.name });
    rc.writeFile('/var/log/faillog', { bytes: numeric * 32, confidence: 'estimated' }, { tool: inv.name });
    rc.note(`\`${inv.name}\` with UID ${uid} and without --no-log-init writes a sparse lastlog stored in full`);
  }
  return { stdout: null };
};

export const groupadd: CommandModel = (inv, rc) => {
  const p = parseArgs(inv.args, { withValue: new Set(['g', 'gid', 'K', 'p', 'password']) });
  accountRewrite(rc, p.operands[p.operands.length - 1]?.text ?? 'group', value(p, 'g', 'gid') ?? '1000', true, inv.name);
  return { stdout: null };
};

export const usermod: CommandModel = (inv, rc) => {
  for (const f of ['/etc/passwd', '/etc/shadow', '/etc/group', '/etc/gshadow']) rewriteInPlace(rc, f, inv.name);
  return { stdout: null };
};

export const cd: CommandModel = (inv, rc) => {
  const target = inv.args.find((w) => !w.text.startsWith('-') || w.text === '-');
  if (!target) rc.cwd = rc.home();
  else if (target.resolved && target.text !== '-') rc.cwd = rc.abs(target.text);
  else rc.note('`cd` to a folder that is not known: later relative paths may be wrong');
  return { stdout: null };
};

/** `find ... -delete` / `-exec rm`: deletes what it finds among the known files (base files: unknown). */
export const find: CommandModel = (inv, rc) => {
  const words = inv.args.map((w) => w.text);
  const deletes = words.includes('-delete') || words.some((w, i) => w === '-exec' && /^(rm|\/bin\/rm)$/.test(words[i + 1] ?? ''));
  const changes = words.some((w, i) => (w === '-exec' || w === '-execdir') && /^(chmod|chown|chgrp|sed|strip)$/.test(words[i + 1] ?? ''));
  if (!deletes && !changes) {
    if (words.some((w) => w === '-exec' || w === '-execdir' || w === '-fprint')) rc.unknown('`find -exec`: what the command writes is not known');
    return {};
  }
  const roots = inv.args.filter((w, i) => !w.text.startsWith('-') && !w.text.startsWith('(') && !w.text.startsWith('!') && (i === 0 || !inv.args[i - 1].text.startsWith('-'))).slice(0, 1);
  const nameIdx = words.findIndex((w) => w === '-name' || w === '-iname');
  const name = nameIdx >= 0 ? words[nameIdx + 1] : null;
  const typeIdx = words.indexOf('-type');
  const type = typeIdx >= 0 ? words[typeIdx + 1] : null;
  if (changes) {
    rc.unknown('`find -exec chmod/chown/sed`: which files it copies up is not known');
    return {};
  }
  for (const r of roots.length > 0 ? roots : [{ text: '.', resolved: true, glob: false }]) {
    if (!r.resolved) continue;
    const root = rc.abs(r.text);
    const node = rc.fs.lookup(root);
    if (node === undefined || (node && node.type === 'dir' && !node.complete)) rc.layer.unknownHides.push(`${root} (find)`);
    if (!node) continue;
    const hits: string[] = [];
    const visit = (n: Node, p: string): void => {
      const base = p.slice(p.lastIndexOf('/') + 1);
      const typeOk = !type || (type === 'f' && n.type === 'file') || (type === 'd' && n.type === 'dir') || (type === 'l' && n.type === 'symlink');
      if (typeOk && (!name || matchSegment(name, base, true))) hits.push(p);
      if (n.type === 'dir') for (const [child, c] of n.children) visit(c, joinPath(p, child));
    };
    visit(node, root);
    for (const h of hits) if (!rc.discarded(h)) rc.w.remove(h, `${root}/**/${name ?? '*'}`);
  }
  return { stdout: null };
};

export const ldconfig: CommandModel = (_inv, rc) => {
  rewriteInPlace(rc, '/etc/ld.so.cache', 'ldconfig');
  return { stdout: null };
};

/** Commands that write nothing to the filesystem (or only to stdout). */
const QUIET = [
  'set', 'unset', 'shopt', 'trap', 'exit', 'return', 'wait', 'sleep', 'test', '[', '[[', 'false', 'pwd', 'ls', 'id', 'whoami', 'uname',
  'which', 'command', 'type', 'hash', 'umask', 'ulimit', 'printenv', 'date', 'nproc', 'getent', 'grep', 'egrep', 'fgrep', 'sort', 'uniq',
  'wc', 'cut', 'tr', 'stat', 'file', 'du', 'df', 'ps', 'dirname', 'basename', 'readlink', 'realpath', 'seq', 'expr', 'tail', 'diff', 'cmp',
  'md5sum', 'sha1sum', 'sha256sum', 'sha512sum', 'b2sum', 'cksum', 'lsb_release', 'arch', 'locale', 'dpkg-architecture', 'dpkg-query',
  'apt-cache', 'apt-config', 'rpm', 'source', '.', 'eval', 'let', 'read', 'awk', 'gawk', 'mawk', 'base64', 'xxd', 'od', 'jq', 'yq',
  'envsubst', 'whereis', 'tput', 'stty', 'history', 'alias', 'getconf', 'ldd', 'mount', 'update-alternatives', 'systemctl', 'service',
  'rc-update', 'savelog', 'gpgconf', 'usermod-check', 'chsh', 'test-command', 'mktemp', 'tty', 'logger', 'kill', 'pkill', 'nc', 'ping', 'dig', 'nslookup',
];

const VERSION_ONLY = /^(-v|-V|--version|-version|version|--help|-h|help)$/;

/** Build and compile steps: their output cannot be known without running them. */
const BUILDERS = ['make', 'cmake', 'ninja', 'gcc', 'g++', 'cc', 'c++', 'clang', 'clang++', 'ld', 'configure', './configure', 'autoreconf', 'meson', 'javac', 'rustc', 'tsc', 'webpack', 'vite', 'ant', 'sbt', 'scons', 'bazel', 'strip', 'upx'];

export function quiet(): CommandResult {
  return {};
}

/** For unmodelled tools, `tool --version` still writes nothing. */
export function versionOnly(inv: { args: { text: string }[] }): boolean {
  return inv.args.length > 0 && inv.args.every((a) => VERSION_ONLY.test(a.text));
}

export const builder: CommandModel = (inv, rc) => {
  if (versionOnly(inv)) return {};
  rc.unknown(`\`${inv.name}\`: compiler or build output cannot be sized before it runs`);
  return {};
};

export const certs: CommandModel = (inv, rc) => {
  rc.unknown(`\`${inv.name}\`: regenerated certificate bundle not sized`);
  rc.writeFile('/etc/ssl/certs/ca-certificates.crt', UNKNOWN, { tool: inv.name });
  return {};
};

export const SYSTEM_COMMANDS: Record<string, CommandModel> = {
  useradd, adduser: useradd, groupadd, addgroup: groupadd, usermod, groupmod: usermod, chpasswd: usermod, passwd: usermod, userdel: usermod,
  cd, find, ldconfig, 'update-ca-certificates': certs,
  ...Object.fromEntries(QUIET.map((n) => [n, quiet])),
  ...Object.fromEntries(BUILDERS.map((n) => [n, builder])),
};
