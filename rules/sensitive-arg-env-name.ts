import { defineRule } from '../src/engine/api';
import { parseKeyValues } from '../src/model/kv';
import type { Instruction } from '../src/model/types';

/** Names hadolint knows to hold credentials. */
const KNOWN = new Set([
  'ACCESS_TOKEN', 'APPLICATION_KEY', 'APP_SECRET', 'AUTH_TOKEN', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'BITTREX_API_KEY',
  'BITTREX_API_SECRET', 'CF_PASSWORD', 'CF_USERNAME', 'CIRCLE_TOKEN', 'CI_DEPLOY_PASSWORD', 'CI_DEPLOY_USER', 'DOCKERHUB_PASSWORD',
  'DOCKER_EMAIL', 'DOCKER_PASSWORD', 'DOCKER_USERNAME', 'FACEBOOK_ACCESS_TOKEN', 'FACEBOOK_APP_ID', 'FACEBOOK_APP_SECRET',
  'FIREBASE_API_TOKEN', 'FIREBASE_TOKEN', 'FOSSA_API_KEY', 'GH_ENTERPRISE_TOKEN', 'GH_TOKEN', 'GITHUB_ENTERPRISE_TOKEN', 'GITHUB_TOKEN',
  'HEROKU_API_KEY', 'HEROKU_API_USER', 'NPM_AUTH_TOKEN', 'NPM_TOKEN', 'OKTA_AUTHN_GROUPID', 'OKTA_CLIENT_ORGURL', 'OKTA_CLIENT_TOKEN',
  'OKTA_OAUTH2_CLIENTID', 'OKTA_OAUTH2_CLIENTSECRET', 'OPENAI_API_KEY', 'OS_PASSWORD', 'OS_USERNAME', 'POSTGRES_PASSWORD', 'SLACK_TOKEN',
  'STRIPE_API_KEY', 'STRIPE_DEVICE_NAME', 'TRAVIS_OS_NAME', 'TRAVIS_SECURE_ENV_VARS', 'TRAVIS_SUDO', 'VAULT_CLIENT_KEY', 'VAULT_TOKEN',
]);

/** Parts of names that suggest a secret. */
const SUSPICIOUS = ['api_key', 'client_key', 'password', 'private', 'secret', 'token', 'username'];

/**
 * ARG and ENV values are kept in the image history and config, so secrets must not go through them
 * (hadolint DL3064). A name is suspect when it is a known credential variable or contains api_key, client_key,
 * password, private, secret, token or username. Not reported: names that point at a file holding the secret
 * rather than the secret (a `FILE`, `PATH` or `DIR` word, as in `POSTGRES_PASSWORD_FILE`), and names where the
 * suspicious part is only the start of a longer word (`TOKENIZERS_PARALLELISM`).
 */
export default defineRule({
  meta: {
    id: 'sensitive-arg-env-name',
    aliases: ['DL3064'],
    severity: 'warning',
    category: 'security',
    fixable: false,
    onbuild: true,
    description: 'Potentially sensitive data should not be used in ARG or ENV',
    messages: { sensitive: '{{keyword}} {{name}} looks like a secret; ARG and ENV values stay in the image. Use a secret mount (RUN --mount=type=secret) instead' },
  },
  create(context) {
    const model = context.model;
    const visit = (allowBare: boolean) => (ins: Instruction): void => {
      const pairs = parseKeyValues(ins.argsJoined.text, ins.argsSpan.start, ins.argsJoined.map, model.escape, () => undefined, allowBare);
      const hit = pairs.find((p) => looksSensitive(p.key));
      if (hit) context.report({ messageId: 'sensitive', data: { keyword: ins.keyword, name: hit.key }, range: model.lines.range(hit.span) });
    };
    return { ARG: visit(true), ENV: visit(false) };
  },
});

function looksSensitive(name: string): boolean {
  const upper = name.toUpperCase();
  const words = upper.split(/[^A-Z0-9]+/);
  if (words.some((w) => w === 'FILE' || w === 'PATH' || w === 'DIR')) return false;
  if (KNOWN.has(upper)) return true;
  const lower = name.toLowerCase();
  return SUSPICIOUS.some((s) => {
    for (let i = lower.indexOf(s); i >= 0; i = lower.indexOf(s, i + 1)) {
      const next = lower[i + s.length];
      // `token` in TOKENIZERS is part of another word; `tokens`, `passwords` still count.
      if (next === undefined || !/[a-z]/.test(next) || (next === 's' && !/[a-z]/.test(lower[i + s.length + 1] ?? ''))) return true;
    }
    return false;
  });
}
