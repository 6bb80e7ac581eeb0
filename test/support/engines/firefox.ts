/**
 * Firefox ESR from Debian, driven by puppeteer-core over WebDriver BiDi with the local binary
 * (nothing is downloaded). Each context is a Firefox user context with its own storage.
 */
import puppeteer, { type Browser as PBrowser, type BrowserContext as PContext, type Page as PPage } from 'puppeteer-core';
import { existsSync } from 'node:fs';
import { pollUntil, type Browser, type Context, type LaunchOptions, type Page } from './types';

export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

export async function launchFirefox(opts: LaunchOptions = {}): Promise<Browser> {
  if (!existsSync(FIREFOX_PATH)) throw new Error(`Firefox ESR not found at ${FIREFOX_PATH} (apt-get install firefox-esr, or set FIREFOX_PATH)`);
  const browser: PBrowser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX_PATH,
    headless: true,
    protocol: 'webDriverBiDi',
    // media.autoplay.default: 0 allows autoplay; 5 blocks it without a gesture (1, audible only, let the autoplay attribute play).
    extraPrefsFirefox: { 'media.autoplay.default': opts.autoplayBlocked ? 5 : 0, 'media.autoplay.blocking_policy': 0 },
  });
  return {
    newContext: async () => wrapContext(await browser.createBrowserContext()),
    newPage: async () => wrapPage(await browser.newPage()),
    close: () => browser.close(),
  };
}

function wrapContext(ctx: PContext): Context {
  return { newPage: async () => wrapPage(await ctx.newPage()), close: () => ctx.close() };
}

export function wrapPage(page: PPage): Page & { raw: PPage } {
  return {
    raw: page,
    goto: (url) => page.goto(url),
    evaluate: (fn, arg) => page.evaluate(fn as any, arg) as any,
    waitForFunction: (fn, arg, opts) =>
      pollUntil(() => page.evaluate(fn as any, arg), opts?.timeout ?? 30_000, `page function ${fn.name || 'anonymous'}`),
    waitForURL: (url, opts) => pollUntil(async () => url.test(page.url()), opts?.timeout ?? 30_000, `URL ${url}`),
    click: (selector) => page.click(selector),
    keyboard: { press: (key) => page.keyboard.press(key as any) },
    mouse: { move: (x, y) => page.mouse.move(x, y) },
    reload: () => page.reload(),
    close: (opts) => page.close({ runBeforeUnload: opts?.runBeforeUnload ?? false }),
  };
}
