// End to end: `scripts/start.mjs` builds the SDK and starts the collector; real Chromium browses
// the demo storefront, watches a category video and buys; the events, the video view summary
// with its category, and the dashboard built from them are all checked, then the DuckDB file
// itself is read after the collector stops.
import { DuckDBInstance } from '@duckdb/node-api';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchBrowser, openPage } from '../support/browser';
import { http, runCollector, tempDir, waitForEvents, type RunningCollector } from './helpers';

let c: RunningCollector;
let browser: Browser;
const tmp = tempDir();

beforeAll(async () => {
  // A fresh build: ENCORE_SKIP_BUILD is off, so start.mjs runs rollup first, unless dist/ is already
  // newer than every source (as right after `npm test`'s build stage; rebuilding then would rewrite
  // files that parallel test files are loading).
  [c, browser] = await Promise.all([runCollector({ dir: tmp.dir, skipBuild: false }), launchBrowser()]);
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await c?.stop();
  tmp.cleanup();
});

it('browse, watch, buy: events, video summary by category, dashboard and DuckDB agree', async () => {
  const context = await browser.newContext();
  const { page, log } = await openPage(context);
  const store = `${c.origin}/examples/storefront`;

  // Browse: a category, then a product in it.
  await page.goto(`${store}/category.html?c=kitchen`);
  await page.locator('main a[href*="product.html"]').first().click();
  await page.waitForURL(/product\.html/);
  const sku = new URL(page.url()).searchParams.get('id');
  expect(sku).toBeTruthy();

  // Watch the category video for a few seconds.
  const video = page.locator('video[data-encore-video]').first();
  await video.waitFor();
  await page.waitForFunction(() => {
    const v = document.querySelector('video[data-encore-video]') as HTMLVideoElement | null;
    return !!v && v.readyState >= 1;
  }, undefined, { timeout: 20_000 });
  await video.evaluate((v: HTMLVideoElement) => v.play());
  // To the end (the fixture is ~12 s): `ended` closes the view, which sends the summary.
  await page.waitForFunction(() => (document.querySelector('video[data-encore-video]') as HTMLVideoElement).ended, undefined, {
    timeout: 60_000,
  });

  // Buy it.
  await page.click('#add-to-cart');
  await page.goto(`${store}/cart.html`);
  await page.click('#to-checkout');
  await page.fill('input[name="name"]', 'Ada Shopper');
  await page.fill('input[name="address"]', '1 Test Street');
  await page.fill('input[name="card"]', '4242424242424242');
  await page.click('#place-order');
  await page.waitForURL(/confirmation\.html/);
  const orderId = await page.locator('#order-id').textContent();
  expect(orderId).toMatch(/^ord-/);

  // The events, stored.
  const has = (name: string) => (events: any[]) => events.some((e) => e.event === name);
  await waitForEvents(c.origin, has('Product Viewed'), 'event=Product%20Viewed', 30_000);
  const summaries = await waitForEvents(c.origin, has('Video View Summary'), 'event=Video%20View%20Summary', 30_000);
  const orders = await waitForEvents(c.origin, (e) => e.some((x) => JSON.parse(x.properties).order_id === orderId), 'event=Order%20Completed', 30_000);
  // The product page's category video (other widgets may add views of their own).
  const summary = summaries.find((e) => JSON.parse(e.properties).video_id === 'category-kitchen') ?? summaries[0];
  expect(summary.category).toBe('kitchen');
  const props = JSON.parse(summary.properties);
  expect(props.category).toBe('kitchen');
  expect(props.startup_time_ms).toBeGreaterThan(0);
  expect(props.watch_time_ms).toBeGreaterThan(2000);
  expect(orders).toHaveLength(1);
  const anonymousId = orders[0].anonymousId;
  expect(summary.anonymousId).toBe(anonymousId);

  // The dashboard shows those numbers.
  const stats = (await http(c.origin, '/api/stats')).json;
  const kitchen = stats.qoe.find((r: any) => r.category === 'kitchen');
  expect(kitchen.views).toBeGreaterThanOrEqual(1);
  if (kitchen.views === 1) expect(kitchen.startup_p50_ms).toBeCloseTo(props.startup_time_ms, 0);
  expect(stats.commerce.orders).toBe(1);
  const conv = stats.conversion.find((r: any) => r.category === 'kitchen');
  expect(conv.watchers).toBe(1); // one shopper
  expect(conv.watchers_converted).toBe(1); // who bought from the category

  const dash = await context.newPage();
  const dashErrors: string[] = [];
  dash.on('pageerror', (e) => dashErrors.push(String(e)));
  await dash.goto(`${c.origin}/dashboard`);
  const row = dash.locator('#qoe tbody tr', { hasText: 'kitchen' });
  await row.waitFor({ timeout: 15_000 });
  expect(await row.locator('[data-key="views"]').textContent()).toBe(String(kitchen.views));
  expect(await row.locator('[data-key="startup_p50_ms"]').textContent()).toBe(Math.round(kitchen.startup_p50_ms).toLocaleString('en-US'));
  await dash.locator('[data-chart="startup"] canvas').waitFor();
  const plotted = JSON.parse((await dash.locator('[data-chart="startup"]').getAttribute('data-values'))!);
  expect(plotted.labels).toContain('kitchen');
  expect(plotted.data[0][plotted.labels.indexOf('kitchen')]).toBe(kitchen.startup_p50_ms);
  const views = JSON.parse((await dash.locator('[data-chart="views"]').getAttribute('data-values'))!);
  expect(views.data[0][views.labels.indexOf('kitchen')]).toBe(kitchen.views);
  expect(await dash.locator('[data-chart="volume"] canvas').count()).toBe(1);
  expect(await dash.locator('[data-commerce="orders"]').first().textContent()).toBe('1');

  // Feature results: the cart funnel of this one shopper (viewed, added, checked out, ordered, watched), as the API says.
  const features = (await http(c.origin, '/api/features')).json;
  const funnel = features.cartFunnel.find((r: any) => r.visitors === 'watched');
  expect(funnel).toMatchObject({ viewed: 1, added: 1, checkoutStarted: 1, ordered: 1, cartAbandonmentPct: 0 });
  await dash.waitForFunction(() => document.getElementById('features')?.dataset.state === 'ok');
  const funnelRow = dash.locator('#feat-funnel tbody tr').nth(1);
  expect(await funnelRow.locator('td').first().textContent()).toBe('watched video');
  for (const key of ['viewed', 'added', 'checkoutStarted', 'ordered']) expect(await funnelRow.locator(`[data-key="${key}"]`).textContent()).toBe(String(funnel[key]));
  expect(await funnelRow.locator('[data-key="cartAbandonmentPct"]').textContent()).toBe('0 %');
  const kitchenVideo = features.video.find((r: any) => r.category === 'kitchen');
  const videoRow = dash.locator('#feat-video tbody tr', { hasText: 'kitchen' });
  expect(await videoRow.locator('[data-key="views"]').textContent()).toBe(String(kitchenVideo.views));
  // Revenue in the order's own currency, formatted for the locale.
  const usd = features.revenue.find((m: any) => m.currency === 'USD');
  expect(await dash.locator('[data-money="revenue"]').textContent()).toBe(new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(usd.amount));

  // The language switch: Japanese strings everywhere, the same numbers, and ?lang= remembers it.
  expect(await dash.locator('#features h2').textContent()).toBe('Feature results');
  await dash.selectOption('#lang-switch', 'ja');
  expect(await dash.locator('#features h2').textContent()).toBe('機能の成果');
  expect(await dash.locator('#qoe thead th').first().textContent()).toBe('カテゴリ');
  expect(await funnelRow.locator('td').first().textContent()).toBe('動画を見た');
  expect(await funnelRow.locator('[data-key="ordered"]').textContent()).toBe(String(funnel.ordered));
  expect(await dash.locator('[data-money="revenue"]').textContent()).toBe(new Intl.NumberFormat('ja-JP', { style: 'currency', currency: 'USD' }).format(usd.amount));
  expect(new URL(dash.url()).searchParams.get('lang')).toBe('ja');
  expect(await dash.evaluate(() => document.documentElement.lang)).toBe('ja');
  await dash.goto(`${c.origin}/dashboard?lang=en`);
  expect(await dash.locator('#features h2').textContent()).toBe('Feature results');
  expect(dashErrors).toEqual([]);
  expect(log.errors).toEqual([]);

  // And the database file itself, once the collector has closed it.
  await context.close();
  expect(await c.stop()).toBe(0);
  const db = await DuckDBInstance.create(c.dbPath, { access_mode: 'READ_ONLY' });
  const conn = await db.connect();
  const rows = (await conn.runAndReadAll(`SELECT category, video_id, startup_time_ms, anonymousId FROM video_views WHERE messageId = ?`, [summary.messageId])).getRowObjectsJS();
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({ category: 'kitchen', video_id: props.video_id, startup_time_ms: props.startup_time_ms, anonymousId });
  const n = (await conn.runAndReadAll(`SELECT count(*)::INTEGER AS n FROM events WHERE event = 'Order Completed'`)).getRowObjectsJS();
  expect(n[0]!.n).toBe(1);
  conn.closeSync();
  db.closeSync();
}, 150_000);
