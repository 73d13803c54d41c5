/** Positions: 1-based line and column, columns in UTF-16 code units (as LSP and SARIF count them). */
export interface Position {
  line: number;
  column: number;
}

/** A half-open range: `end` is exclusive. */
export interface Range {
  start: Position;
  end: Position;
}

/** Offsets into the (BOM-stripped) document text, half-open. */
export interface Span {
  start: number;
  end: number;
}

/** Maps offsets to positions with a sorted table of line starts (binary search: no quadratic look-ups). */
export class LineIndex {
  private readonly starts: number[];

  constructor(readonly text: string) {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
    this.starts = starts;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line - 1, this.starts.length - 1))];
  }

  /** Offset just past the last character of the line, before its line break. */
  lineEnd(line: number): number {
    if (line >= this.starts.length) return this.text.length;
    let end = this.starts[line];
    if (end > 0 && this.text.charCodeAt(end - 1) === 10) end--;
    if (end > 0 && this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }

  lineText(line: number): string {
    return this.text.slice(this.lineStart(line), this.lineEnd(line));
  }

  position(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: o - this.starts[lo] + 1 };
  }

  offset(pos: Position): number {
    const start = this.lineStart(pos.line);
    return Math.min(start + pos.column - 1, this.lineEnd(pos.line));
  }

  /** From a 0-based LSP position (as dockerfile-ast reports). */
  offsetOfLsp(line: number, character: number): number {
    if (line >= this.starts.length) return this.text.length;
    return Math.min(this.starts[line] + character, this.text.length);
  }

  range(span: Span): Range {
    return { start: this.position(span.start), end: this.position(span.end) };
  }
}

export const BOM = '\ufeff';

/** Strip a leading byte-order mark; every offset in the model is relative to the stripped text. */
export function stripBom(text: string): string {
  return text.startsWith(BOM) ? text.slice(1) : text;
}

export function compareRanges(a: Range, b: Range): number {
  return a.start.line - b.start.line || a.start.column - b.start.column || a.end.line - b.end.line || a.end.column - b.end.column;
}

/** `/a/b///` → `/a/b`, in linear time (`/\/+$/` retries at every slash of a long run: quadratic). */
export function trimTrailingSlashes(s: string): string {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 47) end--;
  return s.slice(0, end);
}

/**
 * A string with storage of its own (not a slice or a rope over a larger one): a cache key that is a slice of a
 * document keeps the whole document alive.
 */
export function ownCopy(s: string): string {
  return JSON.parse(JSON.stringify(s)) as string;
}
