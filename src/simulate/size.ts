/**
 * Byte counts with a confidence. `exact` is known from the build context or the Dockerfile itself, `estimated` comes
 * from a size index or a measured model, `unknown` means nothing reliable is known (the byte count is then only the
 * part that is known, 0 when nothing is).
 */
export type Confidence = 'exact' | 'estimated' | 'unknown';

export interface Size {
  bytes: number;
  confidence: Confidence;
}

const RANK: Record<Confidence, number> = { unknown: 0, estimated: 1, exact: 2 };

/** The lower of two confidences: a sum is only as trustworthy as its weakest part. */
export function minConfidence(a: Confidence, b: Confidence): Confidence {
  return RANK[a] <= RANK[b] ? a : b;
}

export function lowestConfidence(list: Iterable<Confidence>): Confidence {
  let out: Confidence = 'exact';
  for (const c of list) out = minConfidence(out, c);
  return out;
}

export const ZERO: Size = Object.freeze({ bytes: 0, confidence: 'exact' });
export const UNKNOWN: Size = Object.freeze({ bytes: 0, confidence: 'unknown' });

export function exact(bytes: number): Size {
  return { bytes, confidence: 'exact' };
}

export function estimated(bytes: number): Size {
  return { bytes, confidence: 'estimated' };
}

export function addSizes(...sizes: Size[]): Size {
  let bytes = 0;
  let confidence: Confidence = 'exact';
  for (const s of sizes) {
    bytes += s.bytes;
    confidence = minConfidence(confidence, s.confidence);
  }
  return { bytes, confidence };
}

export function sumSizes(sizes: Iterable<Size>): Size {
  return addSizes(...sizes);
}

/**
 * Human-readable size the way `docker history` prints it (SI units, 3 significant digits), with the confidence
 * shown: `~` before an estimate, and `?` for an unknown (after the known part, when there is one).
 */
export function formatSize(size: Size, space = ''): string {
  if (size.confidence === 'unknown') return size.bytes > 0 ? `${humanBytes(size.bytes, space)}+?` : '?';
  return (size.confidence === 'estimated' ? '~' : '') + humanBytes(size.bytes, space);
}

/** `251B`, `63.1MB`; `space` goes between number and unit (the HTML report puts a no-break space there). */
export function humanBytes(bytes: number, space = ''): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let u = 0;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  if (u === 0) return `${Math.round(bytes)}${space}B`;
  const digits = v >= 100 ? 0 : v >= 10 ? 1 : 2;
  return `${v.toFixed(digits)}${space}${units[u]}`;
}

/**
 * A size argument as coreutils and dd read them: `5`, `1M` / `1MiB` (1024²), `1MB` (1000²), `1k`, `2G`;
 * dd's `1M` is also 1024². Returns null for anything else (a variable, an expression).
 */
export function parseSizeArg(text: string): number | null {
  const m = /^(\d+)([kKMGTPE]?)(i?B)?$|^(\d+)(c|w|b)$/.exec(text.trim());
  if (!m) return null;
  if (m[4] !== undefined) {
    const n = Number(m[4]);
    return m[5] === 'c' ? n : m[5] === 'w' ? n * 2 : n * 512;
  }
  const n = Number(m[1]);
  const unit = m[2].toUpperCase();
  if (unit === '') return m[3] ? null : n;
  const power = 'KMGTPE'.indexOf(unit) + 1;
  const base = m[3] === 'B' ? 1000 : 1024;
  return n * base ** power;
}
