import * as fs from 'node:fs';
import type { Finding } from '../../src/engine/api';
import { lintText, prepareLinter } from '../../src/engine/lint';
import { parseCostJson, type CostJson } from '../../src/format/cost-types';
import { renderCostHtml } from '../../src/format/html';
import { fixturePath } from '../helpers/shared';

export const MULTI_DOCKERFILE = fixturePath('report', 'multi-stage', 'Dockerfile');
export const MULTI_COST = fixturePath('report', 'multi-stage', 'cost.json');
export const SEED_DOCKERFILE = fixturePath('examples', 'seed', 'Dockerfile');
export const SEED_COST = fixturePath('report', 'seed', 'cost.json');

export function readCost(file: string): CostJson {
  return parseCostJson(JSON.parse(fs.readFileSync(file, 'utf8')));
}

export interface Rendered {
  html: string;
  cost: CostJson;
  findings: Finding[];
  source: string;
}

/** Lints `source` for real and renders its report from `cost`, as `layerlint cost --format html` will. */
export async function renderReport(source: string, cost: CostJson, fileName: string): Promise<Rendered> {
  await prepareLinter();
  const result = lintText(source, { filePath: fileName, target: cost.target === null ? undefined : String(cost.target) });
  return { html: renderCostHtml({ cost, findings: result.findings, source, fileName, model: result.model }), cost, findings: result.findings, source };
}

export function renderFixture(dockerfile: string, costFile: string): Promise<Rendered> {
  return renderReport(fs.readFileSync(dockerfile, 'utf8'), readCost(costFile), dockerfile);
}

/** The injection payload of the hostile tests; running it would set window.__pwned. */
export const PAYLOAD = `</script><img src=x onerror="window.__pwned=1">"'><svg onload=window.__pwned=2>`;

/** A Dockerfile whose every free-text spot carries the payload, and a cost JSON that echoes it everywhere. */
export function hostileInput(): { source: string; cost: CostJson; fileName: string } {
  const source = [
    `# ${PAYLOAD}`,
    `FROM alpine:3.19 AS base`,
    `LABEL description="${PAYLOAD.replace(/"/g, '\\"')}"`,
    `RUN echo '${PAYLOAD.replace(/'/g, '')}' > /x`,
    `FROM base AS final`,
    `COPY --from=${'"><img src=x onerror=window.__pwned=3>'} /x /y`,
    `COPY --from=base /x /z`,
    `CMD echo ${PAYLOAD}`,
    '',
  ].join('\n');
  const cost: CostJson = {
    version: 1,
    file: PAYLOAD,
    target: 'final',
    stages: [
      {
        index: 0,
        name: 'base',
        base: { image: `alpine:3.19${PAYLOAD}`, bytes: 7_800_000, confidence: 'estimated' },
        layers: [
          { line: 2, instruction: 'FROM alpine:3.19 AS base', createsLayer: false, bytes: 0, confidence: 'exact', wastedBytes: 0 },
          { line: 3, instruction: `LABEL ${PAYLOAD}`, createsLayer: false, bytes: 0, confidence: 'exact', wastedBytes: 0 },
          { line: 4, instruction: `RUN echo ${PAYLOAD}`, createsLayer: true, bytes: 4_000, confidence: 'exact', wastedBytes: 4_000, reasons: [PAYLOAD] },
        ],
      },
      {
        index: 1,
        name: 'final',
        base: { image: 'stage:base', bytes: 7_804_000, confidence: 'estimated' },
        layers: [
          { line: 5, instruction: 'FROM base AS final', createsLayer: false, bytes: 0, confidence: 'exact', wastedBytes: 0 },
          { line: 6, instruction: `COPY --from=${PAYLOAD} /x /y`, createsLayer: true, bytes: 0, confidence: 'unknown', wastedBytes: 0, reasons: [PAYLOAD] },
          { line: 7, instruction: 'COPY --from=base /x /z', createsLayer: true, bytes: 4_000, confidence: 'exact', wastedBytes: 0 },
          { line: 8, instruction: `CMD echo ${PAYLOAD}`, createsLayer: false, bytes: 0, confidence: 'exact', wastedBytes: 0 },
        ],
      },
    ],
    image: { baseBytes: 7_800_000, addedBytes: 8_000, totalBytes: 7_808_000, wastedBytes: 4_000, avoidableBytes: 1_000, confidence: 'unknown' },
    waste: [{ path: `/x${PAYLOAD}`, bytes: 4_000, addedLine: 4, removedLine: 7, kind: 'overwritten-later' }],
    avoidable: [{ path: `/var/cache/${PAYLOAD}`, bytes: 1_000, line: 4, kind: 'package-cache' }],
  };
  return { source, cost, fileName: `evil${PAYLOAD}.Dockerfile` };
}

/** Every finding gets the payload in its message, rule name and suggestion too (findings are text from rules). */
export function hostileFindings(findings: readonly Finding[]): Finding[] {
  return [
    ...findings,
    { rule: `rule${PAYLOAD}`, aliases: [PAYLOAD], severity: 'error', message: PAYLOAD, range: { start: { line: 6, column: 1 }, end: { line: 6, column: 5 } }, fix: null, suggestion: PAYLOAD },
  ];
}
