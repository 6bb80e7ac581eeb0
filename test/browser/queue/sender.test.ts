/**
 * The npm build's send path is a lazy chunk (queue/sender.ts), bundled here the way an app's bundler
 * does it. Checked in real Chromium: a tab that only writes never fetches it; a page that cannot
 * fetch it (offline, or a failed deploy) keeps its events stored and delivers them once it can.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { build } from 'esbuild';
import { resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, openPage } from '../../support/browser';
import { ROOT, startServer, type TestServer } from '../../support/server';

let browser: Browser;
let server: TestServer;
const OUT = resolve(ROOT, 'test-results/esm-queue');
const SENDER = /\/chunks\/sender-[^/]*\.js$/;

beforeAll(async () => {
  const bundle = build({
    entryPoints: { app: resolve(ROOT, 'test/browser/queue/pages/esm.js') },
    outdir: OUT,
    bundle: true,
    splitting: true,
    format: 'esm',
    chunkNames: 'chunks/[name]-[hash]',
    minify: true,
    alias: { 'encore-sdk': resolve(ROOT, 'dist/encore.js') },
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'error',
  });
  [browser, server] = await Promise.all([launchBrowser(), startServer(), bundle]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${i}-${Math.random().toString(36).slice(2, 8)}`);

/** The sender chunks this page fetched, from its own Resource Timing entries (no race with the test's event stream). */
const fetchedSender = (page: Page) =>
  page.evaluate((src) => performance.getEntriesByType('resource').filter((e) => new RegExp(src).test(new URL(e.name).pathname)).length, SENDER.source);

async function open(ctx: BrowserContext): Promise<{ page: Page; senderLoads: string[] }> {
  const { page } = await openPage(ctx);
  const senderLoads: string[] = [];
  page.on('request', (r) => SENDER.test(new URL(r.url()).pathname) && senderLoads.push(r.url()));
  await page.goto(`${server.origin}/test/browser/queue/pages/esm.html`);
  await page.waitForFunction(() => (window as any).ready === true);
  return { page, senderLoads };
}

test('the bundle splits out the send path, and only the tab that sends loads it', async () => {
  const ctx = await browser.newContext();
  const leader = await open(ctx);
  const first = ids('lead', 3);
  await leader.page.evaluate((w) => (window as any).trackAll(w), first);
  await server.waitForEvents(3, (e) => first.includes(e.messageId));
  expect(await fetchedSender(leader.page)).toBe(1);

  // A second tab of the same site: the first holds the flush lock, so this one only writes.
  const follower = await open(ctx);
  const more = ids('follow', 4);
  await follower.page.evaluate((w) => (window as any).trackAll(w), more);
  const got = await server.waitForEvents(4, (e) => more.includes(e.messageId));
  expect(got.map((e) => e.messageId).sort()).toEqual([...more].sort());
  expect(await fetchedSender(follower.page)).toBe(0);
  expect(await follower.page.evaluate(() => (window as any).errors)).toEqual([]);
  await ctx.close();
});

test('a page that cannot load the send path keeps its events and delivers them once it can', async () => {
  const ctx = await browser.newContext();
  let refuse = true;
  await ctx.route(SENDER, (route) => (refuse ? route.abort('internetdisconnected') : route.continue()));
  const { page, senderLoads } = await open(ctx);
  const want = ids('nochunk', 5);
  await page.evaluate((w) => (window as any).trackAll(w), want);
  await page.waitForFunction(() => (window as any).errors.length > 0); // the failed load is reported
  expect(want.filter((id) => server.uniqueEvents().has(id))).toEqual([]);
  refuse = false;
  // The next flush loads it again and sends what was stored meanwhile.
  await page.evaluate(() => (window as any).sdk.flush());
  const got = await server.waitForEvents(5, (e) => want.includes(e.messageId));
  expect(got.map((e) => e.messageId).sort()).toEqual([...want].sort());
  // Requested again after the failure (Playwright's request events may trail the collector's receipt).
  await expect.poll(() => senderLoads.length).toBeGreaterThanOrEqual(2);
  await ctx.close();
});
