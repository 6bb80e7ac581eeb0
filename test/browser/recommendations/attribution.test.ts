/**
 * Attribution end to end with the real client and collector: the shopper follows a recommendation
 * from the order confirmation page, views and adds the product, and orders it; the collector sees
 * the click and the same `rec_id` on Product Viewed, Product Added and Order Completed.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openPage } from '../../support/browser';
import { CATALOG, PAGE } from './fixtures';
import { browser, server, useBrowserEnv } from '../../support/env';


useBrowserEnv((server) => server.route('/api/catalog', () => ({ status: 200, body: CATALOG })));

const start = (page: Page) =>
  page.waitForFunction(() => (window as any).pageReady).then(() => page.evaluate(() => void (window as any).realEncore('granted')));

describe('attribution', () => {
  it('rec_id from a followed recommendation reaches Product Viewed, Product Added and Order Completed', async () => {
    const context = await browser.newContext();
    const { page, log } = await openPage(context, `${server.origin}${PAGE}/recs.html`);
    await start(page);
    await page.evaluate(async () => {
      const w = window as any;
      w.enc.track('Order Completed', { order_id: 'first', products: [{ product_id: 'knife', sku: 'KN-1' }] });
      await w.recs.renderRecommendations(document.querySelector('#recs'), { catalog: '/api/catalog', history: w.history_ }).ready;
    });
    const href: string = await page.locator('#recs a').first().getAttribute('href').then((h) => h!);
    const recId = new URL(href).searchParams.get('rec_id');
    expect(recId).toMatch(/^\w+\.1$/);
    // Click (tracked), then follow the link once the click reached the collector: an event tracked
    // right before a same-origin navigation can be lost by the core's page-hide path today (events not
    // yet written to IndexedDB are not in the beacon; reported), which is not what this test is about.
    await page.evaluate(() => document.addEventListener('click', (e) => e.preventDefault(), { once: true }));
    await page.locator('#recs a').first().click();
    await server.waitForEvents(1, (e) => e.event === 'Recommendation Clicked');
    await page.goto(href);

    // The product page the recommendation led to.
    await start(page);
    await page.evaluate(() => {
      const enc = (window as any).enc;
      enc.track('Product Viewed', { product_id: 'sharpener', sku: 'SH-1' });
      enc.track('Product Added', { product_id: 'sharpener', sku: 'SH-1', quantity: 1 });
    });
    // A shopper dwells on a page; the test waits for delivery instead (see above).
    await server.waitForEvents(1, (e) => e.event === 'Product Added');
    // Checkout on another page without the parameter: the tab session remembers it.
    await page.goto(`${server.origin}${PAGE}/recs.html?step=checkout`);
    await start(page);
    await page.evaluate(() => (window as any).enc.track('Order Completed', { order_id: 'second', products: [{ product_id: 'sharpener', sku: 'SH-1' }] }));

    const byName = async (name: string, pred: (e: any) => boolean = () => true) => {
      try {
        return (await server.waitForEvents(1, (e) => e.event === name && pred(e)))[0]!;
      } catch (e) {
        const seen = [...server.uniqueEvents().values()].map((x) => `${x.event ?? x.type}${x.properties?.order_id ? `(${x.properties.order_id})` : ''}`);
        throw new Error(`${name} never arrived; the collector has: ${seen.join(', ')}`);
      }
    };
    expect((await byName('Recommendation Clicked')).properties).toMatchObject({ rec_id: recId, product_id: 'sharpener', position: 1, reason: 'accessory', placement: 'post-purchase' });
    expect((await byName('Product Viewed')).properties.rec_id).toBe(recId);
    expect((await byName('Product Added')).properties.rec_id).toBe(recId);
    expect((await byName('Order Completed', (e) => e.properties.order_id === 'second')).properties.rec_id).toBe(recId);
    expect((await byName('Order Completed', (e) => e.properties.order_id === 'first')).properties.rec_id).toBeUndefined();
    expect(log.errors).toEqual([]);
    await context.close();
  });
});
