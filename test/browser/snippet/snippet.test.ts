// The loader snippet against the real script-tag build, in real Chromium: early calls replayed with
// their call time, one instance when included twice, nothing lost (or doubled) when the page is left
// before the library arrives.
import { beforeEach, describe, expect, it } from 'vitest';
import { openPage, hidePage } from '../../support/browser';
import { arrivals, serveLibrary, slowLibrary } from './helpers';
import { browser, server, useBrowserEnv } from '../../support/env';

let lib: ReturnType<typeof slowLibrary>;
const PAGES = '/test/browser/snippet/pages';

useBrowserEnv((server) => {
  lib = slowLibrary(server);
  serveLibrary(server);
});
beforeEach(() => {
  lib.close();
  lib.hits = 0;
});

/** Opens a page without waiting for `load`: a pending async library delays it. */
async function open(ctx: import('playwright-core').BrowserContext, url: string) {
  const r = await openPage(ctx);
  await r.page.goto(url, { waitUntil: 'domcontentloaded' });
  return r;
}

type Early = { m: string; t: number; id: string };

describe('snippet', () => {
  it('replays calls made before the library loaded, in order, with their call time, messageId and page', async () => {
    const ctx = await browser.newContext();
    const { page, log } = await open(ctx, `${server.origin}${PAGES}/early.html?from=ad`);
    const early: Early[] = await page.evaluate(() => (window as any).__early);
    expect(early.map((e) => e.m)).toEqual(['track', 'page', 'identify', 'track']);
    // The library has not arrived: the page is working with the stub.
    expect(await page.evaluate(() => typeof (window as any).encore.VERSION)).toBe('undefined');
    await page.evaluate(() => (history.replaceState(null, '', '/elsewhere'), (document.title = 'Changed later')));
    // The load must come after every early call's time, so the replay shows each kept its own.
    await expect.poll(() => Date.now()).toBeGreaterThan(Math.max(...early.map((e) => e.t)));
    lib.open();
    await page.waitForFunction(() => typeof (window as any).encore.VERSION === 'string');
    const events = await server.waitForEvents(4, (e) => early.some((x) => x.id === e.messageId));
    const byId = new Map(events.map((e) => [e.messageId, e]));
    const inOrder = early.map((x) => byId.get(x.id)!);
    expect(inOrder.map((e) => e.type)).toEqual(['track', 'page', 'identify', 'track']);
    expect(inOrder[0].event).toBe('Early A');
    expect(inOrder[1].name).toBe('Home');
    expect(inOrder[3].userId).toBe('user-1'); // identify replayed before B
    for (const [i, e] of inOrder.entries()) {
      expect(Date.parse(e.timestamp)).toBe(early[i]!.t);
      expect(Date.parse(e.timestamp)).toBeLessThan(lib.openedAt);
      // Page context as it was at call time, not at replay.
      expect(e.context.page.path).toBe(`${PAGES}/early.html`);
      expect(e.context.page.search).toBe('?from=ad');
      expect(e.context.page.title).toBe('Snippet: early calls');
    }
    // Arrival order matches call order.
    const arrived = server.events().map((e) => e.messageId).filter((id) => byId.has(id));
    expect([...new Set(arrived)]).toEqual(early.map((x) => x.id));

    // Later calls go straight through to the library.
    await page.evaluate(() => (window as any).encore.track('After Load'));
    const [after] = await server.waitForEvents(1, (e) => e.event === 'After Load');
    expect(after.context.page.path).toBe('/elsewhere');
    expect(log.errors).toEqual([]);
    await ctx.close();
  });

  it('attachVideo before load returns a handle that works once the library arrives', async () => {
    const ctx = await browser.newContext();
    const { page, log } = await open(ctx, `${server.origin}${PAGES}/video-early.html`);
    lib.open();
    await page.waitForFunction(() => typeof (window as any).encore.VERSION === 'string');
    // flush() called on the stub settles after replay.
    expect(await page.evaluate(() => (window as any).__flushed)).toMatchObject({ failed: 0 });
    await page.evaluate(() => (document.getElementById('v') as HTMLVideoElement).play());
    const [started] = await server.waitForEvents(1, (e) => e.event === 'Video Playback Started' && e.properties.content_asset_id === 'early-video');
    expect(started.properties).toMatchObject({ category: 'running', product_ids: ['SKU-RUN-SHOES'] });
    // The stub handle now drives the real one: detach ends the view with a summary.
    await page.evaluate(() => (window as any).__handle.detach());
    await page.evaluate(() => (window as any).encore.flush());
    const [summary] = await server.waitForEvents(1, (e) => e.event === 'Video View Summary' && e.properties.video_id === 'early-video');
    expect(summary.properties.title).toBe('Updated before load');
    expect(log.errors).toEqual([]);
    await ctx.close();
  });

  it('included twice: one library load, one instance, no duplicate events', async () => {
    const ctx = await browser.newContext();
    const { page, log } = await open(ctx, `${server.origin}${PAGES}/twice.html`);
    lib.open();
    await page.waitForFunction(() => typeof (window as any).encore.VERSION === 'string');
    const same = await page.evaluate(() => {
      const e = (window as any).encore;
      return e.init({ endpoint: '/v1/batch' }) === e.init({ endpoint: '/v1/other' });
    });
    expect(same).toBe(true);
    await server.waitForEvents(1, (e) => e.event === 'Once');
    await page.evaluate(() => (window as any).encore.flush());
    expect(server.events().filter((e) => e.event === 'Once')).toHaveLength(1);
    expect(lib.hits).toBe(1);
    expect(log.errors).toEqual([]);
    await ctx.close();
  });

  it('the script tag included twice keeps one instance', async () => {
    const ctx = await browser.newContext();
    const { page, log } = await open(ctx, `${server.origin}${PAGES}/iife-twice.html`);
    const same = await page.evaluate(() => {
      const e = (window as any).encore;
      const a = e.init({ endpoint: '/v1/batch' });
      e.track('Iife Once');
      e.flush();
      return a === e.init({ endpoint: '/v1/batch' }) && typeof e.createEncore === 'function';
    });
    expect(same).toBe(true);
    await server.waitForEvents(1, (e) => e.event === 'Iife Once');
    await page.evaluate(() => (window as any).encore.flush());
    expect(server.events().filter((e) => e.event === 'Iife Once')).toHaveLength(1);
    expect(log.errors).toEqual([]);
    await ctx.close();
  });

  it('hidden before the library loads: buffered calls are delivered by the next page, exactly once', async () => {
    const ctx = await browser.newContext();
    const { page } = await open(ctx, `${server.origin}${PAGES}/leave.html`);
    const early: Early[] = await page.evaluate(() => (window as any).__early);
    await hidePage(page);
    // Kept for the next page, nothing sent yet.
    expect(await page.evaluate(() => JSON.parse(localStorage.getItem('encore:buffer') ?? '[]').length)).toBe(2);
    expect(server.events().filter((e) => early.some((x) => x.id === e.messageId))).toHaveLength(0);

    // The tab comes back and the library arrives on this page: each event is sent once, from the kept copy.
    await page.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'visible' });
      Object.defineProperty(document, 'hidden', { configurable: true, get: () => false });
    });
    lib.open();
    await page.waitForFunction(() => typeof (window as any).encore.VERSION === 'string');
    const got = await server.waitForEvents(2, (e) => early.some((x) => x.id === e.messageId));
    expect(got.map((e) => Date.parse(e.timestamp)).sort()).toEqual(early.map((x) => x.t).sort());
    await page.evaluate(() => (window as any).encore.flush());

    // The next page has nothing left to send again.
    await page.goto(`${server.origin}${PAGES}/next.html`, { waitUntil: 'domcontentloaded' });
    await server.waitForEvents(1, (e) => e.event === 'Next Page');
    await page.evaluate(() => (window as any).encore.flush());
    const n = arrivals(server);
    for (const x of early) expect(n.get(x.id)).toBe(1);
    await ctx.close();
  });

  it('left for another page before the library loads: the next page delivers the buffered calls once, with their original time', async () => {
    const ctx = await browser.newContext();
    const { page } = await open(ctx, `${server.origin}${PAGES}/leave.html?left`);
    const early: Early[] = await page.evaluate(() => (window as any).__early);
    // A link click while the library is still on its way: pagehide, and the library never arrives here.
    await page.goto(`${server.origin}${PAGES}/next.html`, { waitUntil: 'domcontentloaded' });
    const got = await server.waitForEvents(2, (e) => early.some((x) => x.id === e.messageId));
    const byId = new Map(got.map((e) => [e.messageId, e]));
    expect(byId.get(early[0]!.id).type).toBe('page');
    expect(byId.get(early[0]!.id).context.page.search).toBe('?left'); // the page it happened on
    expect(byId.get(early[1]!.id).event).toBe('Left Early');
    expect(Date.parse(byId.get(early[1]!.id).timestamp)).toBe(early[1]!.t);
    await page.evaluate(() => (window as any).encore.flush());
    // A third page does not send them again.
    await page.goto(`${server.origin}${PAGES}/next.html?again`, { waitUntil: 'domcontentloaded' });
    await server.waitForEvents(1, (e) => e.event === 'Next Page' && e.context.page.search === '?again');
    await page.evaluate(() => (window as any).encore.flush());
    const n = arrivals(server);
    for (const x of early) expect(n.get(x.id)).toBe(1);
    expect(lib.hits).toBe(1);
    await ctx.close();
  });

  it('keeps nothing for the next page without analytics consent', async () => {
    const ctx = await browser.newContext();
    const { page } = await open(ctx, `${server.origin}${PAGES}/consent-pending.html`);
    await hidePage(page);
    expect(await page.evaluate(() => localStorage.getItem('encore:buffer'))).toBeNull();
    await ctx.close();
  });
});
