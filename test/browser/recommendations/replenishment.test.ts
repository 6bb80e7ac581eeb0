/**
 * Purchase history, replenishment and consent with the real client (dist/encore.iife.js), its
 * IndexedDB state and the recording collector: a toothbrush bought 80 days ago with a 90-day head
 * life brings a reminder and exactly one `Replenishment Due` across return visits; without
 * personalization consent the ranking is non-personal and nothing is stored.
 */
import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { openPage } from '../../support/browser';
import { CATALOG, PAGE } from './fixtures';
import { browser, server, useBrowserEnv } from '../../support/env';

const DAY = 86_400_000;

useBrowserEnv((server) => server.route('/api/catalog', () => ({ status: 200, body: CATALOG })));

async function visit(context: BrowserContext, personalization = true): Promise<Page> {
  const { page } = await openPage(context, `${server.origin}${PAGE}/recs.html`);
  await page.waitForFunction(() => (window as any).pageReady);
  await page.evaluate((personalization) => {
    const w = window as any;
    const { enc } = w.realEncore('granted');
    if (!personalization) enc.consent({ personalization: false });
    w.dueNotices = [];
    enc.on('replenishment-due', (p: unknown) => w.dueNotices.push(p));
  }, personalization);
  return page;
}

const renderReturnVisit = (page: Page) =>
  page.evaluate(async () => {
    const w = window as any;
    const h = w.recs.renderRecommendations(document.querySelector('#recs'), { catalog: '/api/catalog', history: w.history_, placement: 'return-visit' });
    await h.ready;
    return w.reasons('#recs') as any[];
  });


describe('purchase history and replenishment', () => {
  it('toothbrush bought 80 days ago, 90-day head life: reminder and exactly one Replenishment Due', async () => {
    const context = await browser.newContext();
    const first = await visit(context);
    const boughtAt = Date.now() - 80 * DAY;
    await first.evaluate(async (at) => {
      const w = window as any;
      await w.recs.recordPurchase({ order_id: 'o-1', products: [{ product_id: 'brush', sku: 'TB-1', category: 'oral-care' }] }, { history: w.history_, at });
    }, boughtAt);
    await first.close();

    // Return visit: the reminder renders and automation hears about it once.
    const second = await visit(context);
    const items = await renderReturnVisit(second);
    expect(items[0]).toMatchObject({ name: 'Brush heads', reason: 'replenishment', label: 'Time to replace your Brush heads' });
    expect(await second.evaluate(() => (window as any).shadowText('#recs'))).toContain('Due ');
    const [due] = await server.waitForEvents(1, (e) => e.event === 'Replenishment Due');
    expect(due!.properties).toMatchObject({
      product_id: 'brush',
      sku: 'TB-1',
      last_purchased_at: new Date(boughtAt).toISOString(),
      due_at: new Date(boughtAt + 90 * DAY).toISOString(),
    });
    expect(await second.evaluate(() => (window as any).dueNotices.length)).toBe(1);
    await second.close();

    // Another visit in the same cycle: reminder again, no second event.
    const third = await visit(context);
    expect((await renderReturnVisit(third))[0].reason).toBe('replenishment');
    expect(await third.evaluate(() => (window as any).dueNotices.length)).toBe(0);
    await third.evaluate(() => (window as any).enc.track('Probe'));
    await server.waitForEvents(1, (e) => e.event === 'Probe');
    await third.evaluate(() => (window as any).enc.flush());
    expect([...server.uniqueEvents().values()].filter((e) => e.event === 'Replenishment Due')).toHaveLength(1);
    await context.close();
  });

  it('Order Completed on the confirmation page feeds the post-purchase placement and the history', async () => {
    const context = await browser.newContext();
    const page = await visit(context);
    const items = await page.evaluate(async () => {
      const w = window as any;
      w.enc.track('Order Completed', { order_id: 'o-2', total: 5000, currency: 'JPY', products: [{ product_id: 'knife', sku: 'KN-1', category: 'knives' }] });
      const h = w.recs.renderRecommendations(document.querySelector('#recs'), { catalog: '/api/catalog', history: w.history_ });
      await h.ready;
      return w.reasons('#recs');
    });
    expect(items.slice(0, 2).map((i: any) => i.reason)).toEqual(['accessory', 'how-to']);
    await expect.poll(() => page.evaluate(() => (window as any).history_.list().then((l: any[]) => l.map((p) => p.product_id)))).toEqual(['knife']);
    await context.close();
  });

  it('without personalization consent: non-personal ranking, no reminder, nothing stored', async () => {
    const context = await browser.newContext();
    const page = await visit(context, false);
    await page.evaluate(async () => {
      const w = window as any;
      w.enc.track('Order Completed', { order_id: 'o-3', products: [{ product_id: 'brush', sku: 'TB-1' }] });
      await w.recs.recordPurchase({ products: [{ product_id: 'brush' }] }, { history: w.history_, at: Date.now() - 80 * 86_400_000 });
      await w.recs.recordPurchase({ products: [{ product_id: 'brush' }] }, { at: Date.now() - 80 * 86_400_000 }); // localStorage default, no consent given
    });
    await server.waitForEvents(1, (e) => e.event === 'Order Completed' && e.properties.order_id === 'o-3');
    await page.close();

    const back = await visit(context, false);
    const items = await renderReturnVisit(back);
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((i: any) => i.reason === 'popular')).toBe(true);
    expect(items[0].name).toBe('Trekking shoes');
    expect(await back.evaluate(() => (window as any).history_.list())).toEqual([]);
    const keys: string[] = await back.evaluate(() => (window as any).idbKeys());
    expect(keys.filter((k) => k.includes('recs.'))).toEqual([]);
    expect(await back.evaluate(() => ({ ...localStorage }))).not.toHaveProperty('encore-purchases');
    expect(await back.evaluate(() => (window as any).dueNotices.length)).toBe(0);
    await context.close();
  });

  it('with consent, interest segments from the real segments feature order the picks', async () => {
    const context = await browser.newContext();
    const page = await visit(context);
    await page.evaluate(() => {
      const enc = (window as any).enc;
      for (let i = 0; i < 6; i++) enc.track('Product Viewed', { product_id: 'jacket', category: 'trekking-wear' });
    });
    await page.waitForFunction(() => (window as any).enc.segments().some((s: any) => s.id === 'interest:trekking-wear'), null, { timeout: 15_000 });
    const items = await renderReturnVisit(page);
    expect(items[0]).toMatchObject({ name: 'Trekking jacket', reason: 'affinity', label: 'Because you like trekking-wear' });
    await context.close();
  });
});
