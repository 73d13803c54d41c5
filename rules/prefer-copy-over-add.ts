import { defineRule, type Fix } from '../src/engine/api';
import { replaceSpan, safeFix, unsafeFix } from '../src/engine/fix';
import { expandVariables } from '../src/parse/expand';
import type { DockerfileModel, Instruction } from '../src/model/types';

/** Suffixes of the local archives ADD unpacks (hadolint's list, plus zstd which BuildKit also unpacks). */
const ARCHIVE_SUFFIXES = ['.tar', '.Z', '.bz2', '.gz', '.lz', '.lzma', '.tZ', '.tb2', '.tbz', '.tbz2', '.tgz', '.tlz', '.tpz', '.txz', '.xz', '.zst', '.tzst'];
/** File types that are certainly not tar archives, so COPY does exactly what ADD did. */
const PLAIN_EXTENSIONS = new Set([
  'txt', 'md', 'sh', 'bash', 'py', 'js', 'mjs', 'cjs', 'ts', 'json', 'yaml', 'yml', 'toml', 'ini', 'cfg', 'conf', 'xml', 'html', 'htm', 'css',
  'properties', 'env', 'sql', 'rb', 'go', 'java', 'jar', 'war', 'php', 'pl', 'lua', 'c', 'h', 'cpp', 'rs', 'ps1', 'bat', 'cmd', 'lock', 'pem',
  'crt', 'key', 'service', 'list', 'repo', 'zip', 'whl', 'csv', 'png', 'jpg', 'svg', 'ico', 'so', 'dll', 'exe', 'msi', 'deb', 'rpm', 'apk',
]);
/** Flags COPY also accepts; ADD with any other flag (`--checksum`, `--keep-git-dir`, `--unpack`) has no fix. */
const COPY_FLAGS = new Set(['from', 'chown', 'chmod', 'link', 'parents', 'exclude']);

/**
 * ADD also downloads URLs and unpacks local tar archives; for plain files and folders COPY says what happens
 * (hadolint DL3020). Sources are judged after ARG/ENV expansion; git sources (`git@…`, `ssh://`, `git://`) count as
 * remote like URLs.
 */
export default defineRule({
  meta: {
    id: 'prefer-copy-over-add',
    aliases: ['DL3020'],
    severity: 'error',
    category: 'best-practice',
    fixable: true,
    description: 'Use COPY instead of ADD for files and folders',
    messages: { useCopy: 'ADD of a local file or folder ({{source}}): use COPY; ADD is for URLs and local tar archives' },
  },
  create(context) {
    return {
      ADD(ins) {
        const sources = sourcesOf(ins);
        const local = sources.filter((s) => s !== null && !isRemote(s) && !isArchive(s)) as string[];
        if (local.length === 0) return;
        const complete = sources.every((s) => s !== null);
        context.report({ messageId: 'useCopy', data: { source: local[0] }, range: ins.range, fix: fixFor(context.model, ins, local, complete) });
      },
    };
  },
});

/** Each source after expansion, quotes removed; null when a variable in it has no known value. */
function sourcesOf(ins: Instruction): (string | null)[] {
  if (ins.heredocs.length > 0) return [];
  const words = ins.form === 'exec' && ins.execArgs ? ins.execArgs : ins.args.map((a) => a.raw);
  const lookup = (n: string): string | undefined => ins.scope.get(n)?.value;
  return words.slice(0, -1).map((w) => {
    const e = expandVariables(w, lookup, '\\', false, true);
    return e.undefinedNames.length > 0 ? null : e.text;
  });
}

function isRemote(src: string): boolean {
  return /^https?:\/\//i.test(src) || /^(git|ssh):\/\//i.test(src) || /^[\w.-]+@[\w.-]+:/.test(src);
}

function isArchive(src: string): boolean {
  return ARCHIVE_SUFFIXES.some((s) => src.endsWith(s));
}

function fixFor(model: DockerfileModel, ins: Instruction, local: string[], complete: boolean): Fix | null {
  if (!complete) return null;
  if (ins.onbuildParent || ins.flags.some((f) => !COPY_FLAGS.has(f.name))) return null;
  const kw = ins.keywordRaw === ins.keywordRaw.toLowerCase() ? 'copy' : 'COPY';
  const edit = replaceSpan(model, { start: ins.span.start, end: ins.span.start + ins.keywordRaw.length }, kw);
  // ADD unpacks a local tar archive whatever its name; only sources that cannot be one make the swap safe.
  return local.every(cannotBeArchive) ? safeFix(edit) : unsafeFix(edit);
}

function cannotBeArchive(src: string): boolean {
  if (src === '.' || src.endsWith('/')) return true;
  const base = src.slice(src.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 && PLAIN_EXTENSIONS.has(base.slice(dot + 1).toLowerCase());
}
