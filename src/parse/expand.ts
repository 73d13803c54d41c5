/**
 * Variable expansion as the Dockerfile builder does it for non-RUN instructions:
 * `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:+alt}`, `${VAR+alt}`, with the escape
 * character protecting a `$`. Values are looked up in `vars`; a name that is not there expands to ''
 * and is reported in `undefinedNames`.
 */
export interface Expansion {
  text: string;
  /** Names used without a definition (and without a default that covers them). */
  undefinedNames: string[];
  /** Names used. */
  usedNames: string[];
}

export type VarLookup = (name: string) => string | undefined;

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;

export function expandVariables(input: string, lookup: VarLookup, escape = '\\', keepEscapes = false, stripQuotes = false): Expansion {
  const undefinedNames: string[] = [];
  const usedNames: string[] = [];
  const text = expandInner(input, lookup, escape, keepEscapes, undefinedNames, usedNames, 0, stripQuotes);
  return { text, undefinedNames, usedNames };
}

function expandInner(input: string, lookup: VarLookup, escape: string, keepEscapes: boolean, undef: string[], used: string[], depth: number, stripQuotes = false): string {
  let out = '';
  let i = 0;
  let quote: string | null = null;
  while (i < input.length) {
    const c = input[i];
    if (c === escape && i + 1 < input.length && quote !== "'") {
      // An escaped character is taken literally; the escape itself disappears unless asked to keep it.
      out += keepEscapes ? c + input[i + 1] : input[i + 1];
      i += 2;
      continue;
    }
    if (c === "'" && quote !== '"') {
      quote = quote === "'" ? null : "'";
      if (!stripQuotes) out += c;
      i++;
      continue;
    }
    if (c === '"' && quote !== "'") {
      quote = quote === '"' ? null : '"';
      if (!stripQuotes) out += c;
      i++;
      continue;
    }
    if (c !== '$' || quote === "'") {
      out += c;
      i++;
      continue;
    }
    const next = input[i + 1];
    if (next === '{') {
      const close = findClose(input, i + 2);
      if (close < 0) {
        out += input.slice(i);
        break;
      }
      out += expandBraced(input.slice(i + 2, close), lookup, escape, keepEscapes, undef, used, depth);
      i = close + 1;
      continue;
    }
    if (next !== undefined && NAME_START.test(next)) {
      let j = i + 1;
      while (j < input.length && NAME_CHAR.test(input[j])) j++;
      const name = input.slice(i + 1, j);
      used.push(name);
      const v = lookup(name);
      if (v === undefined) undef.push(name);
      out += v ?? '';
      i = j;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

function findClose(input: string, from: number): number {
  let depth = 1;
  for (let i = from; i < input.length; i++) {
    if (input[i] === '{') depth++;
    else if (input[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

function expandBraced(body: string, lookup: VarLookup, escape: string, keepEscapes: boolean, undef: string[], used: string[], depth: number): string {
  let j = 0;
  while (j < body.length && NAME_CHAR.test(body[j])) j++;
  const name = body.slice(0, j);
  if (!name) return '${' + body + '}';
  used.push(name);
  const rest = body.slice(j);
  const value = lookup(name);
  const word = (w: string): string => (depth > 20 ? w : expandInner(w, lookup, escape, keepEscapes, undef, used, depth + 1));
  if (rest === '') {
    if (value === undefined) undef.push(name);
    return value ?? '';
  }
  if (rest.startsWith(':-')) return value !== undefined && value !== '' ? value : word(rest.slice(2));
  if (rest.startsWith('-')) return value !== undefined ? value : word(rest.slice(1));
  if (rest.startsWith(':+')) return value !== undefined && value !== '' ? word(rest.slice(2)) : '';
  if (rest.startsWith('+')) return value !== undefined ? word(rest.slice(1)) : '';
  if (rest.startsWith(':?') || rest.startsWith('?')) {
    if (value === undefined) undef.push(name);
    return value ?? '';
  }
  // Pattern forms (`#`, `%`, `/`) are newer BuildKit features: apply the simple cases.
  if (value === undefined) undef.push(name);
  const v = value ?? '';
  if (rest.startsWith('##') || rest.startsWith('#')) return stripPrefix(v, rest.replace(/^##?/, ''));
  if (rest.startsWith('%%') || rest.startsWith('%')) return stripSuffix(v, rest.replace(/^%%?/, ''));
  return v;
}

function stripPrefix(v: string, pattern: string): string {
  return pattern && !/[*?[]/.test(pattern) && v.startsWith(pattern) ? v.slice(pattern.length) : v;
}

function stripSuffix(v: string, pattern: string): string {
  return pattern && !/[*?[]/.test(pattern) && v.endsWith(pattern) ? v.slice(0, -pattern.length) : v;
}

/** Names referenced by `$X` / `${X...}` in text (escape-aware). */
export function referencedNames(input: string, escape = '\\'): string[] {
  const names: string[] = [];
  expandVariables(input, (n) => {
    names.push(n);
    return '';
  }, escape);
  return names;
}
