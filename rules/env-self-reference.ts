import { defineRule } from '../src/engine/api';
import { parseKeyValues } from '../src/model/kv';
import { expandVariables } from '../src/parse/expand';
import type { KeyValue } from '../src/model/kv';

/**
 * `ENV A=1 B=$A` gives B the value A had *before* this ENV, not 1 (hadolint DL3044). A name that was already
 * defined earlier (ARG or ENV in scope) is fine, and so is a pair that refers to itself (`PATH=/x:$PATH`).
 * References are read as the builder reads them: escaped `\$A` and `'$A'` are not references.
 */
export default defineRule({
  meta: {
    id: 'env-self-reference',
    aliases: ['DL3044'],
    severity: 'error',
    category: 'correctness',
    fixable: false,
    description: 'Do not refer to an environment variable within the same ENV statement where it is defined',
    messages: {
      selfRef: '{{key}} uses ${{name}}, which this same ENV defines: it gets the value from before this line. Split it into a second ENV',
    },
  },
  create(context) {
    const model = context.model;
    return {
      ENV(ins) {
        const noValue = (): string | undefined => undefined;
        const pairs = parseKeyValues(ins.argsJoined.text, ins.argsSpan.start, ins.argsJoined.map, model.escape, noValue, false);
        if (pairs.length < 2) return;
        const hit = firstCrossReference(pairs, (name) => ins.scope.has(name), model.escape);
        if (!hit) return;
        context.report({ messageId: 'selfRef', data: { key: hit.pair.key, name: hit.name }, range: model.lines.range(hit.pair.span) });
      },
    };
  },
});

/** The first pair whose value uses a name another pair of the same ENV defines, unless it was defined before. */
function firstCrossReference(pairs: KeyValue[], definedBefore: (name: string) => boolean, escape: string): { pair: KeyValue; name: string } | null {
  for (let j = 0; j < pairs.length; j++) {
    const used = expandVariables(pairs[j].rawValue ?? '', () => '', escape).usedNames;
    for (const name of used) {
      if (definedBefore(name)) continue;
      if (pairs.some((p, i) => i !== j && p.key === name)) return { pair: pairs[j], name };
    }
  }
  return null;
}
