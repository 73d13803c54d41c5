import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { renderCostHtml } from '../../src/format/html';
import { launchChromium, requireChromium, type Browser, type DomElement, type PageWindow } from '../helpers/chromium';
import { repoRoot } from '../helpers/shared';
import { hostileFindings, hostileInput, MULTI_COST, MULTI_DOCKERFILE, PAYLOAD, renderFixture, renderReport, type Rendered } from './report-helpers';

const OUT = path.join(repoRoot, 'test-output');

interface Observed {
  page: Page;
  requests: string[];
  errors: string[];
}

interface BarBox {
  line: string;
  bytes: number;
  confidence: string;
  cls: string;
  fill: string;
  top: number;
  bottom: number;
  height: number;
  question: boolean;
}

/** A new page that records every request and every console error or page error. */
async function open(browser: Browser, url: string, setup?: (page: Page) => Promise<void>): Promise<Observed> {
  const page = await browser.context.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  page.on('dialog', (d) => {
    errors.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  if (setup) await setup(page);
  await page.goto(url, { waitUntil: 'load' });
  return { page, requests, errors };
}

async function barBoxes(page: Page): Promise<BarBox[]> {
  return page.$$eval('svg.chart rect.bar', (els) =>
    (els as unknown as DomElement[]).map((e) => {
      const w = globalThis as unknown as PageWindow;
      const r = e.getBoundingClientRect();
      const group = e.closest('g');
      return {
        line: e.getAttribute('data-line') ?? '',
        bytes: Number(e.getAttribute('data-bytes')),
        confidence: e.getAttribute('data-confidence') ?? '',
        cls: e.getAttribute('class') ?? '',
        fill: w.getComputedStyle(e).fill,
        top: r.top,
        bottom: r.bottom,
        height: r.height,
        question: !!group && [...group.querySelectorAll('text.q')].some((t) => t.textContent === '?'),
      };
    }),
  );
}

describe('HTML cost report in Chromium', function () {
  this.timeout(120_000);
  let browser: Browser | null = null;
  let multi: Rendered;
  let multiUrl: string;
  let hostileUrl: string;
  let started = 0;
  let launchMs = 0;

  before(async function () {
    started = Date.now();
    requireChromium(this);
    fs.mkdirSync(OUT, { recursive: true });
    multi = await renderFixture(MULTI_DOCKERFILE, MULTI_COST);
    const multiFile = path.join(OUT, 'report-multi-stage.html');
    fs.writeFileSync(multiFile, multi.html);
    multiUrl = pathToFileURL(multiFile).href;
    const h = hostileInput();
    const r = await renderReport(h.source, h.cost, h.fileName);
    const hostileFile = path.join(OUT, 'report-hostile.html');
    fs.writeFileSync(hostileFile, renderCostHtml({ cost: h.cost, findings: hostileFindings(r.findings), source: h.source, fileName: h.fileName }));
    hostileUrl = pathToFileURL(hostileFile).href;
    const t = Date.now();
    browser = await launchChromium();
    launchMs = Date.now() - t;
  });

  after(async () => {
    if (browser) {
      await browser.close();
      console.log(`      (Chromium start ${launchMs} ms; browser suite ${Date.now() - started} ms in all; screenshots in test-output/)`);
    }
  });

  it('loads from a file:// URL with no console error and no request but the file itself', async () => {
    assert.ok(browser);
    const { page, requests, errors } = await open(browser, multiUrl, async (p) => {
      // Anything other than the report itself is refused (and recorded above).
      await p.route('**/*', (route) => (route.request().url() === multiUrl ? route.continue() : route.abort()));
    });
    await page.hover('svg.chart rect.bar[data-line="17"]');
    await page.click('#findings a.loc');
    await page.waitForTimeout(100);
    assert.deepEqual(errors, []);
    assert.deepEqual(requests, [multiUrl]);
    await page.screenshot({ path: path.join(OUT, 'report-multi-stage.png'), fullPage: true });
    await page.close();
  });

  it('draws one bar per layer, stacked over the base, heights proportional to the bytes', async () => {
    assert.ok(browser);
    const { page } = await open(browser, multiUrl);
    const bars = await barBoxes(page);
    const runtime = multi.cost.stages.find((s) => s.name === multi.cost.target);
    assert.ok(runtime);
    const layers = runtime.layers.filter((l) => l.createsLayer);
    assert.equal(bars.length, layers.length + 1, 'the base and one bar per layer');
    assert.deepEqual(bars.map((b) => b.line).slice(1), layers.map((l) => String(l.line)));
    // Pixels per byte, from the tallest known bar; every known bar must match it within a pixel and a half.
    const known = bars.filter((b) => b.confidence !== 'unknown');
    const tallest = known.reduce((a, b) => (b.bytes > a.bytes ? b : a));
    const k = tallest.height / tallest.bytes;
    assert.ok(tallest.height > 50, `the tallest bar is drawn large (${tallest.height}px)`);
    for (const b of known) if (b.bytes * k >= 3) assert.ok(Math.abs(b.height - b.bytes * k) <= 1.5, `line ${b.line}: ${b.height}px for ${b.bytes} bytes (expected ${(b.bytes * k).toFixed(1)}px)`);
    // Each bar starts where the known bytes before it end: the base at the baseline, the rest above it.
    const baseline = bars[0].bottom;
    let below = 0;
    for (const [i, b] of bars.entries()) {
      assert.ok(Math.abs(b.bottom - (baseline - below * k)) <= 1.5, `bar ${i} (line ${b.line}) sits on the ${below} bytes below it`);
      below += b.bytes;
    }
    // Waste sits on the layers that carry it, at their top.
    const waste = await page.$$eval('svg.chart rect.waste', (els) => (els as unknown as DomElement[]).map((e) => ({ line: e.closest('g')?.getAttribute('data-line') ?? '', top: e.getBoundingClientRect().top, height: e.getBoundingClientRect().height })));
    assert.deepEqual(waste.map((w) => w.line), layers.filter((l) => l.wastedBytes > 0).map((l) => String(l.line)));
    for (const w of waste) {
      const bar = bars.find((b) => b.line === w.line);
      assert.ok(bar && Math.abs(bar.top - w.top) <= 0.5 && w.height <= bar.height + 0.5);
    }
    await page.close();
  });

  it('marks unknown layers: hatched, labelled ?, never drawn as zero', async () => {
    assert.ok(browser);
    const { page } = await open(browser, multiUrl);
    const bars = await barBoxes(page);
    const unknown = bars.filter((b) => b.confidence === 'unknown');
    assert.deepEqual(unknown.map((b) => b.line), ['18', '24']);
    for (const b of unknown) {
      assert.match(b.fill, /url\("?#ll-hatch"?\)/, `line ${b.line} is hatched`);
      assert.ok(b.question, `line ${b.line} is labelled ?`);
      assert.ok(b.height >= 30, `line ${b.line} is visible (${b.height}px), though its known size is ${b.bytes}`);
    }
    for (const b of bars.filter((x) => x.confidence !== 'unknown')) {
      assert.doesNotMatch(b.fill, /hatch/);
      assert.ok(!b.question);
    }
    // The table says it in words.
    const cell = await page.locator('table.layers tr[data-line="18"] td').nth(3).innerText();
    assert.equal(cell.trim(), '?');
    await page.close();
  });

  it('a finding links to its line: the row becomes the target, is visible and has the focus', async () => {
    assert.ok(browser);
    const { page, errors } = await open(browser, multiUrl);
    const link = page.locator('#findings a.loc').last();
    const href = await link.getAttribute('href');
    assert.match(href ?? '', /^#L\d+$/);
    await link.click();
    await page.waitForFunction((h) => (globalThis as unknown as PageWindow).location.hash === h, href);
    // The focus moves in the page's hashchange handler, which may run after the hash is seen: wait for it (bounded),
    // then assert below; a script that never moves the focus still fails.
    await page
      .waitForFunction((h) => `#${(globalThis as unknown as PageWindow).document.activeElement?.id ?? ''}` === h, href, { timeout: 10_000 })
      .catch(() => undefined);
    const state = await page.evaluate(() => {
      const w = globalThis as unknown as PageWindow;
      const t = w.document.querySelector(':target');
      const r = t?.getBoundingClientRect();
      return { target: t?.id ?? null, active: w.document.activeElement?.id ?? null, top: r?.top ?? -1, bottom: r?.bottom ?? -1, vh: w.innerHeight, bg: t ? w.getComputedStyle(t).backgroundColor : '' };
    });
    assert.equal(`#${state.target}`, href);
    assert.equal(`#${state.active}`, href, 'the script moves the focus to the line');
    assert.ok(state.top >= 0 && state.bottom <= state.vh, `the line is in view (${state.top}..${state.bottom} of ${state.vh})`);
    assert.notEqual(state.bg, 'rgba(0, 0, 0, 0)', 'the line is highlighted');
    // Hovering a bar highlights its source line (the script's enhancement).
    await page.hover('svg.chart g.bar-group[data-line="21"] rect.bar');
    assert.ok(await page.locator('#L21.hl').count(), 'hovered bar lights its line');
    // Selecting a bar jumps to its line too.
    await page.click('svg.chart g.bar-group[data-line="22"] rect.bar');
    await page.waitForFunction(() => (globalThis as unknown as PageWindow).location.hash === '#L22');
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('reads without JavaScript: chart, tables and line links are all in the HTML', async () => {
    assert.ok(browser);
    const { page, errors } = await open(browser, multiUrl + '#L24', async (p) => {
      const cdp = await browser!.context.newCDPSession(p);
      await cdp.send('Emulation.setScriptExecutionDisabled', { value: true });
    });
    const bars = await barBoxes(page);
    assert.equal(bars.length, 8);
    assert.ok(bars.every((b) => b.height >= 1));
    const state = await page.evaluate(() => {
      const w = globalThis as unknown as PageWindow;
      const t = w.document.querySelector(':target');
      const r = t?.getBoundingClientRect();
      return { target: t?.id, top: r?.top ?? -1, bottom: r?.bottom ?? -1, vh: w.innerHeight, rows: w.document.querySelectorAll('table.layers tbody tr').length };
    });
    assert.equal(state.target, 'L24');
    assert.ok(state.top >= 0 && state.bottom <= state.vh, 'the anchor scrolls the line into view');
    assert.equal(state.rows, 8);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('follows the dark colour scheme', async () => {
    assert.ok(browser);
    const { page } = await open(browser, multiUrl, (p) => p.emulateMedia({ colorScheme: 'dark' }));
    const bg = await page.evaluate(() => {
      const w = globalThis as unknown as PageWindow;
      return w.getComputedStyle(w.document.body).backgroundColor;
    });
    const [r, g, b] = (bg.match(/\d+/g) ?? ['255', '255', '255']).map(Number);
    assert.ok(r + g + b < 150, `dark background (${bg})`);
    await page.screenshot({ path: path.join(OUT, 'report-multi-stage-dark.png'), fullPage: true });
    await page.close();
  });

  it('a hostile Dockerfile runs nothing: no script, no handler, no image, the text shown as text', async () => {
    assert.ok(browser);
    const { page, requests, errors } = await open(browser, hostileUrl);
    await page.hover('svg.chart rect.bar[data-line="6"]');
    await page.click('#findings a.loc >> nth=0');
    const state = await page.evaluate(() => {
      const w = globalThis as unknown as PageWindow;
      return {
        pwned: w.__pwned ?? null,
        imgs: w.document.querySelectorAll('img').length,
        scripts: w.document.querySelectorAll('script').length,
        handlers: [...w.document.querySelectorAll('*')].filter((e) => [...e.attributes].some((a) => /^on/i.test(a.name))).length,
        text: w.document.body.innerText,
        title: w.document.title,
      };
    });
    assert.equal(state.pwned, null);
    assert.equal(state.imgs, 0);
    assert.equal(state.scripts, 1);
    assert.equal(state.handlers, 0);
    assert.ok(state.text.includes(PAYLOAD), 'the payload is on the page as text');
    assert.ok(state.title.includes(PAYLOAD));
    assert.deepEqual(errors, []);
    assert.deepEqual(requests, [hostileUrl]);
    await page.screenshot({ path: path.join(OUT, 'report-hostile.png'), fullPage: true });
    await page.close();
  });
});
