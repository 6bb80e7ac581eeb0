/**
 * The demo shop's order confirmation page (examples/storefront): buying the chef's knife shows reasoned
 * recommendations with the how-to film, which gets an up-next card; the collector sees the events.
 */
import { describe, expect, it } from 'vitest';
import { openPage } from '../../support/browser';
import { browser, server, useBrowserEnv } from '../../support/env';
import { buyFromDemoShop } from '../../support/storefront';


useBrowserEnv();

describe('demo shop', () => {
  it('order confirmation: sharpener, the sharpening film with up next, and recommendation events', async () => {
    const { page, log } = await openPage(browser);
    await buyFromDemoShop(page, server.origin, 'SKU-KNIFE-CHEF');
    const host = '[data-encore-recs]';
    await page.waitForFunction((s) => document.querySelector(s)?.shadowRoot?.querySelector('li'), host, { timeout: 20_000 });
    const items = await page.evaluate(
      (s) => [...document.querySelector(s)!.shadowRoot!.querySelectorAll('li')].map((li) => [li.getAttribute('data-reason'), li.querySelector('.reason')?.textContent]),
      host,
    );
    expect(items[0]).toEqual(['accessory', "Goes with your Chef's knife 20 cm"]);
    expect(items[1]).toEqual(['how-to', "How to use your Chef's knife 20 cm"]);
    // The film is playable (HLS through hls.js) and has its up-next card next to it.
    await page.waitForFunction((s) => (document.querySelector(s)!.shadowRoot!.querySelector('video') as HTMLVideoElement).readyState >= 1, host, { timeout: 20_000 });
    expect(await page.evaluate((s) => document.querySelector(s)!.shadowRoot!.querySelector('video')!.nextElementSibling?.getAttribute('part'), host)).toBe('up-next');
    await server.waitForEvents(1, (e) => e.event === 'Recommendation Viewed');
    const orders = await server.waitForEvents(1, (e) => e.event === 'Order Completed');
    expect(orders[0]!.properties.products[0].sku).toBe('SKU-KNIFE-CHEF');
    expect(log.errors).toEqual([]);
    await page.close();
  });
});
