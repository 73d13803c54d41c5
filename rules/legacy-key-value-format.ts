import { defineRule, type Fix } from '../src/engine/api';
import { insertAt, replaceSpan, safeFix } from '../src/engine/fix';
import { splitWords } from '../src/model/kv';
import type { DockerfileModel, Instruction } from '../src/model/types';

/**
 * `ENV key value` and `LABEL key value`, the legacy space-separated form (BuildKit LegacyKeyValueFormat). It sets
 * one variable to the whole rest of the line, which is easy to misread (`ENV A 1 B 2` sets A to "1 B 2").
 *
 * The fix writes `key=value`. A one-word value needs no quotes; a value of several words is wrapped in double
 * quotes, which keeps its spacing and its `$` expansions. Values with quotes or escape characters are left for
 * a human: inside double quotes they would be read differently.
 */
export default defineRule({
  meta: {
    id: 'legacy-key-value-format',
    aliases: ['LegacyKeyValueFormat'],
    severity: 'warning',
    category: 'style',
    fixable: true,
    description: 'Use the key=value form of ENV and LABEL, not the legacy space-separated form',
    messages: { legacy: '"{{keyword}} key=value" should be used instead of the legacy "{{keyword}} key value" form' },
  },
  create(context) {
    const check = (ins: Instruction): void => {
      const joined = ins.argsJoined;
      const words = splitWords(joined.text, context.model.escape);
      if (words.length < 2 || hasUnquotedEquals(words[0].text)) return;
      const keyword = ins.keywordRaw.toUpperCase();
      context.report({
        messageId: 'legacy',
        data: { keyword },
        range: context.model.lines.range({ start: joined.map[words[0].start], end: joined.map[words[0].end - 1] + 1 }),
        fix: legacyFix(context.model, ins, words),
      });
    };
    return { ENV: check, LABEL: check };
  },
});

function hasUnquotedEquals(w: string): boolean {
  let quote: string | null = null;
  for (const c of w) {
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '=') return true;
  }
  return false;
}

function legacyFix(model: DockerfileModel, ins: Instruction, words: { text: string; start: number; end: number }[]): Fix | null {
  const map = ins.argsJoined.map;
  const keyEnd = map[words[0].end - 1] + 1;
  const valueStart = map[words[1].start];
  const last = words[words.length - 1];
  const valueEnd = map[last.end - 1] + 1;
  if (words.length === 2) return safeFix(replaceSpan(model, { start: keyEnd, end: valueStart }, '='));
  const value = ins.argsJoined.text.slice(words[1].start, last.end);
  if (/["'`]/.test(value) || value.includes(model.escape) || value.includes('\\')) return null;
  return safeFix(replaceSpan(model, { start: keyEnd, end: valueStart }, '="'), insertAt(model, valueEnd, '"'));
}
