import { defineRule } from '../src/engine/api';
import { labelPairs } from '../src/model/query/labels';

const RESERVED = ['com.docker.', 'io.docker.', 'org.dockerproject.'];

/**
 * Label keys should follow Docker's key format (hadolint DL3048): lower-case letters, digits, `.`, `-`, `_` and
 * `/`; starting with a letter and ending with a letter or digit; no `..` or `--`; and not in the namespaces
 * Docker reserves (`com.docker.`, `io.docker.`, `org.dockerproject.`).
 */
export default defineRule({
  meta: {
    id: 'invalid-label-key',
    aliases: ['DL3048'],
    severity: 'style',
    category: 'style',
    fixable: false,
    description: 'Invalid label key',
    messages: { invalid: 'Invalid label key "{{key}}": {{why}}' },
  },
  create(context) {
    return {
      LABEL(ins) {
        for (const pair of labelPairs(context.model, ins)) {
          // A key built from variables is judged as the builder will store it, unless a variable has no value.
          const key = pair.keyDynamic ? pair.rawKey : pair.key;
          const why = problemWith(key);
          if (why === null) continue;
          context.report({ messageId: 'invalid', data: { key, why }, range: pair.range });
          return;
        }
      },
    };
  },
});

/** Why a key is invalid, or null when it is fine. */
function problemWith(key: string): string | null {
  if (!/^[a-z]/.test(key)) return 'it must start with a lower-case letter';
  if (!/[a-z0-9]$/.test(key)) return 'it must end with a lower-case letter or a digit';
  if (/[^a-z0-9._/-]/.test(key)) return 'only lower-case letters, digits, ".", "-", "_" and "/" are allowed';
  if (key.includes('..') || key.includes('--')) return 'it must not contain ".." or "--"';
  if (RESERVED.some((p) => key.startsWith(p))) return `the ${RESERVED.find((p) => key.startsWith(p))} namespace is reserved for Docker`;
  return null;
}
