// The example shop end to end in real Chromium, under a strict CSP, against the recording collector:
// a shopper browses, watches the category video, buys; every commerce event arrives once.
import { describe, expect, it } from 'vitest';
import { openPage } from '../../support/browser';
import { browser, server, useBrowserEnv } from '../../support/env';

const SHOP = '/examples/storefront';
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; media-src 'self' blob:; worker-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'none'";

useBrowserEnv((server) => {
  server.htmlHeaders = { 'content-security-policy': CSP };
});

const named = (name: string) => (e: any) => e.type === 'track' && e.event === name;

describe('examples/storefront', () => {
  it('browse, watch, add to cart, check out: commerce events and page views arrive, Order Completed once, no CSP violations', async () => {
    const ctx = await browser.newContext();
    await ctx.addInitScript(() => {
      (window as any).__violations = [];
      document.addEventListener('securitypolicyviolation', (e) => (window as any).__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    const { page, log } = await openPage(ctx);
    const violations: string[] = [];
    const collect = async () => violations.push(...(await page.evaluate(() => (window as any).__violations as string[])));

    await page.goto(`${server.origin}${SHOP}/`);
    await server.waitForEvents(1, (e) => e.type === 'page' && e.name === 'Home');
    await collect();

    await page.goto(`${server.origin}${SHOP}/category.html?c=running`);
    const [list] = await server.waitForEvents(1, (e) => named('Product List Viewed')(e) && e.properties.list_id === 'category_running');
    expect(list.properties.products.map((p: any) => p.sku)).toEqual(['SKU-RUN-SHOES', 'SKU-RUN-SHIRT']);
    await collect();
    await page.click('a[href="product.html?id=SKU-RUN-SHOES"]');
    await page.waitForURL(/product\.html/);

    const [viewed] = await server.waitForEvents(1, named('Product Viewed'), 30_000);
    expect(viewed.properties).toMatchObject({ product_id: 'SKU-RUN-SHOES', category: 'running', price: 129, currency: 'USD', value: 129 });
    // The category video plays (HLS fixtures through hls.js).
    await page.waitForSelector('video[data-encore-video="category-running"]');
    await page.evaluate(async () => {
      const v = document.querySelector('video')!;
      v.muted = true;
      await new Promise<void>((resolve) => {
        if (v.readyState >= 2) resolve();
        else v.addEventListener('loadeddata', () => resolve(), { once: true });
      });
      await v.play();
      await new Promise<void>((r) => v.addEventListener('timeupdate', function t() {
        if (v.currentTime > 0.5) {
          v.removeEventListener('timeupdate', t);
          r();
        }
      }));
    });
    await page.click('#add-to-cart');
    await server.waitForEvents(1, named('Product Added'));
    await collect();

    await page.goto(`${server.origin}${SHOP}/cart.html`);
    const [cart] = await server.waitForEvents(1, named('Cart Viewed'));
    expect(cart.properties.products).toHaveLength(1);
    await collect();
    await page.click('#to-checkout');
    await page.waitForURL(/checkout\.html/);
    await server.waitForEvents(1, named('Checkout Started'));
    await page.fill('input[name=name]', 'Test Shopper');
    await page.fill('input[name=address]', '1-2-3 Shibuya');
    await page.fill('input[name=card]', '4242');
    await collect();
    await page.click('#place-order');
    await page.waitForURL(/confirmation\.html/);
    await page.waitForSelector('#order-id');
    const orderId = await page.textContent('#order-id');
    await page.evaluate(() => (window as any).encore.flush());
    const [order] = await server.waitForEvents(1, named('Order Completed'));
    expect(order.properties).toMatchObject({ order_id: orderId, currency: 'USD', subtotal: 129, shipping: 5, tax: 12.9, total: 146.9 });
    expect(order.properties.products[0]).toMatchObject({ product_id: 'SKU-RUN-SHOES', sku: 'SKU-RUN-SHOES', quantity: 1 });
    await collect();

    // A reload of the confirmation page does not complete the order twice.
    await page.reload();
    await page.waitForSelector('#order-id');
    await page.evaluate(() => (window as any).encore.flush());

    // The view of the category video, summarised by category and product.
    // The category video was tracked with its category and product.
    const [started] = await server.waitForEvents(1, named('Video Playback Started'), 30_000);
    expect(started.properties).toMatchObject({ category: 'running', product_ids: ['SKU-RUN-SHOES'] });

    // Delivery is at least once (a batch in flight at navigation may be sent again by the next page;
    // collectors dedupe on messageId), so count distinct events.
    const unique = [...server.uniqueEvents().values()];
    const names = unique.filter((e) => e.type === 'track').map((e) => e.event);
    for (const n of ['Product List Viewed', 'Product Clicked', 'Product Viewed', 'Product Added', 'Cart Viewed', 'Checkout Started', 'Checkout Step Viewed', 'Checkout Step Completed', 'Payment Info Entered', 'Order Completed'])
      expect(names, n).toContain(n);
    expect(names.filter((n) => n === 'Order Completed')).toHaveLength(1);
    // Arrival order may differ from page order (a page's last batch can ride with the next page's).
    expect(unique.filter((e) => e.type === 'page').map((e) => e.name).sort()).toEqual(['Cart', 'Category', 'Checkout', 'Home', 'Order Confirmation', 'Order Confirmation', 'Product']);
    // One anonymous visitor across the pages.
    expect(new Set(unique.map((e) => e.anonymousId)).size).toBe(1);
    expect(violations).toEqual([]);
    expect(log.errors).toEqual([]);
    await ctx.close();
  });

  it('speaks Japanese with ?lang=ja, strings from one table', async () => {
    const ctx = await browser.newContext();
    const { page } = await openPage(ctx, `${server.origin}${SHOP}/product.html?id=SKU-KNIFE-CHEF&lang=ja`);
    await page.waitForSelector('#add-to-cart');
    expect(await page.textContent('#add-to-cart')).toBe('カートに入れる');
    expect(await page.textContent('h1')).toBe('牛刀 20cm');
    expect(await page.getAttribute('html', 'lang')).toBe('ja');
    await ctx.close();
  });
});
