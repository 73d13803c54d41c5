import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { parseCostJson, CostJsonError, type CostJson } from '../../src/format/cost-types';
import { esc, formatSize, renderCostHtml } from '../../src/format/html';
import { hostileFindings, hostileInput, MULTI_COST, MULTI_DOCKERFILE, PAYLOAD, readCost, renderFixture, renderReport, SEED_COST, SEED_DOCKERFILE, type Rendered } from './report-helpers';

function all(re: RegExp, text: string): RegExpExecArray[] {
  return [...text.matchAll(new RegExp(re.source, re.flags.includes('g') ? re.flags : re.flags + 'g'))];
}

/** Opening tags of one element name, with their attribute text. */
function tags(html: string, name: string): string[] {
  return all(new RegExp(`<${name}\\b[^>]*>`, 'g'), html).map((m) => m[0]);
}

function attr(tag: string, name: string): string | null {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return m ? m[1] : null;
}

describe('HTML cost report (renderer)', () => {
  let multi: Rendered;
  before(async () => {
    multi = await renderFixture(MULTI_DOCKERFILE, MULTI_COST);
  });

  it('the hand-written fixtures follow the cost JSON contract and add up', () => {
    for (const file of [MULTI_COST, SEED_COST]) {
      const cost = readCost(file);
      assert.ok(cost.image);
      const target = cost.stages.find((s) => s.name === cost.target || s.index === cost.target);
      assert.ok(target, `${file}: target stage`);
      const added = target.layers.filter((l) => l.createsLayer).reduce((s, l) => s + l.bytes, 0);
      assert.equal(cost.image.addedBytes, added, `${file}: added bytes are the sum of the target's layers`);
      assert.equal(cost.image.totalBytes, cost.image.baseBytes + cost.image.addedBytes, `${file}: total = base + added`);
      assert.equal(cost.image.wastedBytes, cost.waste.reduce((s, w) => s + w.bytes, 0), `${file}: wasted is the sum of the waste list`);
      assert.equal(cost.image.avoidableBytes, cost.avoidable.reduce((s, a) => s + a.bytes, 0), `${file}: avoidable is the sum of its list`);
      const src = fs.readFileSync(file === MULTI_COST ? MULTI_DOCKERFILE : SEED_DOCKERFILE, 'utf8').split('\n');
      for (const st of cost.stages) for (const l of st.layers) assert.ok(src[l.line - 1].startsWith(l.instruction.split(' ')[0]), `${file}: line ${l.line} holds ${l.instruction}`);
    }
  });

  it('is one self-contained page: no external resource, a CSP that forbids requests, hashes that match', () => {
    const { html } = multi;
    assert.match(html, /^<!DOCTYPE html>/);
    for (const name of ['script', 'link', 'img', 'iframe', 'object', 'embed', 'audio', 'video', 'source', 'form', 'base']) {
      for (const t of tags(html, name)) {
        assert.equal(attr(t, 'src'), null, `${t} loads nothing`);
        const href = attr(t, 'href');
        if (href !== null) assert.equal(href, 'data:,', `${t} points nowhere`);
      }
    }
    assert.equal(tags(html, 'script').length, 1);
    assert.equal(tags(html, 'img').length, 0);
    // Every link stays on the page.
    for (const t of [...tags(html, 'a')]) assert.match(attr(t, 'href') ?? '#', /^#[A-Za-z][\w-]*$/, t);
    assert.doesNotMatch(html, /@import|url\((?!#ll-)|@font-face/);
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html);
    assert.ok(csp, 'has a CSP');
    const policy = csp[1].replace(/&#39;/g, "'");
    assert.match(policy, /default-src 'none'/);
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
    const sha = (s: string): string => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`;
    assert.ok(policy.includes(`style-src ${sha(style)}`), 'style hash matches');
    assert.ok(policy.includes(`script-src ${sha(script)}`), 'script hash matches');
  });

  it('has the sections with headings, and a line anchor for every line of the Dockerfile', () => {
    const { html, source } = multi;
    for (const id of ['stages', 'layers', 'findings', 'source']) assert.match(html, new RegExp(`<section id="${id}" aria-labelledby="${id}-h">\\s*<h2 id="${id}-h">`));
    const lines = source.split('\n').length - 1;
    const ids = all(/<tr id="L(\d+)"/g, html).map((m) => Number(m[1]));
    assert.deepEqual(ids, Array.from({ length: lines }, (_, i) => i + 1));
    // Every in-page link has its target.
    const targets = new Set(all(/\sid="([^"]+)"/g, html).map((m) => m[1]));
    for (const m of all(/\shref="#([^"]+)"/g, html)) assert.ok(targets.has(m[1]), `#${m[1]} exists`);
  });

  it('annotates each instruction: layer or metadata, size and confidence', () => {
    const { html } = multi;
    const row = (line: number): string => new RegExp(`<tr id="L${line}"[^>]*>([\\s\\S]*?)</tr>`).exec(html)?.[1] ?? '';
    assert.match(row(17), /kind-layer"[^>]*>layer<\/span> <span class="size c-estimated"[^>]*>~268\u00a0MB<\/span> <span class="conf c-estimated">estimated<\/span>/);
    assert.match(row(21), /layer<\/span> <span class="size c-exact"[^>]*>24.1\u00a0MB<\/span>.*24.1\u00a0MB wasted/);
    assert.match(row(18), /layer<\/span> <span class="size c-unknown"[^>]*>\?<\/span> <span class="conf c-unknown">unknown<\/span>/);
    assert.match(row(24), /96.0\u00a0MB\+\?/);
    assert.match(row(25), /kind-meta">metadata/);
    assert.match(row(16), /stage 3 · runtime<\/span> base <span class="size c-estimated"[^>]*>~74.8\u00a0MB/);
    assert.match(row(23), /^<td class="ln">/);
    assert.match(/<tr id="L23"[^>]*>/.exec(html)?.[0] ?? '', /class="src-line cont" data-line="22"/, 'a continuation line belongs to its instruction');
    assert.match(row(3), /not in the target image/);
    assert.match(/<tr id="L4"[^>]*>/.exec(html)?.[0] ?? '', /off-target/, 'lines of stages outside the target are dimmed');
  });

  it('draws one bar per layer of the target over the base, unknown layers hatched and marked ?', () => {
    const { html, cost } = multi;
    const runtime = cost.stages[3];
    const bars = tags(html, 'rect').filter((t) => /class="bar\b/.test(t));
    const layers = runtime.layers.filter((l) => l.createsLayer);
    assert.equal(bars.length, layers.length + 1);
    assert.deepEqual(bars.slice(1).map((b) => Number(attr(b, 'data-line'))), layers.map((l) => l.line));
    assert.equal(attr(bars[0], 'data-bytes'), String(runtime.base.bytes));
    for (const [i, l] of layers.entries()) {
      const b = bars[i + 1];
      assert.equal(attr(b, 'data-confidence'), l.confidence);
      if (l.confidence === 'unknown') {
        assert.match(attr(b, 'class') ?? '', /\bunknown\b/);
        assert.equal(attr(b, 'fill'), 'url(#ll-hatch)');
        assert.ok(Number(attr(b, 'height')) >= 36, 'an unknown layer is never drawn as zero');
      }
    }
    assert.equal(all(/<text class="q"[^>]*>\?<\/text>/g, html).length, layers.filter((l) => l.confidence === 'unknown').length);
    // Waste is drawn on the layers that carry it.
    const waste = tags(html, 'rect').filter((t) => t.includes('class="waste"'));
    assert.equal(waste.length, layers.filter((l) => l.wastedBytes > 0).length);
    // The accessible alternative: a table with the same rows.
    const table = /<table class="layers">([\s\S]*?)<\/table>/.exec(html)?.[1] ?? '';
    assert.match(table, /<caption>/);
    assert.equal(all(/<tr data-line=/g, table).length, layers.length + 1);
    assert.match(html, /<svg class="chart" role="img" aria-labelledby="chart-t chart-d"/);
  });

  it('bar heights are proportional to the known bytes', () => {
    const bars = tags(multi.html, 'rect').filter((t) => /class="bar\b/.test(t) && attr(t, 'data-confidence') !== 'unknown');
    const scale = bars.map((b) => Number(attr(b, 'height')) / Number(attr(b, 'data-bytes')));
    for (const s of scale) assert.ok(Math.abs(s - scale[0]) / scale[0] < 0.01, `same px per byte (${s} vs ${scale[0]})`);
  });

  it('draws the stage graph from the model: FROM and COPY --from edges, the target, unused stages, images', () => {
    const { html } = multi;
    const graph = /<svg class="graph"[\s\S]*?<\/svg>/.exec(html)?.[0] ?? '';
    assert.equal(all(/class="edge edge-from"/g, graph).length, 2, 'build FROM deps, test FROM build');
    assert.equal(all(/class="edge edge-copy"/g, graph).length, 2, 'runtime copies from build (two lines, one edge) and from an image');
    assert.match(graph, /runtime copies from stage 1 · build \(line 18, 19\)/);
    assert.match(graph, /class="node stage-node target"[^>]*>.*stage 3 · runtime/);
    assert.match(graph, /class="node stage-node unused"[^>]*><title>stage 2 · test/);
    assert.match(graph, /image node:20-bookworm/);
    assert.equal(all(/class="node stage-node/g, graph).length, 4);
    assert.match(html, /<ul class="graph-list">[\s\S]*copies from image <code>node:20-bookworm<\/code> \(<a href="#L20">line 20<\/a>\)/);
  });

  it('lists the findings with links to their lines and the fix hints', () => {
    const { html, findings } = multi;
    assert.ok(findings.length > 0);
    const items = all(/<li id="F(\d+)" class="finding sev-(\w+)" data-line="(\d+)">([\s\S]*?)<\/li>/g, html);
    assert.equal(items.length, findings.length);
    const sorted = [...findings].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.column - b.range.start.column);
    for (const [i, m] of items.entries()) {
      const f = sorted[i];
      assert.equal(m[2], f.severity);
      assert.ok(m[4].includes(`href="#L${f.range.start.line}"`), 'links to its line');
      assert.ok(m[4].includes(esc(f.message)), 'shows the message');
      assert.ok(m[4].includes(`<code class="rule">${f.rule}</code>`));
      assert.ok(html.includes(`href="#F${i + 1}"`), 'the source line links back to the finding');
    }
    assert.match(html, /<div class="fix"><span class="fix-label">fix:<\/span> <pre>run with --fix/);
  });

  it('never prints an unknown size as a precise number', () => {
    assert.equal(formatSize(0, 'unknown'), '?');
    assert.equal(formatSize(1_500_000, 'unknown'), '1.50\u00a0MB+?');
    assert.equal(formatSize(1_500_000, 'estimated'), '~1.50\u00a0MB');
    assert.equal(formatSize(999, 'exact'), '999\u00a0B');
    const { html } = multi;
    for (const m of all(/<span class="size c-unknown"[^>]*>([^<]*)<\/span>/g, html)) assert.match(m[1], /\?$/);
  });

  it('escapes a hostile Dockerfile, cost JSON and findings: no markup, attribute or script gets through', async () => {
    const { source, cost, fileName } = hostileInput();
    const r = await renderReport(source, cost, fileName);
    const html = renderCostHtml({ cost, findings: hostileFindings(r.findings), source, fileName });
    assert.equal(tags(html, 'img').length, 0);
    assert.equal(all(/<script/g, html).length, 1);
    assert.equal(all(/<\/script/g, html).length, 1);
    assert.equal(tags(html, 'svg').filter((t) => /onload/.test(t)).length, 0);
    // Attribute values are quoted and hold no raw quote or angle bracket, so a tag is `<name (attr="…")*>`.
    for (const m of all(/<[a-zA-Z][^>]*>/g, html)) {
      const bare = m[0].replace(/="[^"<>]*"/g, '');
      assert.doesNotMatch(bare, /\son\w+/i, `no event-handler attribute: ${m[0].slice(0, 200)}`);
      assert.doesNotMatch(bare, /[='"]/, `only quoted attribute values: ${m[0].slice(0, 200)}`);
    }
    assert.ok(html.includes(esc(PAYLOAD)), 'the payload is shown as text');
    // The title and every place the file name goes are escaped too.
    assert.match(html, /<title>layerlint cost report — evil&lt;\/script&gt;&lt;img/);
  });

  it('builds the model itself when not given one, and is deterministic', async () => {
    const source = fs.readFileSync(MULTI_DOCKERFILE, 'utf8');
    const cost = readCost(MULTI_COST);
    const a = renderCostHtml({ cost, findings: [], source, fileName: 'Dockerfile' });
    const b = renderCostHtml({ cost, findings: [], source, fileName: 'Dockerfile' });
    assert.equal(a, b);
    assert.match(a, /class="edge edge-copy"/);
    assert.match(a, /<h2 id="findings-h">Findings<\/h2><p>No findings.<\/p>/);
  });

  it('stacks the parent stages of a target built FROM another stage, with stage bands', async () => {
    const { source, cost } = hostileInput();
    const html = renderCostHtml({ cost, findings: [], source, fileName: 'x' });
    const bars = tags(html, 'rect').filter((t) => /class="bar\b/.test(t));
    assert.deepEqual(bars.map((b) => attr(b, 'data-line')), ['2', '4', '6', '7'], 'base (FROM line of the root stage), then base layers, then final layers');
    assert.equal(all(/<line class="stage-band"/g, html).length, 2);
  });

  it('renders a Dockerfile without stages and a report without a target', () => {
    const cost: CostJson = { version: 1, file: 'x', target: null, stages: [], image: null, waste: [], avoidable: [] };
    const html = renderCostHtml({ cost, findings: [], source: '# nothing\n', fileName: 'x' });
    assert.match(html, /there is no stage/);
    assert.match(html, /No stage is built/);
    assert.match(html, /<tr id="L1" class="src-line comment">/);
  });

  it('parseCostJson accepts the contract and names the field it rejects', () => {
    const good = JSON.parse(fs.readFileSync(MULTI_COST, 'utf8')) as Record<string, unknown>;
    assert.equal(parseCostJson(good).stages.length, 4);
    const bad = (mut: (o: Record<string, unknown>) => void, msg: RegExp): void => {
      const o = JSON.parse(JSON.stringify(good)) as Record<string, unknown>;
      mut(o);
      assert.throws(() => parseCostJson(o), (e: unknown) => e instanceof CostJsonError && msg.test(e.message));
    };
    bad((o) => (o.version = 2), /version 2 is not supported/);
    bad((o) => ((o.stages as { layers: { confidence: string }[] }[])[0].layers[1].confidence = 'guess'), /stages\[0\]\.layers\[1\]\.confidence/);
    bad((o) => ((o.stages as { base: { bytes: number } }[])[1].base.bytes = -1), /stages\[1\]\.base\.bytes/);
    bad((o) => ((o.waste as { kind: string }[])[0].kind = 'other'), /waste\[0\]\.kind/);
    bad((o) => (o.image = 'big'), /image: expected an object/);
  });
});
