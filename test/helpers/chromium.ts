import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** Debian's Chromium (package `chromium`); Playwright never downloads a browser here. */
export const CHROMIUM_PATH = process.env.LAYERLINT_CHROMIUM || '/usr/bin/chromium';

/** The flags the project runs Chromium with: headless, no sandbox (root in CI), and nothing that phones home. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** In a mocha hook: skip when Chromium is not installed, or fail when CI is set (CI installs it). */
export function requireChromium(ctx: Mocha.Context): void {
  if (fs.existsSync(CHROMIUM_PATH)) return;
  const msg = `${CHROMIUM_PATH} not found (Debian package chromium: apt-get install chromium)`;
  if (process.env.CI) throw new Error(`${msg}, and CI is set: the browser tests must run in CI`);
  console.log(`      (skipped: ${msg})`);
  ctx.skip();
}

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Starts Chromium with a fresh profile folder (removed on close). */
export async function launchChromium(opts: { width?: number; height?: number } = {}): Promise<Browser> {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerlint-chromium-'));
  try {
    const context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: opts.width ?? 1200, height: opts.height ?? 900 },
      timeout: 60_000,
    });
    return {
      context,
      close: async () => {
        await context.close();
        fs.rmSync(userDataDir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    fs.rmSync(userDataDir, { recursive: true, force: true });
    throw err;
  }
}

/**
 * The few DOM types the in-page callbacks use: the project compiles without the DOM library, so a callback run by
 * `page.evaluate` starts with `const w = globalThis as unknown as PageWindow`.
 */
export interface DomRect {
  top: number;
  bottom: number;
  height: number;
}

export interface DomElement {
  id: string;
  textContent: string | null;
  innerText: string;
  attributes: Iterable<{ name: string }>;
  getAttribute(name: string): string | null;
  getBoundingClientRect(): DomRect;
  closest(selector: string): DomElement | null;
  querySelectorAll(selector: string): Iterable<DomElement> & { length: number };
}

export interface PageWindow {
  document: {
    title: string;
    body: DomElement;
    activeElement: DomElement | null;
    querySelector(selector: string): DomElement | null;
    querySelectorAll(selector: string): Iterable<DomElement> & { length: number };
  };
  location: { hash: string };
  innerHeight: number;
  getComputedStyle(e: DomElement): { fill: string; backgroundColor: string };
  __pwned?: number;
}
