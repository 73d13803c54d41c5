import * as path from 'node:path';
import { LineCounter, parseDocument, isMap, isSeq, isScalar, type Document } from 'yaml';
import type { default as AjvClass, ErrorObject, ValidateFunction } from 'ajv';
import { ConfigError, type UserConfig } from './config';
import { SEVERITIES } from './api';

let validator: ValidateFunction | null = null;

function schemaPath(): string {
  return path.join(__dirname, '..', '..', '..', 'schema', 'layerlint.schema.json');
}

function getValidator(): ValidateFunction {
  if (validator) return validator;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Ajv = require('ajv').default as typeof AjvClass;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const schema = require(schemaPath()) as Record<string, unknown>;
  const ajv = new Ajv({ allErrors: true, strict: false });
  validator = ajv.compile(schema);
  return validator;
}

/** Parse YAML or JSON config text, translate hadolint's keys when asked, validate, and report errors with line:col. */
export function parseConfigText(text: string, file: string, hadolint: boolean): UserConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const pos = lineCounter.linePos(e.pos[0]);
    throw new ConfigError(`${file}:${pos.line}:${pos.col}: not valid YAML: ${e.message.split('\n')[0]}`);
  }
  const value: unknown = doc.toJS() ?? {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigError(`${file}:1:1: the configuration must be a mapping of keys to values`);
  }
  const config = hadolint ? translateHadolint(value as Record<string, unknown>, file) : (value as Record<string, unknown>);
  const validate = getValidator();
  if (!validate(config)) {
    throw new ConfigError(describeError(pickError(validate.errors ?? []), doc, lineCounter, file, hadolint));
  }
  return config as UserConfig;
}

/** The most telling of ajv's errors: an unknown rule or key first, then the deepest path. */
function pickError(errors: ErrorObject[]): ErrorObject | undefined {
  return errors.find((e) => e.keyword === 'propertyNames') ?? errors.find((e) => e.keyword === 'additionalProperties') ?? [...errors].filter((e) => e.keyword !== 'anyOf').sort((a, b) => b.instancePath.length - a.instancePath.length)[0] ?? errors[0];
}

function describeError(err: ErrorObject | undefined, doc: Document, lc: LineCounter, file: string, hadolint: boolean): string {
  if (!err) return `${file}: invalid configuration`;
  const segments = err.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  let where = '1:1';
  if (!hadolint) {
    let node: unknown = doc.contents;
    let range: [number, number, number] | undefined;
    for (const seg of segments) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === seg);
        if (!pair) break;
        range = (pair.value as { range?: [number, number, number] } | null)?.range ?? (pair.key as { range?: [number, number, number] }).range;
        node = pair.value;
      } else if (isSeq(node)) {
        const item = node.items[Number(seg)];
        range = (item as { range?: [number, number, number] } | null)?.range;
        node = item;
      } else break;
    }
    if ((err.keyword === 'additionalProperties' || err.keyword === 'propertyNames') && isMap(node)) {
      const extra = (err.params as { additionalProperty?: string; propertyName?: string }).additionalProperty ?? (err.params as { propertyName?: string }).propertyName;
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === extra);
      range = (pair?.key as { range?: [number, number, number] } | undefined)?.range ?? range;
    }
    if (range) {
      const p = lc.linePos(range[0]);
      where = `${p.line}:${p.col}`;
    }
  }
  const at = err.instancePath || '(top level)';
  let what = err.message ?? 'is invalid';
  if (err.keyword === 'additionalProperties') what = `has an unknown key "${(err.params as { additionalProperty?: string }).additionalProperty}"`;
  if (err.keyword === 'enum') what = `must be one of: ${((err.params as { allowedValues?: unknown[] }).allowedValues ?? []).join(', ')}`;
  if (err.keyword === 'propertyNames') what = `names an unknown rule "${(err.params as { propertyName?: string }).propertyName}" (use a rule id, hadolint DL code, BuildKit check name or SC code; see layerlint rules)`;
  return `${file}:${where}: ${at} ${what}`;
}

const HADOLINT_SEVERITY: Record<string, string> = { error: 'error', warning: 'warning', info: 'info', style: 'style', ignore: 'off', none: 'off' };

/** hadolint's config keys → ours, so a hadolint user's settings keep working. */
export function translateHadolint(h: Record<string, unknown>, file: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const rules: Record<string, string> = {};
  const ignored = h['ignored'];
  if (Array.isArray(ignored)) for (const r of ignored) rules[String(r)] = 'off';
  const override = h['override'];
  if (override && typeof override === 'object') {
    for (const [level, list] of Object.entries(override as Record<string, unknown>)) {
      const sev = HADOLINT_SEVERITY[level.toLowerCase()];
      if (!sev) throw new ConfigError(`${file}: unknown override level "${level}" (expected error, warning, info, style)`);
      if (Array.isArray(list)) for (const r of list) rules[String(r)] = sev;
    }
  }
  if (Object.keys(rules).length > 0) out.rules = rules;
  const threshold = h['failure-threshold'];
  if (typeof threshold === 'string') out.failureThreshold = threshold === 'none' || threshold === 'ignore' ? 'never' : threshold;
  if (h['no-fail'] === true) out.failureThreshold = 'never';
  if (Array.isArray(h['trustedRegistries'])) out.trustedRegistries = h['trustedRegistries'];
  if (h['label-schema'] && typeof h['label-schema'] === 'object') out.labelSchema = h['label-schema'];
  if (typeof h['strict-labels'] === 'boolean') out.strictLabels = h['strict-labels'];
  if (typeof h['disable-ignore-pragma'] === 'boolean') out.disableInlinePragmas = h['disable-ignore-pragma'];
  return out;
}

export const SEVERITY_NAMES = SEVERITIES;
