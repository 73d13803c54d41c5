import { defineRule } from '../src/engine/api';
import { PLATFORM_ARGS } from '../src/engine/buildkit-helpers';
import { invalidReferenceReason } from '../src/model/docker-reference';
import { parseKeyValues } from '../src/model/kv';
import { expandVariables } from '../src/parse/expand';

/**
 * A FROM whose image, expanded with the global ARGs' *default* values only, is not a valid image reference
 * (BuildKit InvalidDefaultArgInFrom): `ARG TAG` + `FROM alpine:$TAG` gives `alpine:`, so the build works only
 * when every caller remembers `--build-arg TAG=...`. Give the ARG a default. Build args passed to layerlint are
 * ignored here on purpose, as BuildKit does. Only FROMs that use a variable are checked.
 */
export default defineRule({
  meta: {
    id: 'invalid-default-arg-in-from',
    aliases: ['InvalidDefaultArgInFrom'],
    severity: 'warning',
    category: 'correctness',
    fixable: false,
    description: 'The default values of global ARGs should give FROM a valid image name',
    messages: { invalid: 'With the ARG defaults, "{{image}}" becomes "{{result}}", which is not a valid image name ({{reason}}); give the ARG a default value' },
  },
  create(context) {
    const model = context.model;
    let defaults: Map<string, string> | null = null;
    const defaultScope = (): Map<string, string> => {
      if (defaults) return defaults;
      const env = new Map<string, string>();
      // The platform ARGs always have a value; which platform does not matter for the reference's syntax.
      for (const p of ['TARGET', 'BUILD']) {
        env.set(`${p}PLATFORM`, 'linux/amd64');
        env.set(`${p}OS`, 'linux');
        env.set(`${p}ARCH`, 'amd64');
        env.set(`${p}VARIANT`, '');
      }
      for (const ins of model.globalArgs) {
        for (const kv of parseKeyValues(ins.argsJoined.text, 0, null, model.escape, () => undefined, true)) {
          if (kv.rawValue === null) {
            if (!PLATFORM_ARGS.includes(kv.key)) env.delete(kv.key);
            continue;
          }
          env.set(kv.key, expandVariables(kv.rawValue, (n) => env.get(n), model.escape, false, true).text);
        }
      }
      defaults = env;
      return env;
    };
    return {
      stage(stage) {
        const arg = stage.from.args[0];
        if (!arg || !arg.raw.includes('$') || /\?/.test(arg.raw)) return;
        const env = defaultScope();
        const result = expandVariables(arg.raw, (n) => env.get(n), model.escape, false, true).text;
        const reason = invalidReferenceReason(result);
        if (reason === null) return;
        context.report({ messageId: 'invalid', data: { image: arg.raw, result, reason }, range: arg.range, instruction: stage.from });
      },
    };
  },
});
