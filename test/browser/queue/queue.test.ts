/**
 * The delivery pipeline in every engine (Chromium, Firefox, WebKit) against the recording collector: durability across
 * reloads and closed tabs, many tabs sharing one queue, consent, the page-hide beacon and the
 * memory fallback. Every assertion is about which messageIds reached the collector.
 */
import { beforeEach, describe, expect, test } from 'vitest';
import { hidePage } from '../../support/browser';
import { type Received } from '../../support/server';
import { engineBrowser, server, useEngineEnv } from '../../support/env';
import type { Context, Page } from '../../support/engines';

let ctx: Context;

useEngineEnv();
beforeEach(async () => {
  await ctx?.close().catch(() => {});
  ctx = await engineBrowser.newContext(); // fresh storage per test
  server.reply(null);
  server.received.length = 0;
});

/** Fast retries so tests do not wait on production backoff; never exhausted within a test. */
const FAST = { retry: { baseDelayMs: 50, maxDelayMs: 400, maxAttempts: 100 }, flushIntervalMs: 100 };

async function open(cfg: object = FAST, flags = ''): Promise<Page> {
  const page = await ctx.newPage();
  await page.goto(`${server.origin}/test/browser/queue/pages/queue.html?cfg=${encodeURIComponent(JSON.stringify(cfg))}${flags}`);
  await page.waitForFunction(() => (window as any).ready === true);
  return page;
}

const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${i}-${Math.random().toString(36).slice(2, 8)}`);
const batchIds = (r: Received): string[] => (Array.isArray(r.body?.batch) ? r.body.batch.map((e: any) => e.messageId) : []);
const arrived = (want: string[]) => server.waitForEvents(want.length, (e) => want.includes(e.messageId), 30_000);
const down = () => server.reply(() => ({ status: 503, headers: { 'retry-after': '0' } }));
/** Resolves once `n` events are written to the queue (flush() awaits this page's pending write). */
const written = (page: Page) => page.evaluate(() => (window as any).sdk.flush());

describe('durability', () => {
  test('events survive a reload before they could be sent', async () => {
    down();
    const page = await open();
    const want = ids('reload', 5);
    await page.evaluate((w) => (window as any).trackAll(w), want);
    await written(page);
    await server.waitFor((r) => batchIds(r).includes(want[0]!)); // the collector refused them at least once
    expect(want.filter((id) => server.uniqueEvents().has(id))).toEqual([]);
    await page.reload();
    await page.waitForFunction(() => (window as any).ready === true);
    server.reply(null); // the collector is back; the reloaded page never tracked these
    const got = await arrived(want);
    expect(got.map((e) => e.messageId).sort()).toEqual([...want].sort());
    // seq is per device and monotonic, stamped from the store key
    const seqs = want.map((id) => server.uniqueEvents().get(id).context.session.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
  });

  test('a tab closed while the collector is down delivers on the next visit', async () => {
    server.reply(() => ({ status: 0, drop: true }));
    const page = await open();
    const want = ids('closed', 8);
    await page.evaluate((w) => (window as any).trackAll(w, 'Order Completed'), want);
    await written(page);
    await page.close({ runBeforeUnload: true });
    expect(want.filter((id) => server.uniqueEvents().has(id))).toEqual([]);
    server.reply(null);
    await open();
    const got = await arrived(want);
    expect(got.map((e) => e.messageId).sort()).toEqual([...want].sort());
  });
});

describe('many tabs', () => {
  test('three tabs tracking at once deliver every event exactly once', async () => {
    // Slow answers widen the window in which a second flusher would resend in-flight events.
    server.reply(() => ({ status: 200, delayMs: 150 }));
    const cfg = { ...FAST, batchSize: 10, flushIntervalMs: 50 };
    const pages = await Promise.all([open(cfg), open(cfg), open(cfg)]);
    const per = pages.map((_, i) => ids(`tab${i}`, 40));
    await Promise.all(
      pages.map(async (p, i) => {
        for (let k = 0; k < 4; k++) {
          await p.evaluate((w) => (window as any).trackAll(w), per[i]!.slice(k * 10, k * 10 + 10));
          await written(p); // spread over time: the next ten once these are stored
        }
      }),
    );
    const want = per.flat();
    await arrived(want);
    await Promise.all(pages.map((p) => p.evaluate(() => (window as any).sdk.flush())));
    // Raw receipts (every request, accepted or not), counted per messageId of the tracked events.
    const seen = new Map<string, number>();
    for (const r of server.received) for (const id of batchIds(r)) if (want.includes(id)) seen.set(id, (seen.get(id) ?? 0) + 1);
    expect([...seen.keys()].sort()).toEqual([...want].sort());
    const dups = [...seen].filter(([, n]) => n > 1);
    expect(dups).toEqual([]);
  });

  test('when the flushing tab closes, another open tab takes over its queue', async () => {
    down();
    const [a, b] = [await open(), await open()]; // a opened first: a holds the lock
    const fromA = ids('leaderA', 5);
    const fromB = ids('followerB', 5);
    await a.evaluate((w) => (window as any).trackAll(w), fromA);
    await b.evaluate((w) => (window as any).trackAll(w), fromB);
    await written(a);
    await written(b);
    await server.waitFor((r) => batchIds(r).includes(fromB[0]!)); // the leader tried b's events too
    await a.close({ runBeforeUnload: true });
    server.reply(null);
    const want = [...fromA, ...fromB];
    await arrived(want);
    // b sent them (a is gone); none was accepted twice.
    const accepted = server.events().map((e) => e.messageId).filter((id) => want.includes(id));
    expect(accepted.sort()).toEqual([...want].sort());
  });

  test('without Web Locks an IndexedDB lease elects one flusher', async () => {
    server.reply(() => ({ status: 200, delayMs: 100 }));
    const cfg = { ...FAST, batchSize: 5, flushIntervalMs: 50 };
    const pages = await Promise.all([open(cfg, '&nolocks'), open(cfg, '&nolocks')]);
    expect(await pages[0]!.evaluate(() => navigator.locks)).toBeUndefined();
    const per = pages.map((_, i) => ids(`lease${i}`, 20));
    await Promise.all(pages.map((p, i) => p.evaluate((w) => (window as any).trackAll(w), per[i]!)));
    const want = per.flat();
    await arrived(want);
    const seen = new Map<string, number>();
    for (const r of server.received) for (const id of batchIds(r)) seen.set(id, (seen.get(id) ?? 0) + 1);
    expect([...seen].filter(([, n]) => n > 1)).toEqual([]);
  });
});

describe('bursts', () => {
  test('a burst of 250 events in one task is written 100 at a time, each write in a later task than the last, and all arrive', async () => {
    const page = await open({ ...FAST, batchSize: 500 });
    const want = ids('burst', 250);
    const writes = await page.evaluate(async (w) => {
      // Each readwrite transaction on the queue: how many events it adds, when it starts and commits.
      const writes: Array<{ adds: number; at: number; done: number }> = [];
      const transaction = IDBDatabase.prototype.transaction;
      IDBDatabase.prototype.transaction = function (this: IDBDatabase, ...args: any[]) {
        const t = transaction.apply(this, args as any);
        if (args[1] === 'readwrite' && [].concat(args[0]).includes('events' as never)) {
          const row = { adds: 0, at: performance.now(), done: 0 };
          writes.push(row);
          const events = t.objectStore('events');
          const add = events.add;
          events.add = (...a: any[]) => (row.adds++, add.apply(events, a as any));
          t.addEventListener('complete', () => (row.done = performance.now()));
        }
        return t;
      } as typeof transaction;
      (window as any).trackAll(w);
      await (window as any).sdk.flush();
      IDBDatabase.prototype.transaction = transaction;
      return writes.filter((x) => x.adds > 0);
    }, want);
    // The page's own events (tracked as it loads) may ride in the last slice.
    expect(writes.slice(0, 2).map((x) => x.adds)).toEqual([100, 100]);
    expect(writes.length).toBe(3);
    expect(writes[2]!.adds).toBeGreaterThanOrEqual(50);
    // A write that starts after the previous one committed runs in a later task: no long task.
    for (let i = 1; i < writes.length; i++) expect(writes[i]!.at).toBeGreaterThanOrEqual(writes[i - 1]!.done);
    const got = await arrived(want);
    expect(got.map((e) => e.messageId).sort()).toEqual([...want].sort());
  });
});

describe('consent', () => {
  test('pending consent creates no IndexedDB database and sends nothing; granting delivers', async () => {
    const page = await open({ ...FAST, consent: 'pending' });
    const want = ids('pending', 4);
    await page.evaluate((w) => (window as any).trackAll(w, 'Order Completed'), want);
    await page.evaluate(() => (window as any).sdk.flush()); // resolves once a flush would have sent
    expect(server.received).toHaveLength(0);
    const dbs = await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));
    expect(dbs.filter((n) => n?.startsWith('encore-'))).toEqual([]);
    await page.evaluate(() => (window as any).sdk.consent({ analytics: true }));
    await arrived(want);
    const after = await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));
    expect(after.some((n) => n?.startsWith('encore-'))).toBe(true);
  });

  test('denying deletes the database and drops what is queued', async () => {
    down();
    const page = await open();
    const mine = ids('deny', 3);
    await page.evaluate((w) => (window as any).trackAll(w), mine);
    await written(page);
    expect((await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name))).some((n) => n?.startsWith('encore-'))).toBe(true);
    await page.evaluate(() => (window as any).sdk.consent({ analytics: false }));
    await page.waitForFunction(async () => !(await indexedDB.databases()).some((d) => d.name?.startsWith('encore-')), undefined, { timeout: 10_000 });
    await page.waitForFunction(() => (window as any).drops.some((d: any) => d.reason === 'consent_denied'));
    const drops = await page.evaluate(() => (window as any).drops);
    const denied = drops.filter((d: any) => d.reason === 'consent_denied');
    // Ours, plus any event a built-in feature queued (e.g. Segment Entered).
    expect(denied.flatMap((d: any) => d.messageIds ?? [])).toEqual(expect.arrayContaining(mine));
    // A retry already in flight when consent was denied may still reach the (failing) collector;
    // what matters is that none of these events is ever accepted once the collector is back.
    server.reply(null);
    await page.evaluate(() => (window as any).sdk.flush()); // resolves once a flush would have sent
    expect(server.events().map((e) => e.messageId).filter((id) => mine.includes(id))).toEqual([]);
  });
});

describe('page lifecycle', () => {
  test('the hidden-page beacon stays under 64 KB; the rest arrives on the next visit', async () => {
    server.reply(() => ({ status: 503, headers: { 'retry-after': '1' } })); // no retry before the page hides
    const page = await open();
    const want = ids('beacon', 200);
    await page.evaluate((w) => (window as any).trackAll(w, 'Product Viewed', 1000), want);
    await written(page);
    const before = server.received.length;
    await hidePage(page);
    // sendBeacon requests are no-cors; the pipeline's own fetches are cors.
    const beacon = await server.waitFor((r) => server.received.indexOf(r) >= before && r.headers['sec-fetch-mode'] === 'no-cors');
    const bytes = Buffer.byteLength(beacon.text);
    expect(bytes).toBeLessThanOrEqual(60_000);
    expect(bytes).toBeGreaterThan(50_000); // filled with the oldest events that fit
    expect(batchIds(beacon).length).toBeGreaterThan(20);
    const mineInBeacon = batchIds(beacon).filter((id) => want.includes(id));
    expect(mineInBeacon).toEqual(want.slice(0, mineInBeacon.length));
    expect(beacon.headers['content-type']?.toLowerCase()).toBe('text/plain;charset=utf-8'); // no preflight
    const transports = await page.evaluate(() => (window as any).flushes.map((f: any) => f.transport) as string[]);
    expect(transports).toContain('beacon');
    await page.close({ runBeforeUnload: true });
    for (const r of server.received) expect(Buffer.byteLength(r.text)).toBeLessThan(64 * 1024);
    server.reply(null);
    await open();
    const got = await arrived(want);
    expect(got).toHaveLength(200);
  });
});

describe('fallback', () => {
  test('without IndexedDB events are kept in memory, delivered, and an error is emitted', async () => {
    const page = await open(FAST, '&noidb');
    const want = ids('noidb', 6);
    await page.evaluate((w) => (window as any).trackAll(w), want);
    await arrived(want);
    const errors: string[] = await page.evaluate(() => (window as any).errors);
    expect(errors.some((e) => /IndexedDB/i.test(e))).toBe(true);
  });
});
