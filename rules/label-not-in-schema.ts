import { defineRule } from '../src/engine/api';
import { labelPairs } from '../src/model/query/labels';

/** With `strictLabels`, only labels named in `labelSchema` may be set (hadolint DL3050). */
export default defineRule({
  meta: {
    id: 'label-not-in-schema',
    aliases: ['DL3050'],
    severity: 'info',
    category: 'maintainability',
    fixable: false,
    description: 'Superfluous label(s) present',
    messages: { superfluous: 'Label `{{label}}` is not in the label schema (strictLabels is on)' },
  },
  create(context) {
    if (!context.settings.strictLabels) return {};
    const schema = context.settings.labelSchema;
    return {
      LABEL(ins) {
        const extra = labelPairs(context.model, ins).find((p) => !Object.prototype.hasOwnProperty.call(schema, p.key));
        if (extra) context.report({ messageId: 'superfluous', data: { label: extra.key }, range: extra.range });
      },
    };
  },
});
