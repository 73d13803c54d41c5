import { defineRule } from '../src/engine/api';
import type { Comment, DockerfileModel } from '../src/model/types';

const HADOLINT_INLINE = /^\s*hadolint\s+ignore\s*=/i;
const LAYERLINT_INLINE = /^\s*layerlint\s+ignore(?:\s*=|\s*$|\s+#)/i;
const CHECK_SKIP = /^\s*check\s*=\s*\S*skip\s*=/i;

/**
 * For teams that forbid suppressions: reports every inline ignore comment (hadolint DL1001). Off by default;
 * turn it on with a severity in config (`rules: { DL1001: warning }`). File-wide forms (`hadolint global`,
 * `hadolint stage`, `layerlint ignore-file`, the `# check=` directive) are left alone.
 */
export default defineRule({
  meta: {
    id: 'inline-ignore-pragma',
    aliases: ['DL1001'],
    severity: 'warning',
    category: 'maintainability',
    fixable: false,
    enabledByDefault: false,
    description: 'Please refrain from using inline ignore pragmas',
    messages: { pragma: 'Inline ignore comment `{{text}}`: fix the finding instead of hiding it' },
  },
  create(context) {
    return {
      fileEnd(model) {
        for (const c of inlinePragmas(model)) {
          context.report({ messageId: 'pragma', data: { text: '# ' + c.text.trim() }, range: c.range });
        }
      },
    };
  },
});

function inlinePragmas(model: DockerfileModel): Comment[] {
  const aboveInstruction = new Set<number>();
  for (const ins of model.instructions) for (const c of ins.leadingComments) aboveInstruction.add(c.line);
  const directives = new Set(model.directives.map((d) => d.span.start));
  return model.comments.filter((c) => {
    if (HADOLINT_INLINE.test(c.text) || LAYERLINT_INLINE.test(c.text)) return true;
    return CHECK_SKIP.test(c.text) && aboveInstruction.has(c.line) && !directives.has(c.span.start);
  });
}
