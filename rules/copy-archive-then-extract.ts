import { defineRule } from '../src/engine/api';
import { lastSegment, trimQuotes } from '../src/engine/rule-text';
import { operands, runCommands, type RunCommand } from '../src/model/query/commands';
import type { Instruction, Range } from '../src/model/types';

/**
 * COPY of a local tar archive followed by a RUN that unpacks it stores the archive in one layer and its contents in
 * another; `ADD archive.tar.gz /dir/` unpacks it in one step and keeps no archive (hadolint DL3010). Reported on the
 * COPY, once the extraction is seen in the same stage.
 */
const ARCHIVE = /\.(tar|Z|bz2|gz|lz|lzma|tZ|tb2|tbz|tbz2|tgz|tlz|tpz|txz|xz)$/;
/** Names ADD recognises as tar archives whatever tool unpacks them. */
const TAR_LIKE = /\.(tar|tar\.[A-Za-z0-9]+|tZ|tb2|tbz|tbz2|tgz|tlz|tpz|txz)$/;
const DECOMPRESSORS = new Set(['unzip', 'gunzip', 'bunzip2', 'unlzma', 'unxz', 'zgz', 'uncompress', 'zcat', 'gzcat']);

interface Copied {
  copy: Instruction;
  name: string;
  range: Range;
  reported: boolean;
}

export default defineRule({
  meta: {
    id: 'copy-archive-then-extract',
    aliases: ['DL3010'],
    severity: 'info',
    category: 'layer-cost',
    fixable: false,
    description: 'Use ADD for extracting archives into an image',
    messages: {
      extracted: '`{{name}}` is copied here and unpacked by the RUN on line {{line}}: the archive stays in this layer. `ADD {{name}} <dir>/` unpacks it without keeping it',
    },
  },
  create(context) {
    const model = context.model;
    let copied: Copied[] = [];
    return {
      stage() {
        copied = [];
      },
      COPY(ins) {
        if (ins.flags.some((f) => f.name === 'from')) return;
        copied.push(...archivesOf(ins, model.lines.range.bind(model.lines)));
      },
      RUN(ins) {
        if (copied.length === 0) return;
        for (const cmd of runCommands(ins)) {
          const tar = isTarExtract(cmd);
          if (!tar && !DECOMPRESSORS.has(cmd.name)) continue;
          const names = new Set(extractedNames(cmd).map(baseName));
          for (const c of copied) {
            if (c.reported || !names.has(c.name) || (!tar && !TAR_LIKE.test(c.name))) continue;
            c.reported = true;
            context.report({ messageId: 'extracted', data: { name: c.name, line: ins.range.start.line }, range: c.range, instruction: c.copy });
          }
        }
      },
    };
  },
});

/** Archive names a COPY brings in: the destination's name when it is itself an archive, else the sources'. */
function archivesOf(ins: Instruction, toRange: (s: { start: number; end: number }) => Range): Copied[] {
  const words = ins.form === 'exec' && ins.execArgs ? ins.execArgs.map((v) => ({ text: v, range: ins.range })) : ins.args.map((a) => ({ text: a.expanded, range: a.range }));
  const paths = words.filter((w) => !w.text.startsWith('<<'));
  if (paths.length < 2) return [];
  const target = paths[paths.length - 1];
  const targetName = baseName(dropQuotes(target.text));
  if (ARCHIVE.test(targetName)) return [{ copy: ins, name: targetName, range: toRange(ins.argsSpan), reported: false }];
  const out: Copied[] = [];
  for (const src of paths.slice(0, -1)) {
    const name = baseName(dropQuotes(src.text));
    if (ARCHIVE.test(name) && !out.some((o) => o.name === name)) out.push({ copy: ins, name, range: src.range, reported: false });
  }
  return out;
}

/** `tar -x`, `tar xzf` (old-style bundle as the first word), `tar --extract` / `--get`. */
function isTarExtract(cmd: RunCommand): boolean {
  if (cmd.name !== 'tar') return false;
  return cmd.args.some((a, i) => {
    const v = a.value;
    if (v === '--extract' || v === '--get') return true;
    if (/^-[A-Za-z]+$/.test(v)) return v.includes('x');
    return i === 0 && /^[A-Za-z]+$/.test(v) && v.includes('x');
  });
}

function extractedNames(cmd: RunCommand): string[] {
  const out = operands(cmd.args).map((o) => o.word.value);
  for (const a of cmd.args) if (a.value.startsWith('--file=')) out.push(a.value.slice('--file='.length));
  return out;
}

function dropQuotes(s: string): string {
  return trimQuotes(s);
}

function baseName(p: string): string {
  return lastSegment(dropQuotes(p));
}
