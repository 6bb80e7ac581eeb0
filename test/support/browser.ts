/**
 * Real Chromium for the browser tests, driven by playwright-core with the system binary.
 */
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { Page as EnginePage } from './engines/types';
// @ts-expect-error plain ESM helper shared with scripts/
import { ensureChromium, CHROMIUM_ARGS } from '../../scripts/chromium.mjs';

/** Launches headless Chromium; a flag in `extraArgs` replaces a default flag of the same name (Chromium takes the first). */
export async function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  const executablePath: string = ensureChromium({ log: () => {} });
  const name = (a: string) => a.split('=')[0];
  const overridden = new Set(extraArgs.map(name));
  const args = [...(CHROMIUM_ARGS as string[]).filter((a) => !overridden.has(name(a))), ...extraArgs];
  return chromium.launch({ executablePath, headless: true, args });
}

export interface PageLog {
  errors: string[];
  console: string[];
}

/** Opens a page that records console messages and uncaught page errors. */
export async function openPage(target: Browser | BrowserContext, url?: string): Promise<{ page: Page; log: PageLog }> {
  const page = await target.newPage();
  const log: PageLog = { errors: [], console: [] };
  page.on('console', (m) => log.console.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => log.errors.push(String(e)));
  if (url) await page.goto(url);
  return { page, log };
}

/**
 * Makes the document report hidden and fires visibilitychange, as a tab switch does (any engine).
 * Headless browsers keep every page visible, so this is the closest in-page equivalent; tests of real
 * closing use `page.close({ runBeforeUnload: true })`, which fires pagehide and visibilitychange.
 */
export async function hidePage(page: Page | EnginePage): Promise<void> {
  await (page as EnginePage).evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
    document.dispatchEvent(new Event('visibilitychange'));
  });
}
