import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { openPage } from '../../support/browser';
import { ROOT } from '../../support/server';
import { browser, inShadow, server, state, useGalleryEnv, waitForGrid } from './support';

// The built files: dist/gallery.js as an app imports it, with the real script-tag SDK (dist/encore.iife.js)
// sending to the recording collector. Needs `npm run build` first.

useGalleryEnv();

const built = existsSync(`${ROOT}/dist/gallery.js`) && existsSync(`${ROOT}/dist/encore.iife.js`);

describe.skipIf(!built)('gallery with the real SDK (built files)', () => {
  it('tracks gallery events and plays through the video tracker, and follows identify/reset', async () => {
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    await context.addCookies([{ name: 'customer', value: 'buyer', url: server.origin }]);
    const chunks: string[] = [];
    context.on('request', (r) => {
      if (r.url().includes('/dist/chunks/player-')) chunks.push(r.url());
    });
    const { page, log } = await openPage(context, `${server.origin}/test/browser/gallery/pages/tracked.html?encore=real&dist`);
    await waitForGrid(page);
    const flush = () => page.evaluate(() => (window as any).encore.flush());

    await flush();
    const named = (name: string) => (e: any) => e.event === name;
    const [viewed] = await server.waitForEvents(1, named('Gallery Viewed'));
    expect(viewed.properties).toMatchObject({ gallery_id: 'members-running', item_count: 4, locked_count: 2 });
    const announced = await server.waitForEvents(2, named('Exclusive Content Available'));
    expect(announced.map((e) => e.properties.item_id).sort()).toEqual(['drop-01', 'intro']);
    await server.waitForEvents(2, named('Gallery Item Locked Viewed'));
    // The page hears new content through the SDK's notifications too.
    const notified = await page.evaluate(() => (window as any).__calls.notified);
    expect(notified.map((n: any) => n.item_id).sort()).toEqual(['drop-01', 'intro']);

    // The player code is a lazy chunk: not loaded until someone plays.
    expect(chunks).toEqual([]);
    // Play the purchase-unlocked how-to, then close: one view summary with the item's category and products.
    await inShadow(page, `(root) => root.querySelectorAll('.open')[1].click()`);
    await page.waitForFunction(() => (document.querySelector('#gallery')!.shadowRoot!.querySelector('video')?.currentTime ?? 0) > 0.5, undefined, { timeout: 20_000 });
    expect(chunks).toHaveLength(1);
    await page.keyboard.press('Escape');
    await flush();
    const [summary] = await server.waitForEvents(1, (e) => e.event === 'Video View Summary' && e.properties.video_id === 'howto-01', 20_000);
    expect(summary.properties).toMatchObject({ video_id: 'howto-01', title: 'Lacing for long runs', category: 'running', product_ids: ['SKU9'] });

    // Upgrade to gold: the SDK's identity notification makes the gallery ask the server again.
    const before = state.manifestRequests.length;
    await page.evaluate(() => {
      document.cookie = 'customer=gold; path=/';
      (window as any).encore.identify('user-gold');
    });
    await page.waitForFunction(() => document.querySelector('#gallery')!.shadowRoot!.querySelectorAll('.card.locked').length === 1);
    // identify() again for the same user (new traits) is not a new identity: no re-fetch.
    await page.evaluate(() => (window as any).encore.identify('user-gold', { plan: 'annual' }));
    await page.waitForTimeout(300); // proving an absence: give a wrong re-fetch time to arrive
    expect(state.manifestRequests.length).toBe(before + 1);
    // Logging out.
    await page.evaluate(() => {
      document.cookie = 'customer=; max-age=0; path=/';
      (window as any).encore.reset();
    });
    await page.waitForFunction(() => document.querySelector('#gallery')!.shadowRoot!.querySelectorAll('.card.locked').length === 3);
    expect(state.manifestRequests.length).toBe(before + 2);
    expect(log.errors).toEqual([]);
    await context.close();
  });

  it('reports gallery problems through encore.on("error")', async () => {
    state.invalidItems = true;
    const context = await browser.newContext();
    const { page } = await openPage(context, `${server.origin}/test/browser/gallery/pages/tracked.html?encore=real&dist`);
    await waitForGrid(page);
    const errors = (await page.evaluate(() => (window as any).__calls.sdkErrors)) as string[];
    expect(errors.filter((e) => /^gallery: items\[\d\] skipped/.test(e))).toHaveLength(2);
    state.invalidItems = false;
    await context.close();
  });

  it('measures hls.js playback through the encore-sdk/hls adapter', async () => {
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    await context.addCookies([{ name: 'customer', value: 'gold', url: server.origin }]);
    const { page, log } = await openPage(context, `${server.origin}/test/browser/gallery/pages/tracked.html?encore=real&dist&hlsjs&loadHls`);
    await waitForGrid(page);
    await inShadow(page, `(root) => root.querySelectorAll('.open')[1].click()`); // bts-01, HLS
    await page.waitForFunction(() => (document.querySelector('#gallery')!.shadowRoot!.querySelector('video')?.currentTime ?? 0) > 1, undefined, { timeout: 20_000 });
    await page.keyboard.press('Escape');
    await page.evaluate(() => (window as any).encore.flush());
    const [summary] = await server.waitForEvents(1, (e) => e.event === 'Video View Summary' && e.properties.video_id === 'bts-01', 20_000);
    expect(summary.properties).toMatchObject({ video_id: 'bts-01', category: 'running', product_ids: ['SKU9'], player: 'hls.js' });
    expect(summary.properties.avg_bitrate_kbps).toBeGreaterThan(0);
    expect(log.errors).toEqual([]);
    await context.close();
  });
});
