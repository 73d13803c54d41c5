import { defineRule } from '../src/engine/api';
import { parseKeyValues } from '../src/model/kv';
import type { Instruction } from '../src/model/types';

const DENY = /(?:_|^)(?:apikey|auth|credential|credentials|key|password|pword|passwd|secret|token)(?:_|$)/i;
const ALLOW = /(?:_|^)(?:public|file|version)(?:_|$)/i;

/** True when a variable name looks like it holds a secret, by BuildKit's token rule. */
function looksSecret(name: string): boolean {
  return DENY.test(name) && !ALLOW.test(name);
}

/**
 * An ARG or ENV whose name says it holds a secret (BuildKit SecretsUsedInArgOrEnv): ENV values are stored in the
 * image config and ARG values in the build history, where anyone with the image can read them. Use a secret
 * mount (`RUN --mount=type=secret`) instead.
 *
 * Matching is exactly BuildKit's: one of the tokens apikey, auth, credential(s), key, password, pword, passwd,
 * secret or token as a whole `_`-separated word of the name, ignoring case, unless the name also has the word
 * public, file or version. ARGs before the first FROM are not checked (BuildKit checks them where a stage
 * declares them). hadolint's DL3064 matches substrings and a list of names, so it is a separate rule.
 */
export default defineRule({
  meta: {
    id: 'secrets-used-in-arg-or-env',
    aliases: ['SecretsUsedInArgOrEnv'],
    severity: 'warning',
    category: 'security',
    fixable: false,
    description: 'Do not pass secrets through ARG or ENV',
    messages: { secret: 'Do not use ARG or ENV for sensitive data ({{keyword}} "{{name}}"): the value stays in the image; use a secret mount' },
  },
  create(context) {
    const model = context.model;
    const check = (ins: Instruction): void => {
      if (ins.stageIndex < 0) return;
      const pairs = parseKeyValues(ins.argsJoined.text, ins.argsSpan.start, ins.argsJoined.map, model.escape, () => undefined, ins.keyword === 'ARG');
      for (const kv of pairs) {
        if (!looksSecret(kv.key)) continue;
        const keySpan = { start: kv.span.start, end: Math.min(kv.span.end, kv.span.start + kv.key.length) };
        context.report({ messageId: 'secret', data: { keyword: ins.keyword, name: kv.key }, range: model.lines.range(keySpan) });
      }
    };
    return { ARG: check, ENV: check };
  },
});
