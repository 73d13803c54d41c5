import type { Span } from './text';

/** Text with continuations removed, plus where each character came from in the document. */
export interface JoinedText {
  text: string;
  /** map[i] is the document offset of text[i]; map[text.length] is the end offset. */
  map: Int32Array;
}

function isBlank(c: string | undefined): boolean {
  return c === ' ' || c === '\t';
}

/**
 * Join an instruction's lines as the builder does: an escape character followed by optional blanks and a
 * line break continues the line; inside a continuation, comment lines and empty lines are dropped.
 */
export function joinContinuations(doc: string, start: number, end: number, escape: string): JoinedText {
  const out: string[] = [];
  const map: number[] = [];
  let i = start;
  while (i < end) {
    const c = doc[i];
    if (c === escape) {
      let j = i + 1;
      while (j < end && isBlank(doc[j])) j++;
      let eol = -1;
      if (doc[j] === '\r' && doc[j + 1] === '\n') eol = j + 2;
      else if (doc[j] === '\n' || doc[j] === '\r') eol = j + 1;
      else if (j >= end && j === doc.length) eol = j; // continuation at end of file
      if (eol >= 0) {
        i = skipContinuationFiller(doc, eol, end);
        continue;
      }
    }
    out.push(c);
    map.push(i);
    i++;
  }
  map.push(end);
  return { text: out.join(''), map: Int32Array.from(map) };
}

/** After a continuation: skip whole comment lines and empty lines (BuildKit drops them). */
function skipContinuationFiller(doc: string, from: number, end: number): number {
  let i = from;
  for (;;) {
    let k = i;
    while (k < end && isBlank(doc[k])) k++;
    if (doc[k] === '#') {
      while (k < end && doc[k] !== '\n' && doc[k] !== '\r') k++;
      if (doc[k] === '\r' && doc[k + 1] === '\n') k++;
      if (k >= end) return end;
      i = k + 1;
      continue;
    }
    if (doc[k] === '\n' || doc[k] === '\r') {
      i = doc[k] === '\r' && doc[k + 1] === '\n' ? k + 2 : k + 1;
      if (i >= end) return end;
      continue;
    }
    return i;
  }
}

/** Document span of a span of the joined text. */
export function mapSpan(joined: JoinedText, start: number, end: number): Span {
  const s = joined.map[Math.max(0, Math.min(start, joined.text.length))];
  if (end <= start) return { start: s, end: s };
  const e = joined.map[Math.min(end - 1, joined.text.length - 1)] + 1;
  return { start: s, end: Math.max(s, e) };
}
