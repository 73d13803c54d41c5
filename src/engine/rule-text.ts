/** Message helpers shared by rules. */

/** `a`, `b` and 3 more: a short, quoted list for a message. */
export function quoteList(names: readonly string[], max = 5): string {
  const unique = [...new Set(names)];
  const shown = unique.slice(0, max).map((n) => `\`${n}\``).join(', ');
  return unique.length > max ? `${shown} and ${unique.length - max} more` : shown;
}
