import { defineRule } from '../src/engine/api';
import { baseIsUnknown } from '../src/model/query/from';

/** FROM without a tag pulls whatever `latest` is today (hadolint DL3006). */
export default defineRule({
  meta: {
    id: 'image-untagged',
    aliases: ['DL3006'],
    severity: 'warning',
    category: 'best-practice',
    fixable: false,
    description: 'Always tag the version of an image explicitly',
    messages: {
      untagged: 'Image "{{image}}" has no tag: pin a version (e.g. {{image}}:<version>) so builds are repeatable',
    },
  },
  create(context) {
    return {
      stage(stage) {
        const ref = stage.base;
        const arg = stage.from.args[0];
        if (!arg) return;
        const written = arg.raw;
        if (written.startsWith('$')) return;
        if (ref.name === 'scratch' || ref.digest || ref.tag) return;
        if (stage.parentStage !== null) return;
        // `FROM debian:${TAG}` with an ARG that has no value: the tag is given at build time.
        if (ref.dynamic || baseIsUnknown(context.model, stage)) return;
        context.report({ messageId: 'untagged', data: { image: ref.text }, range: arg.range });
      },
    };
  },
});
