/**
 * The cart reminder with the real client (dist/encore.iife.js), its consent-gated local state and
 * the recording collector, under a strict CSP: a cart left on one visit is recalled on the next,
 * once per cart, as text, with Shown/Clicked/Dismissed events; Japanese; Escape dismisses.
 */
import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { openPage } from '../../support/browser';
import { browser, server, useBrowserEnv } from '../../support/env';

const PAGE = '/test/browser/cart/pages';
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'";
useBrowserEnv((server) => {
  server.htmlHeaders['content-security-policy'] = CSP;
});

async function visit(context: BrowserContext, lang = 'en'): Promise<Page> {
  const { page } = await openPage(context, `${server.origin}${PAGE}/cart.html`);
  await page.waitForFunction(() => (window as any).pageReady);
  await page.evaluate((lang) => {
    document.documentElement.lang = lang;
    (window as any).start();
  }, lang);
  return page;
}
const add = (page: Page, product: Record<string, unknown>) => page.evaluate((p) => (window as any).enc.track('Product Added', p), product);
const remind = (page: Page, options: Record<string, unknown> = {}) => page.evaluate((o) => (window as any).remind(o), options) as Promise<string[] | null>;
const view = (page: Page) => page.evaluate(() => (window as any).reminderView());

describe('cart reminder', () => {
  it('recalls a cart left on the last visit, once, as text, and tracks shown and clicked', async () => {
    const context = await browser.newContext();
    const first = await visit(context);
    await add(first, { product_id: 'SKU-RUN-SHOES', name: 'Road shoes <img src=x onerror=alert(1)>', price: 129, quantity: 2 });
    await add(first, { product_id: 'SKU-RUN-SHIRT', name: 'Running shirt' });
    await server.waitForEvents(2, (e) => e.event === 'Product Added');
    expect(await remind(first)).toBeNull(); // left alone for less than an hour: not yet
    await first.close();

    const second = await visit(context);
    expect(await remind(second, { minAgeMinutes: 0, offer: 'Free shipping until Sunday' })).toEqual(['SKU-RUN-SHOES', 'SKU-RUN-SHIRT']);
    expect(await view(second)).toEqual({
      title: 'Still thinking about Road shoes <img src=x onerror=alert(1)> and 1 more?',
      items: ['Road shoes <img src=x onerror=alert(1)> × 2', 'Running shirt'],
      offer: 'Free shipping until Sunday',
      href: `${server.origin}${PAGE}/cart.html?view=cart`,
      dismissLabel: 'Dismiss',
      role: 'region',
      elements: 0,
    });
    // It does not take focus: the shopper did not ask for it.
    expect(await second.evaluate(() => document.activeElement === document.body)).toBe(true);
    const [shown] = await server.waitForEvents(1, (e) => e.event === 'Cart Reminder Shown');
    expect(shown!.properties).toMatchObject({ product_ids: ['SKU-RUN-SHOES', 'SKU-RUN-SHIRT'], items: 3 });
    expect(await second.evaluate(() => (window as any).cspViolations)).toEqual([]);
    await second.evaluate(() => (document.querySelector('#reminder')!.shadowRoot!.querySelector('a') as HTMLElement).click());
    await second.close();

    // The click leaves the page: its event arrives by the page-hide beacon or from the next visit.
    const third = await visit(context);
    const [clicked] = await server.waitForEvents(1, (e) => e.event === 'Cart Reminder Clicked');
    expect(clicked!.properties!.cart_id).toBe(shown!.properties!.cart_id);
    expect(await remind(third, { minAgeMinutes: 0 })).toBeNull(); // at most once per cart
    expect(await view(third)).toBeNull();
    await context.close();
  });

  it('an order empties the cart; Japanese text; Escape dismisses from the keyboard', async () => {
    const context = await browser.newContext();
    const first = await visit(context, 'ja');
    await add(first, { product_id: 'SKU-KNIFE', name: '三徳包丁' });
    await first.evaluate(() => (window as any).enc.track('Order Completed', { order_id: 'o-9', products: [{ product_id: 'SKU-KNIFE' }] }));
    await server.waitForEvents(1, (e) => e.event === 'Order Completed');
    expect(await remind(first, { minAgeMinutes: 0 })).toBeNull(); // bought: nothing to recall
    await add(first, { product_id: 'SKU-STONE', name: '砥石' });
    expect((await first.evaluate(() => (window as any).cart.cart()))?.items.map((i: any) => i.product_id)).toEqual(['SKU-STONE']); // stored
    await first.close();

    const second = await visit(context, 'ja');
    expect(await remind(second, { minAgeMinutes: 0 })).toEqual(['SKU-STONE']);
    expect(await view(second)).toMatchObject({ title: '砥石をお忘れではありませんか？', dismissLabel: '閉じる' });
    // Keyboard: Tab from the page's first link reaches the reminder's link, Escape dismisses.
    await second.focus('#first-link');
    await second.keyboard.press('Tab');
    expect(await second.evaluate(() => document.querySelector('#reminder')!.shadowRoot!.activeElement?.textContent)).toBe('カートに戻る');
    await second.keyboard.press('Escape');
    expect(await view(second)).toBeNull();
    await server.waitForEvents(1, (e) => e.event === 'Cart Reminder Dismissed');
    await context.close();
  });

  it('bad options are one clear EncoreConfigError', async () => {
    const context = await browser.newContext();
    const page = await visit(context);
    const errors = await page.evaluate(() => {
      const w = window as any;
      const el = document.querySelector('#reminder');
      const attempt = (o: unknown) => {
        try {
          w.recs.renderCartReminder(el, o);
          return 'no error';
        } catch (e: any) {
          return `${e.name}: ${e.key}`;
        }
      };
      return [attempt({ cartUrl: '/cart' }), attempt({ cart: w.cart, cartUrl: 'javascript:alert(1)' }), attempt({ cart: w.cart, cartUrl: '/c', minAgeMinutes: -1 })];
    });
    expect(errors).toEqual(['EncoreConfigError: cart', 'EncoreConfigError: cartUrl', 'EncoreConfigError: minAgeMinutes']);
    await context.close();
  });
});
