import type { Span } from '../parse/text';
import { expandVariables, type VarLookup } from '../parse/expand';

/** One `key=value` pair of ENV, LABEL or ARG. */
export interface KeyValue {
  key: string;
  /** Value as written, quotes included; null for `ARG NAME` without a default. */
  rawValue: string | null;
  /** Quotes removed, variables expanded. */
  value: string | null;
  /** Written in the legacy `ENV key value` form. */
  legacy: boolean;
  span: Span;
}

/**
 * Split arguments into pairs as the builder does: words are separated by unquoted blanks; a word without `=`
 * in ENV/LABEL means the legacy single-pair form `KEY rest of line`.
 */
export function parseKeyValues(text: string, baseOffset: number, map: Int32Array | null, escape: string, lookup: VarLookup, allowBare: boolean): KeyValue[] {
  const words = splitWords(text, escape);
  const toSpan = (s: number, e: number): Span => (map ? { start: map[s], end: e > s ? map[e - 1] + 1 : map[s] } : { start: baseOffset + s, end: baseOffset + e });
  const out: KeyValue[] = [];
  if (words.length === 0) return out;
  if (!allowBare && !words[0].text.includes('=')) {
    // Legacy form: first word is the key, the rest of the line (from the next word on) is the value.
    const first = words[0];
    const valueStart = words.length > 1 ? words[1].start : first.end;
    const raw = text.slice(valueStart).trim();
    out.push({
      key: unquote(first.text, escape),
      rawValue: raw,
      value: expandVariables(raw, lookup, escape, false, true).text,
      legacy: true,
      span: toSpan(first.start, words.length > 1 ? words[words.length - 1].end : first.end),
    });
    return out;
  }
  for (const w of words) {
    const eq = findUnquotedEquals(w.text);
    if (eq < 0) {
      out.push({ key: unquote(w.text, escape), rawValue: null, value: null, legacy: false, span: toSpan(w.start, w.end) });
      continue;
    }
    const rawValue = w.text.slice(eq + 1);
    out.push({
      key: unquote(w.text.slice(0, eq), escape),
      rawValue,
      value: expandVariables(rawValue, lookup, escape, false, true).text,
      legacy: false,
      span: toSpan(w.start, w.end),
    });
  }
  return out;
}

interface Word {
  text: string;
  start: number;
  end: number;
}

export function splitWords(text: string, escape: string): Word[] {
  const words: Word[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i])) i++;
    if (i >= text.length) break;
    const start = i;
    let quote: string | null = null;
    while (i < text.length) {
      const c = text[i];
      if (c === escape && quote !== "'" && i + 1 < text.length) {
        i += 2;
        continue;
      }
      if (quote) {
        if (c === quote) quote = null;
      } else if (c === '"' || c === "'") quote = c;
      else if (/\s/.test(c)) break;
      i++;
    }
    words.push({ text: text.slice(start, i), start, end: i });
  }
  return words;
}

function findUnquotedEquals(w: string): number {
  let quote: string | null = null;
  for (let i = 0; i < w.length; i++) {
    const c = w[i];
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '=') return i;
  }
  return -1;
}

function unquote(s: string, escape: string): string {
  return expandVariables(s, () => undefined, escape, false, true).text || s.replace(/["']/g, '');
}
