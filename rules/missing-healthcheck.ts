import { defineRule } from '../src/engine/api';
import type { DockerfileModel } from '../src/model/types';

/**
 * The image has no HEALTHCHECK, neither its own nor one inherited from a stage it is built FROM (hadolint DL3057).
 * `HEALTHCHECK NONE` counts as a decision. Off by default. Only the stage that is built (the target, by default
 * the last) is checked, since builder stages are never run as containers; the option `allStages: true` checks
 * every stage, as hadolint does.
 */
export default defineRule({
  meta: {
    id: 'missing-healthcheck',
    aliases: ['DL3057'],
    severity: 'info',
    category: 'best-practice',
    fixable: false,
    enabledByDefault: false,
    description: 'HEALTHCHECK instruction missing',
    messages: { missing: 'No HEALTHCHECK in this {{what}}: the container runtime cannot tell whether it is healthy (use HEALTHCHECK NONE to say so on purpose)' },
    optionsSchema: { type: 'object', properties: { allStages: { type: 'boolean' } }, additionalProperties: false },
  },
  create(context) {
    const allStages = context.settings.options['allStages'] === true;
    return {
      fileEnd(model) {
        const has = healthchecked(model);
        for (const stage of model.stages) {
          if (has[stage.index] || (!allStages && stage.index !== model.targetStage)) continue;
          const what = stage.index === model.targetStage ? 'image' : 'stage';
          context.report({ messageId: 'missing', data: { what }, range: stage.from.range, instruction: stage.from });
        }
      },
    };
  },
});

/** Per stage: does it, or a stage it is built FROM, have a HEALTHCHECK? */
function healthchecked(model: DockerfileModel): boolean[] {
  const has: boolean[] = [];
  for (const stage of model.stages) {
    has[stage.index] = stage.instructions.some((ins) => ins.keyword === 'HEALTHCHECK') || (stage.parentStage !== null && has[stage.parentStage]);
  }
  return has;
}
