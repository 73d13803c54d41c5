/**
 * `layerlint image --format html`: the image report as one self-contained page (the cost report's stylesheet and
 * Content-Security-Policy, no script), with the predicted-vs-actual comparison when --dockerfile was given. Every text
 * from the image (history, paths) and the Dockerfile is escaped.
 */
import { groupedBytes, humanBytes, percent } from '../image/units';
import type { ImageReport } from '../image/types';
import type { ComparedTotal, Comparison, ComparisonRow } from '../simulate/compare';
import { esc, htmlDocument } from './html';
import { predictedText, signedBytes, signedPercent, type ComparisonSource } from './image-compare';

export interface ImageHtmlInput {
  report: ImageReport;
  /** The IMAGE argument, as given. */
  imageName: string;
  comparison?: { comparison: Comparison; source: ComparisonSource };
  /** Wasted paths listed (largest first); default 100. */
  maxPaths?: number;
}

function bytesCell(n: number): string {
  return `<td class="num" title="${groupedBytes(n)} bytes">${esc(humanBytes(n))}</td>`;
}

function card(label: string, value: string, bad = false): string {
  return `<div class="card${bad ? ' bad' : ''}"><dt>${esc(label)}</dt><dd>${value}</dd></div>`;
}

function header(input: ImageHtmlInput): string {
  const r = input.report;
  const layers = r.layers.filter((l) => !l.emptyLayer).length;
  const cards = [
    card('Image (content bytes)', `<span class="size">${esc(humanBytes(r.totalBytes))}</span>`),
    card('Wasted (hidden copies)', `<span class="size">${esc(humanBytes(r.wastedBytes))}</span>`, r.wastedBytes > 0),
    card('dive: wasted', `<span class="size">${esc(humanBytes(r.dive.wastedBytes))}</span>`, r.dive.wastedBytes > 0),
    card('dive: efficiency', esc(percent(r.dive.efficiency))),
  ];
  const c = input.comparison?.comparison;
  if (c) {
    cards.push(card('Predicted', `<span class="size c-${c.total.confidence}">${esc(predictedText(c.total.predictedBytes, c.total.confidence))}</span>`));
    cards.push(card('Alignment', `${esc(c.status)} <span class="muted">${c.matched.instructions}/${c.matched.ofInstructions}</span>`, c.status !== 'aligned'));
  }
  const nav = [c ? '<a href="#comparison">Predicted vs. actual</a>' : '', '<a href="#layers">Layers</a>', '<a href="#wasted">Wasted paths</a>'].filter(Boolean).join(' ');
  return `<header>
<h1>Image report <span class="file">${esc(input.imageName)}</span></h1>
<p class="facts">${r.layers.length} history entries · ${layers} layers</p>
<dl class="cards">${cards.join('')}</dl>
<nav aria-label="Sections">${nav}</nav>
</header>`;
}

function rowLabel(r: ComparisonRow): string {
  const hist = (t: string | null): string => `<code>${esc(t || '(no history)')}</code>`;
  const noLayer = r.emptyLayer ? ' <span class="muted">(no layer)</span>' : '';
  switch (r.kind) {
    case 'base':
      return `<span class="kind kind-from">base</span> ${hist(r.createdBy)}${noLayer}`;
    case 'extra':
      return `<span class="kind kind-meta">not in the Dockerfile</span> ${hist(r.createdBy)}${noLayer}`;
    case 'missing':
      return `<code>${esc(r.instruction ?? '')}</code> <span class="why c-unknown">no entry in the image</span>`;
    default:
      return `<code>${esc(r.instruction ?? '')}</code>${noLayer}${r.keywordMismatch ? ` <span class="why c-unknown">history: ${hist(r.createdBy)}</span>` : ''}`;
  }
}

function totalRow(label: string, t: ComparedTotal): string {
  return `<tr><th scope="row">${esc(label)}</th><td class="num"><span class="size c-${t.confidence}" title="${groupedBytes(t.predictedBytes)} bytes">${esc(predictedText(t.predictedBytes, t.confidence))}</span></td>${bytesCell(t.actualBytes)}<td class="num" title="${groupedBytes(t.errorBytes)} bytes">${esc(signedBytes(t.errorBytes))}</td><td class="num">${esc(signedPercent(t.relativeError))}</td></tr>`;
}

function comparisonSection(c: Comparison, source: ComparisonSource): string {
  const rows = c.rows.map((r) => {
    const predicted = r.predictedBytes === null || r.confidence === null ? '<td></td>' : `<td class="num"><span class="size c-${r.confidence}" title="${groupedBytes(r.predictedBytes)} bytes">${esc(predictedText(r.predictedBytes, r.confidence))}</span></td>`;
    const actual = r.actualBytes === null ? '<td></td>' : bytesCell(r.actualBytes);
    const error = r.errorBytes === null ? '<td></td>' : `<td class="num" title="${groupedBytes(r.errorBytes)} bytes">${esc(signedBytes(r.errorBytes))}</td>`;
    const rel = r.kind === 'instruction' ? `<td class="num">${esc(signedPercent(r.relativeError))}</td>` : '<td></td>';
    return `<tr class="k-${r.kind}"><td class="num">${r.historyIndex ?? '–'}</td><td class="num">${r.line ?? '–'}</td>${predicted}${actual}${error}${rel}<td>${rowLabel(r)}</td></tr>`;
  });
  const problems = c.problems.length ? `<ul>${c.problems.map((p) => `<li>${esc(p)}</li>`).join('')}</ul>` : '';
  const m = c.matched;
  return `<section id="comparison" aria-labelledby="comparison-h">
<h2 id="comparison-h">Predicted vs. actual</h2>
<p>Predicted from <code>${esc(source.dockerfile)}</code> (${source.context === null ? 'no build context: COPY and ADD sizes are not known' : `context <code>${esc(source.context)}</code>`}, ${esc(source.builder)}). Alignment: <strong>${esc(c.status)}</strong>: ${m.instructions} of ${m.ofInstructions} instructions and ${m.layers} of ${m.ofLayers} layers above the base lined up.</p>
${problems}<div class="scroll"><table>
<caption>One row per history entry (base image first); error = predicted − actual, in content bytes</caption>
<thead><tr><th scope="col">#</th><th scope="col">Line</th><th scope="col">Predicted</th><th scope="col">Actual</th><th scope="col">Error</th><th scope="col">Rel.</th><th scope="col">Instruction / history</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table></div>
<table>
<caption>Totals (the base image's size is an estimate unless it is scratch)</caption>
<thead><tr><th></th><th scope="col">Predicted</th><th scope="col">Actual</th><th scope="col">Error</th><th scope="col">Rel.</th></tr></thead>
<tbody>
${totalRow(`Base (${c.baseImage || '?'})`, c.base)}
${totalRow('Added', c.added)}
${totalRow('Image', c.total)}
${c.wasted ? totalRow('Wasted', c.wasted) : ''}
</tbody></table>
</section>`;
}

function layerSection(r: ImageReport): string {
  const rows = r.layers.map((l) =>
    l.emptyLayer
      ? `<tr class="muted"><td class="num">${l.index}</td><td class="num">–</td><td class="num">–</td><td class="num">–</td><td><code>${esc(l.createdBy || '(no history)')}</code> (no layer)</td></tr>`
      : `<tr><td class="num">${l.index}</td>${bytesCell(l.bytes)}<td class="num">${l.files}</td><td class="num">${l.whiteouts}</td><td><code>${esc(l.createdBy || '(no history)')}</code></td></tr>`,
  );
  return `<section id="layers" aria-labelledby="layers-h">
<h2 id="layers-h">Layers</h2>
<div class="scroll"><table>
<caption>The image's history, oldest first; sizes are content bytes (file sizes, no tar headers or compression)</caption>
<thead><tr><th scope="col">#</th><th scope="col">Size</th><th scope="col">Files</th><th scope="col">Whiteouts</th><th scope="col">Created by</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table></div>
</section>`;
}

function wastedSection(r: ImageReport, max: number): string {
  const shown = r.wastedPaths.slice(0, max);
  const more = r.wastedPaths.length - shown.length;
  const dive = `dive counts every copy of a path seen in two or more layers: ${esc(groupedBytes(r.dive.wastedBytes))} bytes, efficiency ${esc(percent(r.dive.efficiency))}${r.dive.wastedUserPercent === null ? '' : `, ${esc(percent(r.dive.wastedUserPercent))} of the bytes above the first layer`}.`;
  const table = shown.length
    ? `<div class="scroll"><table>
<caption>Largest first (entries by #)</caption>
<thead><tr><th scope="col">Size</th><th scope="col">Added in</th><th scope="col">Hidden by</th><th scope="col">Path</th></tr></thead>
<tbody>
${shown.map((w) => `<tr>${bytesCell(w.bytes)}<td class="num">${w.addedIn}</td><td class="num">${w.removedOrReplacedIn}</td><td><code>${esc(w.path)}</code></td></tr>`).join('\n')}
</tbody></table></div>${more > 0 ? `\n<p class="muted">… and ${more} more.</p>` : ''}`
    : '<p>No copy is hidden: every byte of every layer is visible in the final image.</p>';
  return `<section id="wasted" aria-labelledby="wasted-h">
<h2 id="wasted-h">Wasted paths</h2>
<p>${esc(groupedBytes(r.wastedBytes))} bytes in copies the final image cannot see (deleted or replaced by a later layer). ${dive}</p>
${table}
</section>`;
}

export function renderImageHtml(input: ImageHtmlInput): string {
  const c = input.comparison;
  const body = [
    header(input),
    c ? comparisonSection(c.comparison, c.source) : '',
    layerSection(input.report),
    wastedSection(input.report, input.maxPaths ?? 100),
    '<footer><p>Generated by layerlint (<code>layerlint image</code>). Sizes are content bytes, in binary units (KiB, MiB); hover a size for the exact count. <span class="size c-estimated">~</span> marks an estimate, <span class="size c-unknown">+?</span> a size of which only part is known.</p></footer>',
  ]
    .filter(Boolean)
    .join('\n');
  return htmlDocument({ title: `layerlint image report — ${input.imageName}`, body, skip: { href: '#layers', label: 'Skip to the layers' }, script: false });
}
