// SPA page views with `autoPage`, in real Chromium and without a router: one `page` per real URL
// change, with the previous URL as referrer.
import { describe, expect, it } from 'vitest';
import { openEnginePage as openPage } from '../../support/engines';
import { serveLibrary } from '../snippet/helpers';
import { engineBrowser as browser, server, useEngineEnv } from '../../support/env';

const PAGE = '/test/browser/spa/pages/spa.html';

useEngineEnv((server) => serveLibrary(server));

describe('autoPage', () => {
  it('sends one page per URL change (pushState, replaceState to a new path, popstate, hashchange) with the previous URL as referrer', async () => {
    const ctx = await browser.newContext();
    const { page, log } = await openPage(ctx, `${server.origin}${PAGE}?q=1`);
    const o = server.origin;
    const pages = () => server.events().filter((e) => e.type === 'page');
    // Wait until the plugin has patched history (it loads lazily), then for its initial page.
    await page.waitForFunction(() => !/native code/.test(String(history.pushState)));
    await page.evaluate(() => (window as any).encore.flush());
    await server.waitForEvents(1, (e) => e.type === 'page');

    /** Navigates, then flushes until the collector has `total` pages (the page call waits a task for the title). */
    const nav = async (fn: () => unknown, total: number) => {
      await page.evaluate(fn);
      await expect.poll(async () => (await page.evaluate(() => (window as any).encore.flush()), pages().length), { timeout: 15_000 }).toBe(total);
    };
    await nav(() => {
      history.pushState({}, '', '/shop/running');
      document.title = 'Running';
    }, 2);
    await nav(() => history.pushState({}, '', '/shop/running'), 2); // same URL: no page
    await nav(() => history.replaceState({ s: 1 }, '', '/shop/running?sort=price'), 2); // same path: no page
    await nav(() => history.replaceState({}, '', '/shop/trail'), 3); // new path: page
    await nav(() => {
      location.hash = 'reviews'; // popstate + hashchange, one URL change
    }, 4);
    await nav(
      () =>
        new Promise((r) => {
          addEventListener('popstate', r, { once: true });
          history.back();
        }),
      5,
    );

    const got = pages().map((e) => [e.context.page.url.replace(o, ''), e.context.page.referrer.replace(o, '')]);
    expect(got).toEqual([
      [`${PAGE}?q=1`, ''],
      ['/shop/running', `${PAGE}?q=1`],
      ['/shop/trail', '/shop/running?sort=price'],
      ['/shop/trail#reviews', '/shop/trail'],
      ['/shop/trail', '/shop/trail#reviews'],
    ]);
    expect(pages()[1].context.page.title).toBe('Running');
    expect(pages()[1].properties.referrer).toBe(`${o}${PAGE}?q=1`);
    // Timestamps follow navigation order.
    const ts = pages().map((e) => Date.parse(e.timestamp));
    expect([...ts].sort((a, b) => a - b)).toEqual(ts);

    // shutdown removes the patch.
    await page.evaluate(() => (window as any).encore.shutdown());
    expect(await page.evaluate(() => /native code/.test(String(history.pushState)))).toBe(true);
    expect(log.errors).toEqual([]);
    await ctx.close();
  });
});
