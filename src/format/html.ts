import type * as Crypto from 'node:crypto';
import type { Finding, Severity } from '../engine/api';
import { buildModel, resolveStageRef } from '../model/build';
import type { DockerfileModel, Instruction, Stage } from '../model/types';
import { formatSize as siSize, humanBytes as siBytes } from '../simulate/size';
import type { CostConfidence, CostLayer, CostJson, CostStage } from './cost-types';
import { fixHint } from './stylish';

/**
 * The self-contained HTML cost report: one file with inline CSS and a little inline JS, no request to anywhere
 * (a Content-Security-Policy forbids them), readable without JavaScript. Every piece of the Dockerfile, the cost
 * JSON and the findings is untrusted text and goes through `esc`; the script carries no data (it reads the
 * `data-line` attributes), so nothing from the input ever reaches a script context.
 */
export interface HtmlReportInput {
  cost: CostJson;
  findings: readonly Finding[];
  /** The Dockerfile text the cost and findings were computed from. */
  source: string;
  /** Shown as the report's subject (a path as the user gave it). */
  fileName: string;
  /** The Dockerfile model of `source`; built here (without the shell parser) when not given. */
  model?: DockerfileModel;
}

const SEVERITY_ORDER: readonly Severity[] = ['error', 'warning', 'info', 'style'];
/** Height (px) of the plot area of the layer chart. */
const PLOT_H = 240;
/** Height (px) an unknown layer is drawn with when its known part is smaller: visible, never mistaken for zero. */
const UNKNOWN_H = 36;
/** Smallest height (px) of a layer with bytes, so that it stays visible. */
const MIN_H = 2;
/** Rows of the waste and avoidable tables; the rest is counted. */
const MAX_ROWS = 200;

// ---------------------------------------------------------------------------------------------- text helpers

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for HTML content and quoted attribute values. Control characters other than tab and newline become U+FFFD. */
export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '\ufffd');
}

function num(n: number): string {
  return String(Math.round(n * 100) / 100);
}

const NBSP = '\u00a0';

/** Decimal units as the cost table prints them (`251 B`, `63.1 MB`), kept on one line. */
export function humanBytes(bytes: number): string {
  return siBytes(bytes, NBSP);
}

/** `~` for an estimate; an unknown is `?`, or the known part followed by `+?`: never a bare precise number. */
export function formatSize(bytes: number, confidence: CostConfidence): string {
  return siSize({ bytes, confidence }, NBSP);
}

function grouped(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, max - 1) + '…';
}

function lowest(list: Iterable<CostConfidence>): CostConfidence {
  const rank: Record<CostConfidence, number> = { unknown: 0, estimated: 1, exact: 2 };
  let out: CostConfidence = 'exact';
  for (const c of list) if (rank[c] < rank[out]) out = c;
  return out;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function sizeSpan(bytes: number, confidence: CostConfidence): string {
  const title = confidence === 'unknown' ? (bytes > 0 ? `at least ${grouped(bytes)} bytes; the rest is not known` : 'not known') : `${confidence === 'estimated' ? 'about ' : ''}${grouped(bytes)} bytes`;
  return `<span class="size c-${confidence}" title="${esc(title)}">${esc(formatSize(bytes, confidence))}</span>`;
}

function confBadge(confidence: CostConfidence): string {
  return `<span class="conf c-${confidence}">${confidence}</span>`;
}

// ---------------------------------------------------------------------------------------------- cost helpers

function stageLabel(s: { index: number; name: string | null }): string {
  return s.name ? `stage ${s.index} · ${s.name}` : `stage ${s.index}`;
}

function findTarget(cost: CostJson): number {
  if (cost.target === null) return -1;
  return cost.stages.findIndex((s) => (s.name !== null && s.name === cost.target) || s.index === cost.target || String(s.index) === String(cost.target));
}

/** The stages whose layers make up the target image: the target and the stages it is built FROM, root first. */
function stageChain(cost: CostJson, target: number): number[] {
  const chain: number[] = [];
  for (let i = target; i >= 0; ) {
    chain.unshift(i);
    const b = cost.stages[i].base.image;
    if (!b.startsWith('stage:')) break;
    const ref = b.slice(6);
    const next = cost.stages.findIndex((s) => s.name === ref || String(s.index) === ref);
    if (next < 0 || next >= i) break;
    i = next;
  }
  return chain;
}

function keywordOf(instruction: string): string {
  const m = /^\s*([A-Za-z]+)/.exec(instruction);
  return m ? m[1].toUpperCase() : '?';
}

function isFromLayer(l: CostLayer): boolean {
  return keywordOf(l.instruction) === 'FROM';
}

// ---------------------------------------------------------------------------------------------- the page

export function renderCostHtml(input: HtmlReportInput): string {
  const { cost, fileName } = input;
  const model = input.model ?? buildModel(input.source, { target: cost.target === null ? undefined : String(cost.target) });
  const findings = [...input.findings].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.column - b.range.start.column || SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity));
  const target = findTarget(cost);

  const body = [
    header(cost, fileName, findings, target),
    stageSection(model, cost, target),
    layerSection(cost, target),
    findingSection(findings),
    sourceSection(model, cost, findings, target),
    `<footer><p>Generated by layerlint. Sizes: <span class="size c-exact">exact</span> from the Dockerfile or the build context, <span class="size c-estimated">~estimated</span> from a size index or model, <span class="size c-unknown">?</span> not known before the build (only the known part is counted, and the chart draws such layers hatched).</p></footer>`,
  ].join('\n');

  return htmlDocument({ title: `layerlint cost report — ${fileName}`, body, skip: { href: '#source', label: 'Skip to the Dockerfile' }, script: true });
}

export interface HtmlDocumentInput {
  title: string;
  /** The content of <main>, already escaped. */
  body: string;
  skip?: { href: string; label: string };
  /** Include the highlighting script (the cost report); pages without it allow no script at all. */
  script: boolean;
}

/**
 * One self-contained page with the reports' stylesheet: no request leaves it, and a Content-Security-Policy allows only
 * its own style and script (by their hashes), so tampered text cannot load or run anything.
 */
export function htmlDocument(input: HtmlDocumentInput): string {
  const css = CSS;
  const js = input.script ? JS : '';
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded here, not at start-up: only this report needs it
  const { createHash } = require('node:crypto') as typeof Crypto;
  const hash = (s: string): string => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`;
  const csp = `default-src 'none'; style-src ${hash(css)}; script-src ${input.script ? hash(js) : "'none'"}; img-src data:; base-uri 'none'; form-action 'none'`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${esc(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="generator" content="layerlint">
<title>${esc(input.title)}</title>
<link rel="icon" href="data:,">
<style>${css}</style>
</head>
<body>
${input.skip ? `<a class="skip" href="${esc(input.skip.href)}">${esc(input.skip.label)}</a>
` : ''}<main>
${input.body}
</main>
${input.script ? `<script>${js}</script>
` : ''}</body>
</html>
`;
}

function header(cost: CostJson, fileName: string, findings: readonly Finding[], target: number): string {
  const img = cost.image;
  const t = target >= 0 ? cost.stages[target] : null;
  const chain = target >= 0 ? stageChain(cost, target) : [];
  const rootBase = chain.length ? cost.stages[chain[0]].base : null;
  const chainLayers = chain.flatMap((i) => cost.stages[i].layers.filter((l) => l.createsLayer));
  const cards: string[] = [];
  if (img) {
    const baseConf = img.baseConfidence ?? rootBase?.confidence ?? img.confidence;
    const addedConf = img.addedConfidence ?? lowest(chainLayers.map((l) => l.confidence));
    const wastedConf = img.wastedConfidence ?? lowest(cost.waste.map((w) => w.confidence ?? 'exact'));
    const avoidConf = img.avoidableConfidence ?? lowest(cost.avoidable.map((a) => a.confidence ?? 'exact'));
    const card = (label: string, bytes: number, conf: CostConfidence, extra = ''): string =>
      `<div class="card${extra}"><dt>${esc(label)}</dt><dd>${sizeSpan(bytes, conf)} ${confBadge(conf)}</dd></div>`;
    cards.push(card('Image', img.totalBytes, img.confidence, ' main-card'));
    cards.push(card(rootBase ? `Base (${clip(rootBase.image, 40)})` : 'Base', img.baseBytes, baseConf));
    cards.push(card('Added by the Dockerfile', img.addedBytes, addedConf));
    cards.push(card('Wasted (hidden by later layers)', img.wastedBytes, wastedConf, img.wastedBytes > 0 ? ' bad' : ''));
    cards.push(card('Avoidable (caches, build tools)', img.avoidableBytes, avoidConf, img.avoidableBytes > 0 ? ' bad' : ''));
  }
  const counts = SEVERITY_ORDER.map((s) => [s, findings.filter((f) => f.severity === s).length] as const).filter(([, n]) => n > 0);
  cards.push(`<div class="card"><dt>Findings</dt><dd>${counts.length ? counts.map(([s, n]) => `<span class="sev sev-${s}">${n} ${s}</span>`).join(' ') : 'none'}</dd></div>`);
  const facts = [
    t ? `target ${esc(stageLabel(t))}` : 'no stage to build',
    cost.builder ? `builder ${esc(cost.builder)}` : null,
    cost.contextRead === undefined ? null : cost.contextRead ? 'build context read' : 'build context not read (COPY and ADD sizes are not known)',
  ].filter((x): x is string => x !== null);
  return `<header>
<h1>Layer cost report <span class="file">${esc(fileName)}</span></h1>
<p class="facts">${facts.join(' · ')}</p>
<dl class="cards">${cards.join('')}</dl>
<nav aria-label="Sections"><a href="#stages">Stages</a> <a href="#layers">Layers</a> <a href="#findings">Findings (${findings.length})</a> <a href="#source">Dockerfile</a></nav>
</header>`;
}

// ---------------------------------------------------------------------------------------------- stage graph

interface GraphNode {
  key: string;
  stage: Stage | null;
  image: string | null;
  depth: number;
  x: number;
  y: number;
}

interface GraphEdge {
  from: string;
  to: string;
  kind: 'from' | 'copy' | 'mount';
  lines: number[];
}

const NODE_W = 210;
const NODE_H = 62;
const IMG_H = 34;
const COL_GAP = 64;
const ROW_GAP = 16;
const PAD = 12;

function stageGraph(model: DockerfileModel): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const nodes = new Map<string, GraphNode>();
  const edges = new Map<string, GraphEdge>();
  const depth = new Map<string, number>();
  const addEdge = (from: string, to: string, kind: GraphEdge['kind'], line: number): void => {
    const key = `${from}>${to}>${kind}`;
    const e = edges.get(key);
    if (e) e.lines.push(line);
    else edges.set(key, { from, to, kind, lines: [line] });
  };
  for (const st of model.stages) {
    const key = `s${st.index}`;
    let d = 0;
    if (st.parentStage !== null && st.parentStage < st.index) {
      addEdge(`s${st.parentStage}`, key, 'from', st.from.range.start.line);
      d = Math.max(d, (depth.get(`s${st.parentStage}`) ?? 0) + 1);
    }
    for (const ins of st.instructions) {
      for (const f of ins.flags) {
        const ref = f.name === 'from' && (ins.keyword === 'COPY' || ins.keyword === 'ADD') ? f.expanded ?? f.value : f.name === 'mount' ? (f.options['from'] ?? null) : null;
        if (!ref) continue;
        const kind = f.name === 'from' ? 'copy' : 'mount';
        const dep = resolveStageRef(model, ref, st.index);
        let depKey: string;
        if (dep !== null) depKey = `s${dep}`;
        else {
          depKey = `i:${ref}`;
          if (!nodes.has(depKey)) nodes.set(depKey, { key: depKey, stage: null, image: ref, depth: 0, x: 0, y: 0 });
          depth.set(depKey, 0);
        }
        addEdge(depKey, key, kind, ins.range.start.line);
        d = Math.max(d, (depth.get(depKey) ?? 0) + 1);
      }
    }
    depth.set(key, d);
    nodes.set(key, { key, stage: st, image: null, depth: d, x: 0, y: 0 });
  }
  // Columns by depth, images first, then stages in file order.
  const columns = new Map<number, GraphNode[]>();
  for (const n of nodes.values()) {
    const col = columns.get(n.depth) ?? [];
    col.push(n);
    columns.set(n.depth, col);
  }
  for (const [d, col] of columns) {
    col.sort((a, b) => (a.stage ? 1 : 0) - (b.stage ? 1 : 0) || (a.stage?.index ?? 0) - (b.stage?.index ?? 0) || (a.image ?? '').localeCompare(b.image ?? ''));
    let y = PAD;
    for (const n of col) {
      n.x = PAD + d * (NODE_W + COL_GAP);
      n.y = y;
      y += (n.stage ? NODE_H : IMG_H) + ROW_GAP;
    }
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()] };
}

function stageSection(model: DockerfileModel, cost: CostJson, target: number): string {
  if (model.stages.length === 0) return `<section id="stages" aria-labelledby="stages-h"><h2 id="stages-h">Stages</h2><p>The Dockerfile has no <code>FROM</code>, so there is no stage.</p></section>`;
  const { nodes, edges } = stageGraph(model);
  const byKey = new Map(nodes.map((n) => [n.key, n]));
  const targetModelIndex = target >= 0 ? cost.stages[target].index : model.targetStage;
  const width = Math.max(...nodes.map((n) => n.x + NODE_W)) + PAD;
  const height = Math.max(...nodes.map((n) => n.y + (n.stage ? NODE_H : IMG_H))) + PAD;
  const costStage = (i: number): CostStage | undefined => cost.stages.find((s) => s.index === i);
  const out: string[] = [];
  out.push(`<svg class="graph" role="img" aria-labelledby="graph-t graph-d" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" xmlns="http://www.w3.org/2000/svg">`);
  out.push(`<title id="graph-t">Stage graph</title><desc id="graph-d">Boxes are build stages; a solid arrow means a stage is built FROM another, a dashed arrow that it copies files from it (COPY --from), a dotted arrow that a RUN mounts it. The list after the graph says the same in words.</desc>`);
  out.push(`<defs><marker id="ll-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="arrow-head"/></marker></defs>`);
  for (const e of edges) {
    const a = byKey.get(e.from);
    const b = byKey.get(e.to);
    if (!a || !b) continue;
    const ax = a.x + NODE_W;
    const ay = a.y + (a.stage ? NODE_H : IMG_H) / 2;
    const bx = b.x - 2;
    const by = b.y + NODE_H / 2;
    const mid = (ax + bx) / 2;
    const what = e.kind === 'from' ? 'is built FROM' : e.kind === 'copy' ? 'copies from' : 'mounts';
    const label = `${b.stage ? stageLabel(b.stage) : ''} ${what} ${a.stage ? stageLabel(a.stage) : `image ${a.image ?? ''}`} (line ${e.lines.join(', ')})`;
    out.push(`<path class="edge edge-${e.kind}" d="M${num(ax)},${num(ay)} C${num(mid)},${num(ay)} ${num(mid)},${num(by)} ${num(bx)},${num(by)}" marker-end="url(#ll-arrow)"><title>${esc(label)}</title></path>`);
  }
  for (const n of nodes) {
    if (!n.stage) {
      out.push(`<g class="node image-node"><title>${esc(`image ${n.image ?? ''}`)}</title><rect x="${n.x}" y="${n.y}" width="${NODE_W}" height="${IMG_H}" rx="17"/><text x="${n.x + 12}" y="${n.y + 21}">${esc(clip(`image ${n.image ?? ''}`, 30))}</text></g>`);
      continue;
    }
    const st = n.stage;
    const isTarget = st.index === targetModelIndex;
    const used = model.reachableStages.has(st.index) || isTarget;
    const cs = costStage(st.index);
    const added = cs ? cs.layers.filter((l) => l.createsLayer) : [];
    const addedBytes = added.reduce((s, l) => s + l.bytes, 0);
    const third = !used ? 'not built for this target' : cs ? `${plural(added.length, 'layer')}, ${formatSize(addedBytes, lowest(added.map((l) => l.confidence)))} added` : '';
    const base = st.parentStage !== null ? `FROM ${model.stages[st.parentStage]?.nameRaw ?? st.parentStage}` : `FROM ${st.base.text}`;
    const title = `${stageLabel(st)}${isTarget ? ' (target)' : ''}: ${base}; ${third} — line ${st.from.range.start.line}`;
    out.push(`<a href="#L${st.from.range.start.line}" class="node-link" aria-label="${esc(title)}"><g class="node stage-node${isTarget ? ' target' : ''}${used ? '' : ' unused'}" data-line="${st.from.range.start.line}"><title>${esc(title)}</title>`);
    out.push(`<rect x="${n.x}" y="${n.y}" width="${NODE_W}" height="${NODE_H}" rx="6"/>`);
    out.push(`<text class="n1" x="${n.x + 10}" y="${n.y + 18}">${esc(clip(stageLabel(st), 22))}${isTarget ? '<tspan class="badge" dx="6">target</tspan>' : ''}</text>`);
    out.push(`<text class="n2" x="${n.x + 10}" y="${n.y + 36}">${esc(clip(base, 30))}</text>`);
    out.push(`<text class="n3" x="${n.x + 10}" y="${n.y + 53}">${esc(clip(third, 34))}</text></g></a>`);
  }
  out.push('</svg>');

  const list: string[] = [];
  for (const st of model.stages) {
    const isTarget = st.index === targetModelIndex;
    const parts = [st.parentStage !== null ? `built FROM ${esc(stageLabel(model.stages[st.parentStage]))}` : `FROM image <code>${esc(st.base.text)}</code>`];
    for (const e of edges) {
      if (e.to !== `s${st.index}` || e.kind === 'from') continue;
      const src = byKey.get(e.from);
      const what = src?.stage ? esc(stageLabel(src.stage)) : `image <code>${esc(src?.image ?? '')}</code>`;
      parts.push(`${e.kind === 'copy' ? 'copies from' : 'mounts'} ${what} (${e.lines.map((l) => `<a href="#L${l}">line ${l}</a>`).join(', ')})`);
    }
    const used = model.reachableStages.has(st.index) || isTarget;
    list.push(`<li><a href="#L${st.from.range.start.line}">${esc(stageLabel(st))}</a>${isTarget ? ' <strong>(target)</strong>' : ''}: ${parts.join('; ')}${used ? '' : ' — <em>not built for this target</em>'}</li>`);
  }
  return `<section id="stages" aria-labelledby="stages-h">
<h2 id="stages-h">Stages</h2>
<div class="scroll">${out.join('\n')}</div>
<p class="legend"><span class="key key-from"></span> built FROM <span class="key key-copy"></span> COPY --from <span class="key key-mount"></span> RUN --mount from</p>
<ul class="graph-list">${list.join('\n')}</ul>
</section>`;
}

// ---------------------------------------------------------------------------------------------- layer chart

interface Bar {
  line: number | null;
  keyword: string;
  instruction: string;
  stage: CostStage;
  bytes: number;
  confidence: CostConfidence;
  wasted: number;
  reasons: string[];
  /** Known bytes below this bar (base and earlier layers). */
  below: number;
}

function chartBars(cost: CostJson, target: number): Bar[] {
  const chain = stageChain(cost, target);
  const root = cost.stages[chain[0]];
  const bars: Bar[] = [];
  let below = 0;
  bars.push({ line: root.layers.find(isFromLayer)?.line ?? null, keyword: 'base', instruction: root.base.image, stage: root, bytes: root.base.bytes, confidence: root.base.confidence, wasted: 0, reasons: [], below: 0 });
  below += root.base.bytes;
  for (const i of chain) {
    const st = cost.stages[i];
    for (const l of st.layers) {
      if (!l.createsLayer || isFromLayer(l)) continue;
      bars.push({ line: l.line, keyword: keywordOf(l.instruction), instruction: l.instruction, stage: st, bytes: l.bytes, confidence: l.confidence, wasted: l.wastedBytes, reasons: l.reasons ?? [], below });
      below += l.bytes;
    }
  }
  return bars;
}

/** A round step (1, 2 or 5 times a power of ten) of at least `raw`. */
function niceStep(raw: number): number {
  const p = Math.pow(10, Math.floor(Math.log10(raw)));
  for (const m of [1, 2, 5, 10]) if (m * p >= raw) return m * p;
  return 10 * p;
}

function layerChart(bars: Bar[]): string {
  const n = bars.length;
  const slot = Math.max(16, Math.min(88, Math.floor(880 / Math.max(1, n))));
  const left = 72;
  const top = 26;
  const width = left + n * slot + 16;
  const multiStage = new Set(bars.map((b) => b.stage.index)).size > 1;
  const height = top + PLOT_H + (slot >= 26 ? 40 : 24) + (multiStage ? 26 : 0);
  const maxKnown = Math.max(0, ...bars.map((b) => b.below + b.bytes));
  // Bytes → px: the tallest known stack fills the plot, and every unknown bar still fits with its placeholder.
  let scale = maxKnown > 0 ? PLOT_H / maxKnown : 0;
  for (const b of bars) if (b.confidence === 'unknown' && b.below > 0) scale = Math.min(scale, (PLOT_H - UNKNOWN_H) / b.below);
  const baseY = top + PLOT_H;
  const out: string[] = [];
  const desc = `One bar per layer of the target image, from the base image on the left; each bar starts where the layers before it end and is as tall as its predicted size. Hatched bars are layers whose size is not known (marked ?); red hatching at the top of a bar is the part later layers hide (wasted). The table below lists the same numbers.`;
  out.push(`<svg class="chart" role="img" aria-labelledby="chart-t chart-d" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" xmlns="http://www.w3.org/2000/svg">`);
  out.push(`<title id="chart-t">Layers of the target image by predicted size</title><desc id="chart-d">${esc(desc)}</desc>`);
  out.push(`<defs><pattern id="ll-hatch" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="8" height="8" class="hatch-bg"/><line x1="2" y1="0" x2="2" y2="8" class="hatch-line"/></pattern>`);
  out.push(`<pattern id="ll-waste" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(-45)"><rect width="6" height="6" class="waste-bg"/><line x1="1.5" y1="0" x2="1.5" y2="6" class="waste-line"/></pattern></defs>`);
  // Axis and grid.
  if (scale > 0) {
    const step = niceStep(PLOT_H / scale / 4);
    for (let v = 0; v * scale <= PLOT_H + 0.5; v += step) {
      const y = baseY - v * scale;
      out.push(`<line class="grid" x1="${left}" x2="${width - 8}" y1="${num(y)}" y2="${num(y)}"/><text class="tick" x="${left - 6}" y="${num(y + 4)}">${esc(v === 0 ? '0' : humanBytes(v))}</text>`);
    }
  } else out.push(`<line class="grid" x1="${left}" x2="${width - 8}" y1="${baseY}" y2="${baseY}"/><text class="tick" x="${left - 6}" y="${baseY + 4}">0</text>`);
  bars.forEach((b, i) => {
    const x = left + i * slot + 3;
    const w = slot - 6;
    let h = b.bytes * scale;
    let cls = b.keyword === 'base' ? 'bar base' : 'bar';
    if (b.confidence === 'unknown') {
      h = Math.max(h, UNKNOWN_H);
      cls += ' unknown';
    } else if (b.bytes === 0) {
      h = 1;
      cls += ' empty';
    } else if (h < MIN_H) h = MIN_H;
    if (b.confidence === 'estimated') cls += ' estimated';
    const y = baseY - b.below * scale - h;
    const size = formatSize(b.bytes, b.confidence);
    const where = b.line !== null ? `line ${b.line}: ` : '';
    const label = `${where}${b.keyword === 'base' ? `base image ${b.instruction}` : clip(b.instruction, 120)} — ${size} (${b.confidence})${b.wasted > 0 ? `, ${humanBytes(b.wasted)} wasted` : ''}${b.reasons.length ? `; ${b.reasons.join('; ')}` : ''}`;
    const open = b.line !== null ? `<a href="#L${b.line}" aria-label="${esc(label)}">` : '';
    out.push(`${open}<g class="bar-group" data-line="${b.line ?? ''}"><title>${esc(label)}</title>`);
    out.push(`<rect class="${cls}" x="${num(x)}" y="${num(y)}" width="${num(w)}" height="${num(h)}" data-bytes="${b.bytes}" data-confidence="${b.confidence}" data-line="${b.line ?? ''}" data-wasted="${b.wasted}"${b.confidence === 'unknown' ? ' fill="url(#ll-hatch)"' : ''}/>`);
    if (b.wasted > 0) {
      const wh = Math.min(h, Math.max(MIN_H, b.wasted * scale));
      out.push(`<rect class="waste" x="${num(x)}" y="${num(y)}" width="${num(w)}" height="${num(wh)}" fill="url(#ll-waste)" data-wasted="${b.wasted}"/>`);
    }
    if (b.confidence === 'unknown') {
      const cy = y + Math.min(h, UNKNOWN_H) / 2;
      out.push(`<circle class="qbg" cx="${num(x + w / 2)}" cy="${num(cy)}" r="${Math.min(10, w / 2)}"/><text class="q" x="${num(x + w / 2)}" y="${num(cy + 6)}">?</text>`);
    }
    if (slot >= 40) out.push(`<text class="val" x="${num(x + w / 2)}" y="${num(y - 5)}">${esc(size)}</text>`);
    const showX = slot >= 26 || i % Math.ceil(26 / slot) === 0;
    if (showX) {
      out.push(`<text class="xl" x="${num(x + w / 2)}" y="${baseY + 15}">${esc(b.keyword === 'base' ? 'base' : b.line !== null ? `L${b.line}` : '')}</text>`);
      if (slot >= 26) out.push(`<text class="xk" x="${num(x + w / 2)}" y="${baseY + 30}">${esc(b.keyword === 'base' ? '' : b.keyword)}</text>`);
    }
    out.push(`</g>${open ? '</a>' : ''}`);
  });
  if (multiStage) {
    const y = height - 14;
    let start = 0;
    for (let i = 1; i <= n; i++) {
      if (i < n && bars[i].stage === bars[start].stage) continue;
      const x1 = left + start * slot + 3;
      const x2 = left + i * slot - 3;
      out.push(`<line class="stage-band" x1="${x1}" x2="${x2}" y1="${y - 10}" y2="${y - 10}"/><text class="band" x="${num((x1 + x2) / 2)}" y="${y + 2}">${esc(clip(stageLabel(bars[start].stage), Math.max(4, Math.floor((x2 - x1) / 6.5))))}</text>`);
      start = i;
    }
  }
  out.push('</svg>');
  return out.join('\n');
}

function layerSection(cost: CostJson, target: number): string {
  if (target < 0) return `<section id="layers" aria-labelledby="layers-h"><h2 id="layers-h">Layers</h2><p>No stage is built, so there are no layers to show.</p></section>`;
  const bars = chartBars(cost, target);
  const rows: string[] = [];
  let running = 0;
  let runningConf: CostConfidence = 'exact';
  for (const b of bars) {
    running += b.bytes;
    runningConf = lowest([runningConf, b.confidence]);
    const line = b.line !== null ? `<a href="#L${b.line}">${b.line}</a>` : '';
    const what = b.keyword === 'base' ? `base image <code>${esc(b.instruction)}</code>` : `<code>${esc(clip(b.instruction, 160))}</code>`;
    const why = b.reasons.length ? `<div class="why">${b.reasons.map(esc).join('<br>')}</div>` : '';
    rows.push(`<tr data-line="${b.line ?? ''}" class="c-row-${b.confidence}"><td class="num">${line}</td><td>${what}${why}</td><td>${esc(b.stage.name ?? String(b.stage.index))}</td><td class="num">${sizeSpan(b.bytes, b.confidence)}</td><td>${confBadge(b.confidence)}</td><td class="num">${b.wasted > 0 ? `<span class="wasted">${esc(humanBytes(b.wasted))}</span>` : ''}</td><td class="num">${sizeSpan(running, runningConf)}</td></tr>`);
  }
  const table = `<table class="layers"><caption>The chart as a table: base image and layers of the target, in build order</caption>
<thead><tr><th scope="col">Line</th><th scope="col">Instruction</th><th scope="col">Stage</th><th scope="col">Size</th><th scope="col">Confidence</th><th scope="col">Wasted</th><th scope="col">Image so far</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table>`;

  const lineLink = (l: number): string => `<a href="#L${l}">${l}</a>`;
  const waste = cost.waste.length
    ? `<h3 id="waste-h">Wasted bytes</h3><p>Files a layer adds that a later layer deletes, overwrites or copies up: they stay in the earlier layer and ship with the image.</p>
<table class="waste-table" aria-labelledby="waste-h"><thead><tr><th scope="col">Path</th><th scope="col">Size</th><th scope="col">Added on line</th><th scope="col">Hidden on line</th><th scope="col">Kind</th></tr></thead><tbody>${cost.waste
        .slice(0, MAX_ROWS)
        .map((w) => `<tr data-line="${w.removedLine}"><td><code>${esc(w.path)}</code></td><td class="num">${sizeSpan(w.bytes, w.confidence ?? 'exact')}</td><td class="num">${lineLink(w.addedLine)}</td><td class="num">${lineLink(w.removedLine)}</td><td>${esc(w.kind)}</td></tr>`)
        .join('\n')}</tbody></table>${cost.waste.length > MAX_ROWS ? `<p>… and ${cost.waste.length - MAX_ROWS} more.</p>` : ''}`
    : '<h3>Wasted bytes</h3><p>None predicted.</p>';
  const avoidable = cost.avoidable.length
    ? `<h3 id="avoid-h">Avoidable bytes</h3><p>Caches and build tools the image keeps but does not need to run.</p>
<table class="avoid-table" aria-labelledby="avoid-h"><thead><tr><th scope="col">Path</th><th scope="col">Size</th><th scope="col">Line</th><th scope="col">Kind</th></tr></thead><tbody>${cost.avoidable
        .slice(0, MAX_ROWS)
        .map((a) => `<tr data-line="${a.line}"><td><code>${esc(a.path)}</code></td><td class="num">${sizeSpan(a.bytes, a.confidence ?? 'exact')}</td><td class="num">${lineLink(a.line)}</td><td>${esc(a.kind)}</td></tr>`)
        .join('\n')}</tbody></table>${cost.avoidable.length > MAX_ROWS ? `<p>… and ${cost.avoidable.length - MAX_ROWS} more.</p>` : ''}`
    : '<h3>Avoidable bytes</h3><p>None predicted.</p>';
  const unknown = bars.filter((b) => b.confidence === 'unknown').length;
  return `<section id="layers" aria-labelledby="layers-h">
<h2 id="layers-h">Layers of the target image</h2>
<p>${plural(bars.length - 1, 'layer')} over the base image${unknown ? `; ${unknown} of the bars ${unknown === 1 ? 'has' : 'have'} a size that is not known before the build (hatched, <span class="size c-unknown">?</span>)` : ''}. Select a bar to go to its line.</p>
<div class="scroll">${layerChart(bars)}</div>
<p class="legend"><span class="key key-layer"></span> layer <span class="key key-estimated"></span> estimated <span class="key key-unknown"></span> size not known <span class="key key-waste"></span> wasted (hidden later) <span class="key key-base"></span> base image</p>
${table}
${waste}
${avoidable}
</section>`;
}

// ---------------------------------------------------------------------------------------------- findings

function findingSection(findings: readonly Finding[]): string {
  if (findings.length === 0) return `<section id="findings" aria-labelledby="findings-h"><h2 id="findings-h">Findings</h2><p>No findings.</p></section>`;
  const items = findings.map((f, i) => {
    const line = f.range.start.line;
    const names = `<code class="rule">${esc(f.rule)}</code>${f.aliases.length ? ` <span class="aliases">${esc(f.aliases.join(', '))}</span>` : ''}`;
    const hint = fixHint(f);
    return `<li id="F${i + 1}" class="finding sev-${f.severity}" data-line="${line}"><div class="fhead"><span class="sev sev-${f.severity}">${f.severity}</span> <a class="loc" href="#L${line}">line ${line}${f.range.start.column > 1 ? `, column ${f.range.start.column}` : ''}</a> ${names}</div><p class="msg">${esc(f.message)}</p>${hint ? `<div class="fix"><span class="fix-label">fix:</span> <pre>${esc(hint)}</pre></div>` : ''}</li>`;
  });
  return `<section id="findings" aria-labelledby="findings-h">
<h2 id="findings-h">Findings (${findings.length})</h2>
<ol class="findings">${items.join('\n')}</ol>
</section>`;
}

// ---------------------------------------------------------------------------------------------- source

function lastLine(ins: Instruction): number {
  const { start, end } = ins.range;
  return end.line > start.line && end.column === 1 ? end.line - 1 : end.line;
}

function sourceSection(model: DockerfileModel, cost: CostJson, findings: readonly Finding[], target: number): string {
  const chain = new Set(target >= 0 ? stageChain(cost, target).map((i) => cost.stages[i].index) : []);
  const layerAt = new Map<number, { stage: CostStage; layer: CostLayer }>();
  for (const st of cost.stages) for (const l of st.layers) if (!layerAt.has(l.line)) layerAt.set(l.line, { stage: st, layer: l });
  const startOf = new Map<number, Instruction>();
  const contOf = new Map<number, number>();
  for (const ins of model.instructions) {
    const s = ins.range.start.line;
    startOf.set(s, ins);
    for (let l = s + 1; l <= lastLine(ins); l++) contOf.set(l, s);
  }
  const commentLines = new Set(model.comments.map((c) => c.line));
  const findingsAt = new Map<number, number[]>();
  findings.forEach((f, i) => {
    const list = findingsAt.get(f.range.start.line) ?? [];
    list.push(i);
    findingsAt.set(f.range.start.line, list);
  });
  const rows: string[] = [];
  const count = model.lines.lineCount;
  // A trailing newline does not make a last, empty line worth showing.
  const shown = count > 1 && model.lines.lineText(count) === '' ? count - 1 : count;
  for (let line = 1; line <= shown; line++) {
    const text = model.lines.lineText(line);
    const ins = startOf.get(line);
    const cont = contOf.get(line);
    const cls = ['src-line'];
    let ann = '';
    let why = '';
    if (ins) {
      const hit = layerAt.get(line);
      const inChain = ins.stageIndex >= 0 && chain.has(ins.stageIndex);
      cls.push('ins', ins.createsLayer ? 'is-layer' : 'is-meta');
      if (!inChain) cls.push('off-target');
      if (ins.keyword === 'FROM') {
        const st = cost.stages.find((s) => s.index === ins.stageIndex);
        ann = st ? `<span class="kind kind-from">${esc(stageLabel(st))}</span> base ${sizeSpan(st.base.bytes, st.base.confidence)} ${confBadge(st.base.confidence)}` : '<span class="kind kind-from">stage</span>';
      } else if (hit && hit.layer.createsLayer) {
        const l = hit.layer;
        // Why a size is not known is said here, last on the line (cut to the column, whole in the tooltip and the layer
        // table), so an annotation never makes its row taller than the source line; why it is estimated is in the tooltip.
        const tip = l.reasons?.length && l.confidence !== 'unknown' ? ` title="${esc(l.reasons.join('; '))}"` : '';
        ann = `<span class="kind kind-layer"${tip}>layer</span> ${sizeSpan(l.bytes, l.confidence)} ${confBadge(l.confidence)}${l.wastedBytes > 0 ? ` <span class="wasted">${esc(humanBytes(l.wastedBytes))} wasted</span>` : ''}`;
        if (l.reasons?.length && l.confidence === 'unknown') why = ` <span class="why c-unknown" title="${esc(l.reasons.join('; '))}">${esc(l.reasons.join('; '))}</span>`;
      } else if (hit || !ins.createsLayer) ann = `<span class="kind kind-meta">metadata</span> <span class="muted">no layer</span>`;
      else ann = `<span class="kind kind-layer">layer</span> <span class="muted">not simulated</span>`;
      if (!inChain && ins.keyword === 'FROM') ann += ` <span class="muted">(not in the target image)</span>`;
    } else if (cont !== undefined) cls.push('cont');
    else if (commentLines.has(line)) cls.push('comment');
    const marks = (findingsAt.get(line) ?? []).map((i) => {
      const f = findings[i];
      return `<a class="mark sev-${f.severity}" href="#F${i + 1}" title="${esc(`${f.severity}: ${f.message}`)}">${esc(f.rule)}</a>`;
    });
    const dataLine = ins ? line : cont;
    rows.push(`<tr id="L${line}" class="${cls.join(' ')}"${dataLine !== undefined ? ` data-line="${dataLine}"` : ''}><td class="ln"><a href="#L${line}" aria-label="line ${line}">${line}</a></td><td class="code"><code>${esc(text) || ' '}</code></td><td class="ann">${ann}${marks.length ? ` <span class="marks">${marks.join(' ')}</span>` : ''}${why}</td></tr>`);
  }
  return `<section id="source" aria-labelledby="source-h">
<h2 id="source-h">Dockerfile</h2>
<p>Each instruction with what it adds: a layer and its predicted size, or metadata only. Lines of stages outside the target image are dimmed.</p>
<div class="scroll"><table class="src"><caption class="sr-only">Dockerfile source, one row per line, with the layer each instruction creates</caption>
<thead class="sr-only"><tr><th scope="col">Line</th><th scope="col">Text</th><th scope="col">Layer, size, findings</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table></div>
</section>`;
}

// ---------------------------------------------------------------------------------------------- CSS and JS

const CSS = `
:root{--bg:#fff;--fg:#1d2330;--muted:#5d6678;--border:#d5dae3;--card:#f5f7fa;--accent:#2f6fdf;--accent-2:#8fb3f5;--base:#9aa4b5;--waste:#c62828;--waste-bg:#fde7e7;--unknown:#7b4fc9;--unknown-bg:#efe8fb;--hl:#fff4c2;--target:#e7f0ff;--code:#f3f4f7;--err:#c62828;--warn:#a05a00;--info:#1565c0;--style:#5d6678;color-scheme:light dark}
@media (prefers-color-scheme:dark){:root{--bg:#14171d;--fg:#e3e7ee;--muted:#9aa3b3;--border:#343b48;--card:#1c2028;--accent:#5c93f0;--accent-2:#2d4f8c;--base:#5e6778;--waste:#ff6b6b;--waste-bg:#3a1d1f;--unknown:#b292f0;--unknown-bg:#2a2140;--hl:#3d3513;--target:#1b2a45;--code:#1b1f27;--err:#ff6b6b;--warn:#f0b35a;--info:#6aaef5;--style:#9aa3b3}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif}
main{max-width:1180px;margin:0 auto;padding:20px 24px 40px}
h1{font-size:1.5rem;margin:0 0 4px}h1 .file{font-family:ui-monospace,"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:1.05rem;color:var(--muted);word-break:break-all;margin-left:8px}
h2{font-size:1.2rem;margin:32px 0 8px;padding-bottom:4px;border-bottom:1px solid var(--border)}h3{font-size:1.02rem;margin:22px 0 6px}
a{color:var(--accent)}a:focus-visible,[tabindex]:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
code,pre{font-family:ui-monospace,"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:.86em}
.skip{position:absolute;left:-9999px}.skip:focus{left:8px;top:8px;background:var(--bg);padding:4px 8px;z-index:2}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.facts{color:var(--muted);margin:0 0 12px}
.cards{display:flex;flex-wrap:wrap;gap:10px;margin:0 0 12px}.card{background:var(--card);border:1px solid var(--border);border-radius:8px;padding:8px 12px;min-width:150px}
.card dt{font-size:.78rem;color:var(--muted)}.card dd{margin:2px 0 0;font-size:1.05rem;font-weight:600}.card.main-card dd{font-size:1.3rem}.card.bad dd .size{color:var(--waste)}
nav a{margin-right:14px}
.scroll{overflow-x:auto;max-width:100%}
.conf{font-size:.7rem;font-weight:500;border-radius:8px;padding:0 6px;border:1px solid var(--border);color:var(--muted);vertical-align:1px}.conf.c-estimated{border-color:var(--accent-2)}.conf.c-unknown{border-color:var(--unknown);color:var(--unknown);background:var(--unknown-bg)}
.size.c-unknown{color:var(--unknown);font-weight:600}
.sev{font-size:.74rem;font-weight:600;text-transform:uppercase;letter-spacing:.03em}.sev-error{color:var(--err)}.sev-warning{color:var(--warn)}.sev-info{color:var(--info)}.sev-style{color:var(--style)}
.legend{font-size:.85rem;color:var(--muted)}.key{display:inline-block;width:22px;height:10px;margin:0 4px 0 12px;vertical-align:middle;border-radius:2px}
.key-from{border-top:2px solid var(--fg);height:2px}.key-copy{border-top:2px dashed var(--accent);height:2px}.key-mount{border-top:2px dotted var(--unknown);height:2px}
.key-layer{background:var(--accent)}.key-estimated{background:var(--accent-2)}.key-base{background:var(--base)}.key-unknown{background:repeating-linear-gradient(45deg,var(--unknown) 0 2px,var(--unknown-bg) 2px 6px)}.key-waste{background:repeating-linear-gradient(-45deg,var(--waste) 0 2px,var(--waste-bg) 2px 5px)}
svg text{fill:var(--fg);font-family:system-ui,"DejaVu Sans",sans-serif}
.graph .node rect{fill:var(--card);stroke:var(--border);stroke-width:1.5}.graph .stage-node.target rect{fill:var(--target);stroke:var(--accent);stroke-width:2.5}.graph .stage-node.unused{opacity:.55}.graph .stage-node.unused rect{stroke-dasharray:5 4}
.graph .image-node rect{fill:var(--bg);stroke:var(--muted);stroke-dasharray:3 3}.graph .image-node text{font-size:12px;fill:var(--muted)}
.graph .n1{font-size:13px;font-weight:700}.graph .n2{font-size:12px;font-family:ui-monospace,"DejaVu Sans Mono",monospace}.graph .n3{font-size:11.5px;fill:var(--muted)}.graph .badge{font-size:10.5px;font-weight:700;fill:var(--accent);text-transform:uppercase}
.edge{fill:none;stroke:var(--fg);stroke-width:1.6}.edge-copy{stroke:var(--accent);stroke-dasharray:6 4}.edge-mount{stroke:var(--unknown);stroke-dasharray:2 3}.arrow-head{fill:var(--muted)}
.graph .node-link:hover rect,.graph .hl rect{stroke:var(--warn);stroke-width:2.5}
.graph-list{font-size:.88rem;color:var(--muted);margin-top:4px}
.chart .grid{stroke:var(--border);stroke-width:1}.chart .tick{font-size:11px;text-anchor:end;fill:var(--muted)}
.chart .bar{fill:var(--accent)}.chart .bar.estimated{fill:var(--accent-2);stroke:var(--accent);stroke-width:1;stroke-dasharray:3 2}.chart .bar.base{fill:var(--base)}.chart .bar.empty{fill:var(--muted)}
.chart .bar.unknown{fill:url(#ll-hatch);stroke:var(--unknown);stroke-width:1.5;stroke-dasharray:4 3}.hatch-bg{fill:var(--unknown-bg)}.hatch-line{stroke:var(--unknown);stroke-width:2.5}.waste-bg{fill:var(--waste-bg)}.waste-line{stroke:var(--waste);stroke-width:2}
.chart .waste{fill:url(#ll-waste);stroke:var(--waste);stroke-width:1}.chart .qbg{fill:var(--bg);stroke:var(--unknown);stroke-width:1}.chart .q{font-size:17px;font-weight:800;text-anchor:middle;fill:var(--unknown)}
.chart .val{font-size:10.5px;text-anchor:middle;fill:var(--muted)}.chart .xl{font-size:11px;text-anchor:middle}.chart .xk{font-size:9.5px;text-anchor:middle;fill:var(--muted)}
.chart .stage-band{stroke:var(--muted);stroke-width:1.5}.chart .band{font-size:11px;text-anchor:middle;fill:var(--muted)}
.chart .bar-group:hover .bar,.chart .bar-group.hl .bar{stroke:var(--warn);stroke-width:2.5;stroke-dasharray:none}
table{border-collapse:collapse;font-size:.88rem;margin:8px 0}th,td{border-bottom:1px solid var(--border);padding:3px 8px;text-align:left;vertical-align:top}
caption{text-align:left;color:var(--muted);font-size:.82rem;padding-bottom:4px}td.num{text-align:right;white-space:nowrap}
.why{font-size:.78rem;color:var(--muted)}.c-row-unknown .why,.why.c-unknown{color:var(--unknown)}.wasted{color:var(--waste);font-weight:600}
tr.hl,li.hl{background:var(--hl)}
.findings{padding-left:1.4em}.finding{margin:0 0 10px;padding:6px 10px;border-left:4px solid var(--border);background:var(--card);border-radius:0 6px 6px 0}
.finding.sev-error{border-left-color:var(--err)}.finding.sev-warning{border-left-color:var(--warn)}.finding.sev-info{border-left-color:var(--info)}.finding.sev-style{border-left-color:var(--style)}
.finding .msg{margin:2px 0;color:var(--fg)}.finding .rule{color:var(--muted)}.finding .aliases{font-size:.8rem;color:var(--muted)}.finding:target{outline:2px solid var(--accent)}
.fix{font-size:.86rem;color:var(--muted);display:flex;gap:6px}.fix pre{margin:0;white-space:pre-wrap;overflow-wrap:anywhere}.fix-label{font-weight:600;color:var(--fg)}
table.src{width:100%;font-size:.84rem;border:1px solid var(--border)}table.src td{border:0;padding:0 8px}
.src .ln{width:1%;text-align:right;background:var(--code);user-select:none}.src .ln a{color:var(--muted);text-decoration:none}
.src .code{background:var(--code);width:55%}.src .code code{white-space:pre-wrap;overflow-wrap:anywhere;tab-size:4;font-size:1em}
.src .ann{font-size:.8rem;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;max-width:0;padding-left:10px}.src .comment code{color:var(--muted)}.src .off-target{opacity:.6}
.src tr{scroll-margin-top:40vh}.src tr:target{background:var(--hl);outline:2px solid var(--warn)}.src tr:target td{background:transparent}
.kind{font-weight:700;font-size:.72rem;text-transform:uppercase;margin-right:4px}.kind-layer{color:var(--accent)}.kind-meta{color:var(--muted)}.kind-from{color:var(--fg)}
.src .why{margin-left:4px}.muted{color:var(--muted)}
.mark{font-size:.72rem;border-radius:8px;padding:0 6px;text-decoration:none;border:1px solid currentColor;margin-left:2px}.mark.sev-error{color:var(--err)}.mark.sev-warning{color:var(--warn)}.mark.sev-info{color:var(--info)}.mark.sev-style{color:var(--style)}
footer{margin-top:36px;font-size:.82rem;color:var(--muted);border-top:1px solid var(--border)}
@media print{.skip,nav{display:none}.scroll{overflow:visible}}
`;

/** Enhancements only: hover highlighting across chart, tables and source; focus on the line a link jumps to. */
const JS = `
(function () {
  'use strict';
  var lit = [];
  function mark(line) {
    for (var i = 0; i < lit.length; i++) lit[i].classList.remove('hl');
    lit = [];
    if (!line || !/^[0-9]+$/.test(line)) return;
    var els = document.querySelectorAll('[data-line="' + line + '"]');
    for (var j = 0; j < els.length; j++) { els[j].classList.add('hl'); lit.push(els[j]); }
  }
  function from(ev) {
    var t = ev.target && ev.target.closest ? ev.target.closest('[data-line]') : null;
    mark(t ? t.getAttribute('data-line') : null);
  }
  document.addEventListener('mouseover', from);
  document.addEventListener('focusin', from);
  function focusTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    if (!id) return;
    var el = document.getElementById(id);
    if (!el) return;
    if (!el.hasAttribute('tabindex')) el.setAttribute('tabindex', '-1');
    el.focus({ preventScroll: true });
    el.scrollIntoView({ block: 'center' });
  }
  window.addEventListener('hashchange', focusTarget);
  if (location.hash) focusTarget();
})();
`;
