import { labelPairs } from '../model/query/labels';
import type { LabelSchema, RuleContext, Visitors } from './api';

export type LabelType = LabelSchema[string];

/**
 * Visitors for the label-schema value rules (hadolint DL3051–DL3058): every LABEL pair whose key the schema gives
 * type `type` is passed to `valid`; invalid ones are reported with `{{label}}` and `{{value}}`. Values that still
 * hold a variable without a known value are not judged. Does nothing when the schema has no label of that type.
 */
export function labelValueRule(context: RuleContext, type: LabelType | null, valid: (value: string) => boolean, messageId: string): Visitors {
  const schema = context.settings.labelSchema;
  const keys = new Set(Object.keys(schema).filter((k) => type === null || schema[k] === type));
  if (keys.size === 0) return {};
  return {
    LABEL(ins) {
      for (const pair of labelPairs(context.model, ins)) {
        if (!keys.has(pair.key) || pair.dynamic || valid(pair.value)) continue;
        context.report({ messageId, data: { label: pair.key, value: pair.value }, range: pair.range });
      }
    },
  };
}
