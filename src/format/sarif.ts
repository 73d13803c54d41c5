import { pathToFileURL } from 'node:url';
import { HOMEPAGE, type Finding, type Severity } from '../engine/api';
import type { Range } from '../parse/text';
import type { ReportContext, RuleInfo } from './context';
import { fingerprints } from './fingerprint';
import type { FileResult } from './types';

/**
 * SARIF 2.1.0, written by hand (the subset we need, typed below) and validated against the OASIS schema in the tests.
 * Columns are UTF-16 code units with an exclusive end, which is what SARIF's `utf16CodeUnits` column kind means.
 */
type Level = 'error' | 'warning' | 'note';

interface SarifMessage {
  text: string;
  markdown?: string;
}

interface SarifRegion {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

interface SarifArtifactLocation {
  uri: string;
  uriBaseId?: string;
}

interface SarifLocation {
  physicalLocation: { artifactLocation: SarifArtifactLocation; region?: SarifRegion };
}

interface SarifReplacement {
  deletedRegion: SarifRegion;
  insertedContent: { text: string };
}

interface SarifFix {
  description: SarifMessage;
  artifactChanges: { artifactLocation: SarifArtifactLocation; replacements: SarifReplacement[] }[];
}

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: Level;
  message: SarifMessage;
  locations: SarifLocation[];
  partialFingerprints: Record<string, string>;
  fixes?: SarifFix[];
  properties: { severity: Severity; aliases: string[]; suggestion?: string };
}

interface SarifRule {
  id: string;
  shortDescription: SarifMessage;
  fullDescription: SarifMessage;
  helpUri: string;
  help: SarifMessage;
  defaultConfiguration: { level: Level };
  properties: { tags: string[]; precision: string; aliases: string[] };
}

interface SarifNotification {
  level: Level;
  message: SarifMessage;
  locations: SarifLocation[];
}

export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: {
    tool: { driver: { name: string; version: string; semanticVersion: string; informationUri: string; rules: SarifRule[] } };
    originalUriBaseIds: Record<string, { uri: string }>;
    columnKind: 'utf16CodeUnits';
    invocations: { executionSuccessful: boolean; toolExecutionNotifications: SarifNotification[] }[];
    results: SarifResult[];
  }[];
}

export const SARIF_LEVEL: Record<Severity, Level> = { error: 'error', warning: 'warning', info: 'note', style: 'note' };
const SRCROOT = '%SRCROOT%';

export function formatSarif(results: readonly FileResult[], ctx: ReportContext): string {
  return JSON.stringify(buildSarif(results, ctx), null, 2) + '\n';
}

export function buildSarif(results: readonly FileResult[], ctx: ReportContext): SarifLog {
  const rules: RuleInfo[] = [...ctx.rules.registered];
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const ruleIndex = (id: string): number => {
    let i = index.get(id);
    if (i === undefined) {
      i = rules.push(ctx.rules.get(id)) - 1;
      index.set(id, i);
    }
    return i;
  };
  const out: SarifResult[] = [];
  const notifications: SarifNotification[] = [];
  for (const r of results) {
    const loc = artifactLocation(r.path);
    if (r.error !== undefined) notifications.push({ level: 'error', message: { text: `${r.path}: ${r.error}` }, locations: [{ physicalLocation: { artifactLocation: loc } }] });
    const prints = fingerprints(r.path, r.findings, r.source);
    r.findings.forEach((f, i) => out.push(result(f, loc, ruleIndex(f.rule), prints[i])));
  }
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'layerlint', version: ctx.toolVersion, semanticVersion: ctx.toolVersion, informationUri: HOMEPAGE, rules: rules.map(descriptor) } },
        originalUriBaseIds: { [SRCROOT]: { uri: directoryUri(ctx.cwd) } },
        columnKind: 'utf16CodeUnits',
        invocations: [{ executionSuccessful: notifications.length === 0 && !out.some((x) => x.ruleId === 'internal-error'), toolExecutionNotifications: notifications }],
        results: out,
      },
    ],
  };
}

function descriptor(r: RuleInfo): SarifRule {
  const text = `${r.description}\n\nDocumentation: ${r.docs}`;
  return {
    id: r.id,
    shortDescription: { text: r.description },
    fullDescription: { text: r.description },
    helpUri: r.docs,
    help: r.helpMarkdown ? { text, markdown: r.helpMarkdown } : { text },
    defaultConfiguration: { level: SARIF_LEVEL[r.severity] },
    properties: { tags: ['dockerfile', r.category], precision: 'high', aliases: r.aliases },
  };
}

function result(f: Finding, loc: SarifArtifactLocation, ruleIdx: number, fingerprint: string): SarifResult {
  const res: SarifResult = {
    ruleId: f.rule,
    ruleIndex: ruleIdx,
    level: SARIF_LEVEL[f.severity],
    message: { text: f.message },
    locations: [{ physicalLocation: { artifactLocation: loc, region: region(f.range) } }],
    partialFingerprints: { 'layerlint/v1': fingerprint },
    properties: { severity: f.severity, aliases: f.aliases },
  };
  if (f.suggestion) res.properties.suggestion = f.suggestion;
  if (f.fix && f.fix.edits.length > 0) {
    res.fixes = [
      {
        description: { text: f.fix.safe ? 'Safe fix (layerlint --fix applies it)' : 'Suggested change (review it before applying)' },
        artifactChanges: [{ artifactLocation: loc, replacements: f.fix.edits.map((e) => ({ deletedRegion: region(e.range), insertedContent: { text: e.text } })) }],
      },
    ];
  }
  return res;
}

/** Exact region; lines and columns are clamped to 1 because SARIF has no line 0. */
export function region(r: Range): SarifRegion {
  const startLine = Math.max(1, r.start.line);
  const startColumn = Math.max(1, r.start.column);
  const endLine = Math.max(startLine, r.end.line);
  const endColumn = endLine === startLine ? Math.max(startColumn, r.end.column) : Math.max(1, r.end.column);
  return { startLine, startColumn, endLine, endColumn };
}

/** Relative paths are URI references against %SRCROOT% (the working folder); absolute ones become file: URIs. */
export function artifactLocation(reported: string): SarifArtifactLocation {
  if (reported.startsWith('/') || /^[A-Za-z]:\//.test(reported)) return { uri: pathToFileURL(reported).href };
  return { uri: reported.split('/').map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

function directoryUri(dir: string): string {
  const href = pathToFileURL(dir).href;
  return href.endsWith('/') ? href : href + '/';
}
