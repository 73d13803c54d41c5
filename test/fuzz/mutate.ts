/**
 * A seeded mutation fuzzer for Dockerfiles: byte flips, line shuffles, truncation, inserted continuation, escape and
 * heredoc markers, shell metacharacters, splices from other files and huge lines. The same seed gives the same inputs,
 * so a failure is reproduced by its seed and index (`npm run bench -- --fuzz-only --seed S`).
 */
import { decode } from '../../src/cli/read';
import { formatJson } from '../../src/format/json';
import { lintText } from '../../src/engine/lint';

/** mulberry32: small, fast, good enough to pick mutations. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MARKERS = [
  '\\', '\\\n', ' \\\n', '\\ \n', '`', '`\n', '\n# escape=`\n', '# escape=\\\n', '# syntax=docker/dockerfile:1\n', '# check=skip=all\n',
  '<<EOF', '<<-EOF', '<<"EOF"', "<<'X'", '<< EOF', '2<<EOF', '\nEOF\n', '\n\tEOF\n', '$(', '$((', '`', '${', '${A:-', '${A:+$(b)}', '}', ')',
  '"', "'", '[', ']', '["a", "b"]', '[""]', '{', ';', '&&', '||', '|', '&', '>', '2>&1', '<(', '#', '\n#', '\r', '\r\n', '\t', '\u00a0',
  '\ufeff', '\u2028', '\ud800', '\udfff', 'é', '🐳', '\x00', '\x1b[31m', '=', '==', '--', '--mount=type=cache,target=', '--from=', '--chown=',
  '--platform=$BUILDPLATFORM', ' AS ', ' as ', '@sha256:', ':latest', '\nONBUILD ', '\nONBUILD ONBUILD ', '\nFROM ', '\nFROM scratch AS a\n',
  '\nRUN ', '\nCOPY ', '\nADD ', '\nARG ', '\nENV ', '\nLABEL ', '\nHEALTHCHECK ', '\nHEALTHCHECK NONE', '\nSHELL ', '\nSHELL ["pwsh", "-c"]\n',
  '\nWORKDIR ', '\nUSER ', '\nEXPOSE ', '\nVOLUME ', '\nSTOPSIGNAL ', '\nCMD ', '\nENTRYPOINT ', '\nMAINTAINER ', '\nBOGUS ',
  '# hadolint ignore=DL3008\n', '# layerlint ignore\n', '# layerlint ignore-file=\n', '# hadolint global ignore=\n', '# hadolint shell=pwsh\n',
  'apt-get install -y ', 'apt-get update', 'rm -rf /var/lib/apt/lists/*', 'cd /', 'sudo ', 'env A=1 ', 'time ', 'xargs ', 'pip install ',
];

export interface Mutant {
  /** Bytes, since some mutations (byte flips) produce invalid UTF-8. */
  bytes: Buffer;
  kinds: string[];
}

function pick<T>(r: () => number, list: readonly T[]): T {
  return list[Math.floor(r() * list.length)];
}

/** One mutant of `base` (with `other` available for splices). `allowHuge` permits 100 KB+ lines. */
export function mutate(r: () => number, base: string, other: string, allowHuge = true): Mutant {
  let text = base;
  const kinds: string[] = [];
  const steps = 1 + Math.floor(r() * 4);
  let bytes: Buffer | null = null;
  for (let s = 0; s < steps; s++) {
    const k = r();
    if (k < 0.12) {
      kinds.push('truncate');
      text = text.slice(0, Math.floor(r() * (text.length + 1)));
    } else if (k < 0.3) {
      kinds.push('marker');
      const n = 1 + Math.floor(r() * 6);
      for (let i = 0; i < n; i++) {
        const at = Math.floor(r() * (text.length + 1));
        text = text.slice(0, at) + pick(r, MARKERS) + text.slice(at);
      }
    } else if (k < 0.45) {
      kinds.push('lines');
      const lines = text.split('\n');
      const n = 1 + Math.floor(r() * 5);
      for (let i = 0; i < n && lines.length > 1; i++) {
        const a = Math.floor(r() * lines.length);
        const b = Math.floor(r() * lines.length);
        const op = r();
        if (op < 0.4) [lines[a], lines[b]] = [lines[b], lines[a]];
        else if (op < 0.6) lines.splice(a, 1);
        else if (op < 0.8) lines.splice(a, 0, lines[b]);
        else lines.reverse();
      }
      text = lines.join('\n');
    } else if (k < 0.55) {
      kinds.push('splice');
      const a = Math.floor(r() * (other.length + 1));
      const b = Math.min(other.length, a + Math.floor(r() * 2000));
      const at = Math.floor(r() * (text.length + 1));
      text = text.slice(0, at) + other.slice(a, b) + text.slice(at);
    } else if (k < 0.63) {
      kinds.push('delete');
      const a = Math.floor(r() * (text.length + 1));
      text = text.slice(0, a) + text.slice(a + Math.floor(r() * 200));
    } else if (k < 0.7 && allowHuge) {
      kinds.push('huge');
      const unit = pick(r, ['a', 'x ', '\\', '$(', '${', '"', "'", '-', '&& ', 'a=b ', '/', '*', '\\\n', '# c\n', '<<E ', 'http://x/', '%2F', ' ']);
      const n = 20_000 + Math.floor(r() * 100_000);
      const at = Math.floor(r() * (text.length + 1));
      text = text.slice(0, at) + unit.repeat(Math.ceil(n / unit.length)) + text.slice(at);
    } else if (k < 0.8) {
      kinds.push('nest');
      const depth = 1 + Math.floor(r() * 300);
      const [open, close] = pick(r, [['$(', ')'], ['${A:-', '}'], ['`', '`'], ['(', ')'], ['{ ', '; }'], ['"$(', ')"'], ['[', ']']]);
      const at = Math.floor(r() * (text.length + 1));
      text = text.slice(0, at) + 'RUN ' + open.repeat(depth) + 'x' + (r() < 0.5 ? close.repeat(depth) : '') + '\n' + text.slice(at);
    } else if (k < 0.9) {
      kinds.push('case');
      text = r() < 0.5 ? text.toLowerCase() : text.replace(/\n/g, r() < 0.5 ? '\r\n' : '\r');
    } else {
      kinds.push('bytes');
      const buf = Buffer.from(text, 'utf8');
      const n = 1 + Math.floor(r() * 16);
      for (let i = 0; i < n && buf.length > 0; i++) buf[Math.floor(r() * buf.length)] ^= 1 << Math.floor(r() * 8);
      bytes = buf;
      text = buf.toString('utf8');
    }
  }
  return { bytes: bytes && kinds[kinds.length - 1] === 'bytes' ? bytes : Buffer.from(text, 'utf8'), kinds };
}

export interface FuzzFailure {
  index: number;
  kinds: string[];
  problem: string;
  /** The input, for writing a fixture. */
  input: Buffer;
}

export interface FuzzReport {
  inputs: number;
  failures: FuzzFailure[];
  slowestMs: number;
  slowestIndex: number;
  slowestKinds: string[];
  totalMs: number;
}

/**
 * Lint `count` mutants in-process: an exception, an `internal-error` finding, a JSON report that does not parse back,
 * or an input slower than `boundMs` is a failure. Inputs the CLI would refuse (NUL bytes) are checked for that outcome.
 */
export function fuzz(seeds: readonly string[], seed: number, count: number, opts: { boundMs?: number; allowHuge?: boolean; onInput?: (i: number, m: Mutant) => void } = {}): FuzzReport {
  const r = rng(seed);
  const bound = opts.boundMs ?? 5000;
  const report: FuzzReport = { inputs: 0, failures: [], slowestMs: 0, slowestIndex: -1, slowestKinds: [], totalMs: 0 };
  for (let i = 0; i < count; i++) {
    const base = seeds[Math.floor(r() * seeds.length)];
    const other = seeds[Math.floor(r() * seeds.length)];
    const m = mutate(r, base, other, opts.allowHuge ?? true);
    opts.onInput?.(i, m);
    report.inputs++;
    const fail = (problem: string): void => {
      report.failures.push({ index: i, kinds: m.kinds, problem, input: m.bytes });
    };
    const t0 = performance.now();
    try {
      const read = decode(m.bytes);
      if (!read.ok) {
        if (!read.notText) fail(`decode refused a buffer without saying it is not text: ${read.error}`);
        continue;
      }
      const result = lintText(read.text, { filePath: 'Dockerfile' });
      const internal = result.findings.filter((f) => f.rule === 'internal-error');
      if (internal.length > 0) fail(`internal-error: ${internal[0].message}`);
      const json = formatJson([{ path: 'Dockerfile', findings: result.findings, source: read.text }]);
      const back = JSON.parse(json) as { files: { findings: unknown[] }[] };
      if (back.files[0].findings.length !== result.findings.length) fail('JSON report lost findings');
    } catch (err) {
      fail(`exception: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    } finally {
      const ms = performance.now() - t0;
      report.totalMs += ms;
      if (ms > report.slowestMs) {
        report.slowestMs = ms;
        report.slowestIndex = i;
        report.slowestKinds = m.kinds;
      }
      if (ms > bound) fail(`took ${ms.toFixed(0)} ms (bound ${bound} ms)`);
    }
  }
  return report;
}
