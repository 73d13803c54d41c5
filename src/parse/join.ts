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
  const map = new Int32Array(end - start + 1);
  const parts: string[] = [];
  let len = 0;
  let segStart = start;
  // Copy whole runs between continuations: one slice and one tight map fill each, not a push per character.
  const flush = (upTo: number): void => {
    if (upTo <= segStart) return;
    parts.push(doc.slice(segStart, upTo));
    for (let k = segStart; k < upTo; k++) map[len++] = k;
  };
  let i = doc.indexOf(escape, start);
  while (i >= 0 && i < end) {
    let j = i + 1;
    while (j < end && isBlank(doc[j])) j++;
    let eol = -1;
    if (doc[j] === '\r' && doc[j + 1] === '\n') eol = j + 2;
    else if (doc[j] === '\n' || doc[j] === '\r') eol = j + 1;
    else if (j >= end && j === doc.length) eol = j; // continuation at end of file
    if (eol >= 0) {
      flush(i);
      segStart = skipContinuationFiller(doc, eol, end);
      i = doc.indexOf(escape, segStart);
    } else {
      // Not a continuation: the escape stays in the text (a following escape may still start one, as in BuildKit).
      i = doc.indexOf(escape, i + 1);
    }
  }
  flush(end);
  map[len] = end;
  return { text: parts.length === 1 ? parts[0] : parts.join(''), map: len + 1 === map.length ? map : map.slice(0, len + 1) };
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
