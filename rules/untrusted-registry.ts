import { defineRule } from '../src/engine/api';
import { resolveStageRef } from '../src/model/build';
import { parseImageRef } from '../src/model/image-ref';
import { baseIsUnknown } from '../src/model/query/from';
import { isTrustedImage, registryName } from '../src/model/query/registries';
import { expandVariables } from '../src/parse/expand';
import type { DockerfileModel, ImageRef, Instruction, Range } from '../src/model/types';

/**
 * Images must come from a registry in `trustedRegistries` (hadolint DL3026). Checks the FROM image, `COPY --from`
 * images and `RUN --mount=…,from=` images (bind and cache mounts); stage names and indexes are not images.
 * References are expanded with ARG/ENV values first; one that still holds an unknown variable is skipped.
 * Does nothing until `trustedRegistries` is configured.
 */
export default defineRule({
  meta: {
    id: 'untrusted-registry',
    aliases: ['DL3026'],
    severity: 'error',
    category: 'security',
    fixable: false,
    description: 'Use only an allowed registry in the FROM image',
    messages: { untrusted: 'Image "{{image}}" comes from {{registry}}, which is not in trustedRegistries' },
  },
  create(context) {
    const trusted = context.settings.trustedRegistries;
    if (trusted.length === 0) return {};
    const model = context.model;
    const check = (ref: ImageRef, range: Range): void => {
      if (ref.dynamic || ref.text === '' || isTrustedImage(ref, trusted)) return;
      context.report({ messageId: 'untrusted', data: { image: ref.text, registry: registryName(ref) }, range });
    };
    return {
      stage(stage) {
        const arg = stage.from.args[0];
        if (!arg || stage.parentStage !== null || baseIsUnknown(model, stage)) return;
        check(stage.base, arg.range);
      },
      COPY(ins) {
        const flag = ins.flags.find((f) => f.name === 'from');
        if (!flag || flag.value === null) return;
        const ref = imageFromReference(model, ins, flag.value);
        if (ref) check(ref, flag.range);
      },
      RUN(ins) {
        for (const flag of ins.flags) {
          if (flag.name !== 'mount') continue;
          const type = (flag.options['type'] ?? 'bind').toLowerCase();
          const from = flag.options['from'];
          if ((type !== 'bind' && type !== 'cache') || !from) continue;
          const ref = imageFromReference(model, ins, from);
          if (ref) check(ref, flag.range);
        }
      },
    };
  },
});

/** A `--from` / `from=` value as an image reference, or null when it names a stage. */
function imageFromReference(model: DockerfileModel, ins: Instruction, value: string): ImageRef | null {
  const expansion = expandVariables(value, (n) => ins.scope.get(n)?.value, model.escape, false, true);
  const text = expansion.text.trim();
  if (expansion.undefinedNames.length > 0) return { ...parseImageRef(text), dynamic: true };
  if (/^\d+$/.test(text)) return null;
  const stageIndex = ins.stageIndex < 0 ? model.stages.length : ins.stageIndex;
  if (resolveStageRef(model, text, stageIndex) !== null) return null;
  // A stage referring to itself, or to a later stage: other rules report those; it is not an image either.
  if (model.stages.some((s) => s.name === text.toLowerCase())) return null;
  return parseImageRef(text);
}
