/** Message helpers shared by rules. */

/** `a`, `b` and 3 more: a short, quoted list for a message. */
export function quoteList(names: readonly string[], max = 5): string {
  const unique = [...new Set(names)];
  const shown = unique.slice(0, max).map((n) => `\`${n}\``).join(', ');
  return unique.length > max ? `${shown} and ${unique.length - max} more` : shown;
}

/**
 * The text without the quote characters (`"` and `'`) at either end, as `s.replace(/^["']+|["']+$/g, '')` gives it.
 * Two loops, not that regex: its second alternative is tried at every position of a run of quotes and scans the run
 * each time, so a 74,000-character word of quotes took 13 s (found by the fuzzer).
 */
export function trimQuotes(s: string): string {
  const isQuote = (c: number): boolean => c === 34 || c === 39;
  let start = 0;
  while (start < s.length && isQuote(s.charCodeAt(start))) start++;
  let end = s.length;
  while (end > start && isQuote(s.charCodeAt(end - 1))) end--;
  return s.slice(start, end);
}

/** The last path segment (after the last `/` or `\`), without a regex that rescans each segment from every position. */
export function lastSegment(p: string): string {
  return p.slice(Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\')) + 1);
}
