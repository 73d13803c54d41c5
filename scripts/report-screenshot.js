#!/usr/bin/env node
'use strict';
/**
 * Regenerates docs/report-seed.png: the HTML cost report of the seed example (fixtures/examples/seed) as Chromium
 * shows it. The page is the real output of `layerlint cost --format html --context fixtures/examples/seed
 * fixtures/examples/seed/Dockerfile` (kept in test-output/report-seed.html), and the caption in docs/html-report.md
 * says so. Needs a build (`npm run build`) and Debian's chromium (/usr/bin/chromium, or LAYERLINT_CHROMIUM); the
 * PNG is stored with a 256-colour palette (upng-js). Usage: npm run docs:screenshot
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { pathToFileURL } = require('node:url');

const root = path.resolve(__dirname, '..');
const CHROMIUM = process.env.LAYERLINT_CHROMIUM || '/usr/bin/chromium';
// The same flags as test/helpers/chromium.ts: headless, and nothing that reaches the network.
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const DOCKERFILE = 'fixtures/examples/seed/Dockerfile';
const CONTEXT = 'fixtures/examples/seed';
const PNG = path.join(root, 'docs', 'report-seed.png');
const DOC = path.join(root, 'docs', 'html-report.md');
const MAX_BYTES = 200 * 1024;

function fail(msg) {
  console.error(`report-screenshot: ${msg}`);
  process.exit(1);
}

/** Writes the report with the CLI, exactly as a user would, and returns the command line for the caption. */
function writeReport(htmlFile) {
  const args = ['cost', '--format', 'html', '--context', CONTEXT, '-o', path.relative(root, htmlFile), DOCKERFILE];
  const r = spawnSync(process.execPath, [path.join(root, 'bin', 'layerlint.js'), ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  if (r.status !== 0) fail(`layerlint ${args.join(' ')} failed (${r.status}): ${r.stderr.trim()}`);
  return `layerlint cost --format html --context ${CONTEXT} ${DOCKERFILE}`;
}

async function main() {
  if (!fs.existsSync(path.join(root, 'dist', 'src', 'cli', 'main.js'))) fail('no build: run npm run build first');
  if (!fs.existsSync(CHROMIUM)) fail(`${CHROMIUM} not found (Debian package chromium)`);
  const { chromium } = require('playwright-core');
  const UPNG = require('upng-js');

  const outDir = path.join(root, 'test-output');
  fs.mkdirSync(outDir, { recursive: true });
  const htmlFile = path.join(outDir, 'report-seed.html');
  const command = writeReport(htmlFile);

  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerlint-chromium-'));
  try {
    const context = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1000, height: 800 }, colorScheme: 'light' });
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      const outside = [];
      page.on('request', (r) => {
        if (!r.url().startsWith('file:')) outside.push(r.url());
      });
      await page.goto(pathToFileURL(htmlFile).href, { waitUntil: 'load' });
      const shot = await page.screenshot({ fullPage: true });
      // A 256-colour palette keeps the committed picture small; text and bars look the same.
      const img = UPNG.decode(shot);
      fs.writeFileSync(PNG, Buffer.from(UPNG.encode(UPNG.toRGBA8(img), img.width, img.height, 256)));
      if (outside.length) fail(`the report asked for ${outside.join(', ')}`);
    } finally {
      await context.close();
    }
  } finally {
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
  const size = fs.statSync(PNG).size;
  if (size > MAX_BYTES) fail(`${path.relative(root, PNG)} is ${size} bytes, over ${MAX_BYTES}`);

  // The caption says where the numbers came from.
  const doc = fs.readFileSync(DOC, 'utf8');
  const caption = `<!-- caption:start (written by scripts/report-screenshot.js) -->\n*The report of the seed example: the output of \`${command}\`.*\n<!-- caption:end -->`;
  const next = doc.replace(/<!-- caption:start[\s\S]*?<!-- caption:end -->/, caption);
  if (next === doc && !doc.includes(caption)) fail(`${path.relative(root, DOC)} has no caption markers`);
  fs.writeFileSync(DOC, next);
  console.log(`wrote ${path.relative(root, PNG)} (${size} bytes) from \`${command}\`; the page is ${path.relative(root, htmlFile)}`);
}

main().catch((err) => fail(err && err.stack ? err.stack : String(err)));
