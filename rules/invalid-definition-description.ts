import { defineRule } from '../src/engine/api';
import { parseKeyValues } from '../src/model/kv';
import type { Comment, Instruction } from '../src/model/types';

const PRAGMA = /^\s*(hadolint|layerlint)\s|^\s*check\s*=|^\s*(syntax|escape)\s*=/i;

/**
 * The comment right above `FROM ... AS name` or `ARG name=...` should start with that name (BuildKit's
 * experimental InvalidDefinitionDescription): `docker build --call=outline` and `--call=targets` show such
 * comments as the description of the stage or build argument. Separate an unrelated comment with a blank line.
 * Off by default, as in BuildKit; `# check=experimental=InvalidDefinitionDescription` or config turns it on.
 * Pragma comments (`# hadolint ...`, `# check=...`) are not descriptions and are skipped.
 */
export default defineRule({
  meta: {
    id: 'invalid-definition-description',
    aliases: ['InvalidDefinitionDescription'],
    severity: 'info',
    category: 'style',
    fixable: false,
    enabledByDefault: false,
    description: 'A comment above a stage or ARG definition should start with its name',
    messages: { format: 'Comment for {{keyword}} should follow the format `# {{name}} <description>`, or be separated from it by a blank line' },
  },
  create(context) {
    const model = context.model;
    const check = (ins: Instruction, keys: string[]): void => {
      const last: Comment | undefined = ins.leadingComments[ins.leadingComments.length - 1];
      if (!last || keys.length === 0 || last.text === '' || PRAGMA.test(last.text)) return;
      const firstWord = last.text.split(' ')[0];
      if (keys.includes(firstWord)) return;
      context.report({ messageId: 'format', data: { keyword: ins.keyword, name: keys.length === 1 ? keys[0] : '<arg_key>' }, range: last.range, instruction: ins });
    };
    return {
      FROM(ins) {
        const stage = model.stages[ins.stageIndex];
        if (stage?.name && stage.from === ins) check(ins, [stage.name]);
      },
      ARG(ins) {
        if (ins.onbuildParent) return;
        const keys = parseKeyValues(ins.argsJoined.text, 0, null, model.escape, () => undefined, true).map((kv) => kv.key);
        check(ins, keys);
      },
    };
  },
});
