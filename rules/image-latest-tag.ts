import { defineRule } from '../src/engine/api';

/** `:latest` moves under you (hadolint DL3007). A digest pins it, so that is accepted. */
export default defineRule({
  meta: {
    id: 'image-latest-tag',
    aliases: ['DL3007'],
    severity: 'warning',
    category: 'best-practice',
    fixable: false,
    description: 'Using the latest tag is prone to errors if the image ever updates',
    messages: {
      latest: 'Image "{{image}}" uses the latest tag: pin a version so builds are repeatable',
    },
  },
  create(context) {
    return {
      stage(stage) {
        const arg = stage.from.args[0];
        if (!arg || stage.parentStage !== null) return;
        if (stage.base.tag === 'latest' && !stage.base.digest) context.report({ messageId: 'latest', data: { image: stage.base.text }, range: arg.range });
      },
    };
  },
});
