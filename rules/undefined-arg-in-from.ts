import { defineRule } from '../src/engine/api';
import { PLATFORM_ARGS, refSpan, suggestName } from '../src/engine/buildkit-helpers';
import { expandVariables } from '../src/parse/expand';
import { splitWords } from '../src/model/kv';
import type { Span } from '../src/model/types';

/**
 * A FROM image (or its `--platform`) uses a variable that no global ARG declares and BuildKit does not predefine
 * (BuildKit UndefinedArgInFrom). Only global ARGs (before the first FROM) are visible in FROM, and an undeclared
 * one cannot be set with `--build-arg`, so it always expands to its default or to nothing.
 */
export default defineRule({
  meta: {
    id: 'undefined-arg-in-from',
    aliases: ['UndefinedArgInFrom'],
    severity: 'warning',
    category: 'correctness',
    fixable: false,
    description: 'FROM must only use ARGs declared before the first FROM',
    messages: {
      undeclared: "FROM argument '{{name}}' is not declared by a global ARG",
      undeclaredSuggest: "FROM argument '{{name}}' is not declared by a global ARG (did you mean {{suggest}}?)",
    },
  },
  create(context) {
    const model = context.model;
    let declared: Set<string> | null = null;
    const declaredNames = (): Set<string> => {
      if (declared) return declared;
      declared = new Set(PLATFORM_ARGS);
      for (const ins of model.globalArgs) {
        for (const w of splitWords(ins.argsJoined.text, model.escape)) {
          const eq = w.text.indexOf('=');
          declared.add((eq < 0 ? w.text : w.text.slice(0, eq)).replace(/^["']|["']$/g, ''));
        }
      }
      return declared;
    };
    return {
      FROM(ins) {
        if (ins.onbuildParent) return;
        const pieces: { text: string; span: Span }[] = [];
        const image = ins.args[0];
        if (image) pieces.push({ text: image.raw, span: image.span });
        const platform = ins.flags.find((f) => f.name === 'platform');
        if (platform?.value && platform.valueSpan) pieces.push({ text: platform.value, span: platform.valueSpan });
        const names = declaredNames();
        const reported = new Set<string>();
        for (const p of pieces) {
          if (!p.text.includes('$')) continue;
          const used = expandVariables(p.text, () => '', model.escape).usedNames;
          for (const name of used) {
            if (names.has(name) || reported.has(name)) continue;
            reported.add(name);
            const suggest = suggestName(name, names);
            context.report({
              messageId: suggest ? 'undeclaredSuggest' : 'undeclared',
              data: { name, suggest: suggest ?? '' },
              range: model.lines.range(refSpan(model.text, p.span, name)),
            });
          }
        }
      },
    };
  },
});

