import { expandVariables } from '../../parse/expand';
import { parseKeyValues } from '../kv';
import type { DockerfileModel, Instruction, Range, Span } from '../types';

/** One `key=value` pair of a LABEL instruction, as the builder will store it. */
export interface LabelPair {
  /** Key with quotes removed and variables expanded. */
  key: string;
  /** Key as written, quotes removed, variables not expanded. */
  rawKey: string;
  /** The key uses a variable that has no value here. */
  keyDynamic: boolean;
  /** Value as written (quotes kept). */
  rawValue: string;
  /** Value with quotes removed and ARG/ENV variables expanded. */
  value: string;
  /** The value uses a variable that has no value here (an ARG without default, or an unknown name). */
  dynamic: boolean;
  span: Span;
  range: Range;
}

/** The pairs of a LABEL instruction, legacy `LABEL key value` form included. */
export function labelPairs(model: DockerfileModel, ins: Instruction): LabelPair[] {
  if (ins.keyword !== 'LABEL') return [];
  const lookup = (name: string): string | undefined => ins.scope.get(name)?.value;
  const pairs = parseKeyValues(ins.argsJoined.text, ins.argsSpan.start, ins.argsJoined.map, model.escape, lookup, false);
  const out: LabelPair[] = [];
  for (const kv of pairs) {
    const rawValue = kv.rawValue ?? '';
    const rawKey = unquoted(keyText(model.text.slice(kv.span.start, kv.span.end), kv.legacy));
    const keyExpansion = expandVariables(rawKey, lookup, model.escape, false, true);
    const expansion = expandVariables(rawValue, lookup, model.escape, false, true);
    out.push({
      key: keyExpansion.text,
      rawKey,
      keyDynamic: keyExpansion.undefinedNames.length > 0,
      rawValue,
      value: expansion.text,
      dynamic: expansion.undefinedNames.length > 0,
      span: kv.span,
      range: model.lines.range(kv.span),
    });
  }
  return out;
}

/** The key part of a `key=value` word (up to the first unquoted `=`), or the first word of the legacy form. */
function keyText(word: string, legacy: boolean): string {
  let quote: string | null = null;
  for (let i = 0; i < word.length; i++) {
    const c = word[i];
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (legacy ? /\s/.test(c) : c === '=') return word.slice(0, i);
  }
  return word;
}

function unquoted(text: string): string {
  return text.replace(/["']/g, '');
}
