/**
 * String order for sorting findings and paths: English collation (what `localeCompare` gave under the English
 * locales layerlint was developed and tested in), now whatever the user's locale, so reports do not reorder between
 * machines. Cheap to start: the first collation of a process loads ICU's collation data (20-30 ms, a tenth of a
 * one-file lint), and these sorts nearly always compare rule ids and paths made of lower-case letters, digits and a
 * little punctuation. For those characters English collation is a plain order of single characters (no
 * contractions, no case, no accents), so the comparison is a walk over a weight table; other strings go to ICU.
 */

/** The root collation's order of the characters handled here (punctuation, then digits, then letters). */
const ORDER = '_-,:.@/+=~0123456789abcdefghijklmnopqrstuvwxyz';
const WEIGHT = new Int8Array(128).fill(-1);
for (let i = 0; i < ORDER.length; i++) WEIGHT[ORDER.charCodeAt(i)] = i;

let collator: Intl.Collator | null = null;

function simple(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || WEIGHT[c] < 0) return false;
  }
  return true;
}

/** The sign of `a.localeCompare(b, 'en')` (negative, zero or positive). */
export function compareText(a: string, b: string): number {
  if (a === b) return 0;
  if (!simple(a) || !simple(b)) return (collator ??= new Intl.Collator('en')).compare(a, b);
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = WEIGHT[a.charCodeAt(i)] - WEIGHT[b.charCodeAt(i)];
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return a.length < b.length ? -1 : 1;
}
