// The SPA example (bundled from `encore-sdk` like an app) in real Chromium: one page view per route
// change with the previous URL as referrer, commerce events from routes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, openPage } from '../../support/browser';
import { startServer, type TestServer } from '../../support/server';
// @ts-expect-error plain ESM build script of the example
import { buildSpa } from '../../../examples/spa/build.mjs';

let browser: Browser;
let server: TestServer;
const BASE = '/examples/spa/';

beforeAll(async () => {
  [browser, server] = await Promise.all([launchBrowser(), startServer(), buildSpa()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('examples/spa', () => {
  it('routes without reloads; autoPage sends one page per URL change with the right referrer', async () => {
    const ctx = await browser.newContext();
    const { page, log } = await openPage(ctx, `${server.origin}${BASE}`);
    const o = server.origin;
    const flush = () => page.evaluate(() => (window as any).encoreApp.flush());
    const pages = () => [...server.uniqueEvents().values()].filter((e) => e.type === 'page');
    await page.waitForFunction(() => !/native code/.test(String(history.pushState))); // plugin loaded
    await flush();
    await server.waitForEvents(1, (e) => e.type === 'page');

    await page.click('a[href="/examples/spa/products/SKU-RUN-SHOES"]');
    await page.waitForSelector('#add');
    await page.click('#add');
    await page.click('#reviews-link'); // hash navigation: popstate + hashchange, one page
    await page.click('a[href="/examples/spa/cart"]');
    await page.waitForSelector('text=Cart');
    await page.goBack(); // popstate
    await page.waitForFunction(() => location.hash === '#reviews');
    // The last page call waits a task for the title: flush until it has gone out.
    await expect.poll(async () => (await flush(), pages().length), { timeout: 15_000 }).toBe(5);
    await server.waitForEvents(1, (e) => e.event === 'Cart Viewed');

    const P = `${BASE}products/SKU-RUN-SHOES`;
    expect(pages().map((e) => [e.context.page.url.replace(o, ''), e.context.page.referrer.replace(o, '')])).toEqual([
      [BASE, ''],
      [P, BASE],
      [`${P}#reviews`, P],
      [`${BASE}cart`, `${P}#reviews`],
      [`${P}#reviews`, `${BASE}cart`],
    ]);
    expect(pages()[1].context.page.title).toBe('Road running shoes · SPA shop');
    const tracks = [...server.uniqueEvents().values()].filter((e) => e.type === 'track').map((e) => e.event);
    for (const n of ['Product Viewed', 'Product Added', 'Cart Viewed']) expect(tracks).toContain(n);
    // Routing never reloaded the document.
    expect(await page.evaluate(() => performance.getEntriesByType('navigation').length)).toBe(1);
    expect(log.errors).toEqual([]);
    await ctx.close();
  });
});
