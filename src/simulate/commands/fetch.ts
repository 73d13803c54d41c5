import { readArchive, readZip, type ArchiveListing } from '../archive';
import { readContextFile } from '../context';
import { basename, joinPath, normalize } from '../paths';
import { UNKNOWN, type Size } from '../size';
import type { RunContext } from '../run';
import type { FileVersion } from '../types';
import { has, parseArgs, value } from './args';
import type { CommandModel, Word } from './types';

/** Models of archive tools and downloaders. */

/** The listing of an archive the build already holds, when its bytes can be read (a file from the context). */
export function listingOf(rc: RunContext, v: FileVersion | null, zip = false): ArchiveListing | null {
  if (!v || !v.origin || !rc.sim.context) return null;
  const buf = readContextFile(rc.sim.context, v.origin);
  if (!buf) return null;
  if (zip) return readZip(buf);
  return readArchive(buf)?.listing ?? null;
}

/** Write an archive's entries below `dir` (strip the first `strip` path components, keep only `members`). */
export function extractListing(rc: RunContext, listing: ArchiveListing, dir: string, strip: number, members: string[], tool: string): void {
  for (const e of listing.entries) {
    const parts = e.path.split('/').filter((s) => s !== '' && s !== '.');
    if (members.length > 0 && !members.some((m) => e.path.replace(/^\.\//, '') === m.replace(/^\.\//, '').replace(/\/$/, '') || e.path.replace(/^\.\//, '').startsWith(m.replace(/^\.\//, '').replace(/\/$/, '') + '/'))) continue;
    if (parts.length <= strip) continue;
    const path = normalize(joinPath(dir, parts.slice(strip).join('/')));
    if (e.type === 'dir') rc.mkdir(path);
    else if (e.type === 'symlink') {
      if (!rc.discarded(path)) rc.w.symlink(path, e.linkTarget ?? '', { owner: rc.owner() });
    } else rc.writeFile(path, { bytes: e.type === 'file' ? e.size : 0, confidence: 'exact' }, { mode: e.mode, tool });
  }
}

const TAR_VALUE = new Set(['f', 'C', 'file', 'directory', 'strip-components', 'exclude', 'transform', 'T', 'X', 'files-from', 'exclude-from', 'owner', 'group', 'mode', 'mtime', 'use-compress-program', 'I', 'H', 'format', 'b', 'blocking-factor']);

export const tar: CommandModel = (inv, rc) => {
  let args = inv.args;
  // Old style: `tar xzf file.tgz` (first word is a bundle of letters without a dash).
  if (args[0] && /^[a-zA-Z]+$/.test(args[0].text) && /[xctru]/.test(args[0].text)) args = [{ ...args[0], text: '-' + args[0].text }, ...args.slice(1)];
  const p = parseArgs(args, { withValue: TAR_VALUE, aliases: { extract: 'x', get: 'x', create: 'c', list: 't', file: 'f', directory: 'C', gzip: 'z', gunzip: 'z', bzip2: 'j', xz: 'J' } });
  if (has(p, 't')) return {};
  const file = value(p, 'f');
  if (has(p, 'c')) {
    if (file && file !== '-') {
      rc.unknown('`tar -c`: the size of the archive it writes is not known');
      rc.writeFile(rc.abs(file), UNKNOWN, { tool: 'tar' });
      return { stdout: null };
    }
    return {};
  }
  if (!has(p, 'x')) {
    rc.unknown('`tar` in a mode that is not modelled');
    return {};
  }
  const dir = rc.abs(value(p, 'C') ?? '.');
  const strip = Number(value(p, 'strip-components') ?? '0') || 0;
  let version: FileVersion | null;
  if (!file || file === '-') version = inv.stdin?.version ?? null;
  else {
    const w: Word = { text: file, resolved: true, glob: false };
    const node = rc.lookup(rc.abs(w.text));
    version = node && node.type === 'file' ? node.version : null;
  }
  const listing = listingOf(rc, version);
  if (!listing) {
    rc.unknown(`\`tar -x\` of ${file && file !== '-' ? basename(file) : 'piped data'}: the archive's content is not known`);
    rc.addBlob(dir, UNKNOWN, { label: `extracted ${file && file !== '-' ? basename(file) : 'archive'}`, tool: 'tar' });
    return { stdout: null };
  }
  extractListing(rc, listing, dir, strip, p.operands.map((w) => w.text), 'tar');
  return { stdout: null };
};

export const unzip: CommandModel = (inv, rc) => {
  const p = parseArgs(inv.args, { withValue: new Set(['d', 'x', 'P']) });
  const [archive, ...members] = p.operands;
  if (!archive || !archive.resolved) {
    rc.unknown('`unzip` of an archive that is not known');
    return {};
  }
  if (has(p, 'l', 'v', 't', 'p', 'Z')) return {};
  const dir = rc.abs(value(p, 'd') ?? '.');
  const node = rc.lookup(rc.abs(archive.text));
  const listing = listingOf(rc, node && node.type === 'file' ? node.version : null, true);
  if (!listing) {
    rc.unknown(`\`unzip ${basename(archive.text)}\`: the archive's content is not known`);
    rc.addBlob(dir, UNKNOWN, { label: `extracted ${basename(archive.text)}`, tool: 'unzip' });
    return { stdout: null };
  }
  extractListing(rc, listing, dir, 0, members.map((w) => w.text), 'unzip');
  return { stdout: null };
};

/** gzip/gunzip/xz/bzip2 replace a file by its (de)compressed form, whose size is not known. */
export const compressor: CommandModel = (inv, rc) => {
  const p = parseArgs(inv.args, { withValue: new Set(['S', 'suffix']) });
  if (has(p, 'c', 'stdout', 't', 'l', 'test', 'list')) return {};
  const decompress = /^(gunzip|unxz|bunzip2|zstd?cat|unzstd)$/.test(inv.name) || has(p, 'd', 'decompress');
  for (const w of p.operands) {
    if (!w.resolved) continue;
    const path = rc.abs(w.text);
    const out = decompress ? path.replace(/\.(gz|tgz|xz|bz2|zst|z)$/i, (m) => (m.toLowerCase() === '.tgz' ? '.tar' : '')) : `${path}.${inv.name === 'xz' ? 'xz' : inv.name === 'bzip2' ? 'bz2' : inv.name === 'zstd' ? 'zst' : 'gz'}`;
    rc.unknown(`\`${inv.name} ${w.text}\`: the size of the result is not known`);
    rc.writeFile(out, UNKNOWN, { tool: inv.name });
    if (!has(p, 'k', 'keep')) rc.w.remove(path, path);
  }
  return { stdout: null };
};

const CURL_VALUE = new Set([
  'o', 'output', 'H', 'header', 'd', 'data', 'data-raw', 'data-binary', 'u', 'user', 'A', 'user-agent', 'e', 'referer', 'x', 'proxy', 'retry', 'retry-delay', 'retry-max-time',
  'm', 'max-time', 'connect-timeout', 'w', 'write-out', 'C', 'continue-at', 'r', 'range', 'cacert', 'capath', 'cert', 'key', 'K', 'config', 'X', 'request', 'T', 'upload-file',
  'F', 'form', 'b', 'cookie', 'c', 'cookie-jar', 'proto', 'proto-redir', 'tlsv1.2', 'limit-rate', 'Y', 'y', 'output-dir', 'resolve', 'url', 'oauth2-bearer', 'D', 'dump-header', 'z',
]);

const URL = /^(https?|ftps?):\/\//i;

function urlName(url: string): string {
  const noQuery = url.replace(/[?#].*$/, '');
  const name = noQuery.slice(noQuery.lastIndexOf('/') + 1);
  return name || 'index.html';
}

/** A download: the size is not known (no index of remote artifacts), so it is `unknown` with the URL as reason. */
function download(rc: RunContext, path: string, url: string, tool: string): void {
  const size: Size = UNKNOWN;
  rc.unknown(`\`${tool}\` downloads ${url.length > 80 ? url.slice(0, 77) + '...' : url}: size not known`);
  rc.writeFile(path, size, { tool });
}

export const curl: CommandModel = (inv, rc) => {
  const p = parseArgs(inv.args, { withValue: CURL_VALUE });
  const urls = [...p.operands.map((w) => w.text), ...(p.all.get('url') ?? [])].filter((u) => URL.test(u) || !u.startsWith('-'));
  const out = value(p, 'o', 'output');
  const dir = value(p, 'output-dir');
  if (out && out !== '-') {
    download(rc, rc.abs(out), urls[0] ?? 'a URL', 'curl');
    return { stdout: null };
  }
  if (has(p, 'O', 'remote-name', 'remote-name-all')) {
    for (const u of urls) download(rc, rc.abs(joinPath(dir ?? '.', urlName(u))), u, 'curl');
    return { stdout: null };
  }
  return {};
};

export const wget: CommandModel = (inv, rc) => {
  const p = parseArgs(inv.args, { withValue: new Set(['O', 'output-document', 'P', 'directory-prefix', 'o', 'a', 'output-file', 'append-output', 'header', 'U', 'user-agent', 't', 'tries', 'T', 'timeout', 'ca-certificate', 'e', 'execute', 'user', 'password', 'i', 'input-file']) });
  const urls = p.operands.map((w) => w.text);
  const out = value(p, 'O', 'output-document');
  if (out === '-') return {};
  if (has(p, 'spider')) return { stdout: null };
  if (out) {
    download(rc, rc.abs(out), urls[0] ?? 'a URL', 'wget');
    return { stdout: null };
  }
  const prefix = value(p, 'P', 'directory-prefix') ?? '.';
  for (const u of urls) download(rc, rc.abs(joinPath(prefix, urlName(u))), u, 'wget');
  return { stdout: null };
};

export const git: CommandModel = (inv, rc) => {
  const sub = inv.args.find((w) => !w.text.startsWith('-'));
  if (!sub) return {};
  if (sub.text === 'clone') {
    const ops = parseArgs(inv.args.slice(inv.args.indexOf(sub) + 1), { withValue: new Set(['b', 'branch', 'depth', 'c', 'config', 'o', 'origin', 'j', 'jobs', 'filter', 'reference', 'separate-git-dir', 'u']) }).operands;
    const url = ops[0]?.text ?? '';
    const dir = ops[1]?.text ?? urlName(url).replace(/\.git$/, '');
    rc.unknown(`\`git clone\` of ${url}: the size of the checkout is not known`);
    rc.addBlob(rc.abs(dir), UNKNOWN, { label: `git clone ${url}`, tool: 'git' });
    return { stdout: null };
  }
  if (['config', 'init', 'checkout', 'fetch', 'pull', 'submodule', 'apply', 'am', 'reset'].includes(sub.text)) {
    rc.unknown(`\`git ${sub.text}\`: what it writes is not modelled`);
    return {};
  }
  return {};
};

export const FETCH_COMMANDS: Record<string, CommandModel> = {
  tar, unzip, curl, wget, git,
  gzip: compressor, gunzip: compressor, xz: compressor, unxz: compressor, bzip2: compressor, bunzip2: compressor, zstd: compressor, unzstd: compressor,
};
