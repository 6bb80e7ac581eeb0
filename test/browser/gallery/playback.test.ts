import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openPage } from '../../support/browser';
import { context, domDump, inShadow, server, state, useGalleryEnv, waitForGrid } from './support';

useGalleryEnv({ viewport: { width: 1200, height: 900 } });

async function open(customer: string | null, query = '', path = '/test/browser/gallery/pages/gallery.html') {
  if (customer) await context.addCookies([{ name: 'customer', value: customer, url: server.origin }]);
  const { page, log } = await openPage(context, `${server.origin}${path}${query}`);
  await waitForGrid(page);
  return { page, log };
}

/** Clicks the play button of the n-th unlocked card. */
const clickPlay = (page: Page, n = 0) => inShadow(page, `(root) => root.querySelectorAll('.open')[${n}].click()`);
const dialogOpen = (page: Page) => page.waitForFunction(() => !!document.querySelector('#gallery')!.shadowRoot!.querySelector('dialog[open]'));
const playing = (page: Page) =>
  page.waitForFunction(() => {
    const v = document.querySelector('#gallery')!.shadowRoot!.querySelector('video');
    return !!v && v.currentTime > 0.2;
  }, undefined, { timeout: 20_000 });
const playerError = (page: Page) =>
  page.waitForFunction(() => document.querySelector('#gallery')!.shadowRoot!.querySelector('.st')?.textContent || '', undefined, { timeout: 20_000 }).then((h) => h.jsonValue());
const calls = (page: Page) => page.evaluate(() => (window as any).__calls);
const activeInShadow = (page: Page) =>
  page.evaluate(() => {
    const a = document.querySelector('#gallery')!.shadowRoot!.activeElement as HTMLElement | null;
    return a ? `${a.tagName.toLowerCase()}.${a.className}|${a.getAttribute('aria-label') ?? a.textContent}` : `outside:${document.activeElement?.id}`;
  });

describe('gallery playback', () => {
  it('plays an unlocked item in a labelled modal dialog, tracked with its category and products', async () => {
    const { page, log } = await open('gold');
    await clickPlay(page, 1); // bts-01, HLS, gold only
    await dialogOpen(page);
    const a11y = await inShadow<any>(
      page,
      `(root) => { const d = root.querySelector('dialog'); return { modal: d.getAttribute('aria-modal'), label: root.getElementById(d.getAttribute('aria-labelledby')).textContent, matches: d.matches(':modal') }; }`,
    );
    expect(a11y).toEqual({ modal: 'true', label: 'Inside the Trail Runner 3 lab', matches: true });
    await playing(page);
    const c = await calls(page);
    expect(c.attach).toEqual([{ videoId: 'bts-01', title: 'Inside the Trail Runner 3 lab', category: 'running', productIds: ['SKU9'] }]);
    expect(state.mediaRequests.some((u) => u.startsWith('/media/gallery/master.m3u8?c=gold'))).toBe(true);
    // Logging out while playing: the server now says locked, so the player closes.
    await page.evaluate(() => (window as any).fakeEncore.reset());
    await page.waitForFunction(() => !document.querySelector('#gallery')!.shadowRoot!.querySelector('dialog'));
    expect((await calls(page)).detach).toBe(1);
    expect(await domDump(page)).not.toContain('/media/');
    expect(log.errors).toEqual([]);
  });

  it('destroy() stops playback and removes everything it added', async () => {
    const { page } = await open(null);
    await clickPlay(page, 0);
    await playing(page);
    const after = await page.evaluate(() => {
      const host = document.querySelector('#gallery')!;
      (window as any).gallery.destroy();
      return { children: host.shadowRoot!.childNodes.length, sheets: host.shadowRoot!.adoptedStyleSheets.length, listeners: (window as any).fakeEncore.listenerCount('identity') };
    });
    expect(after).toEqual({ children: 0, sheets: 0, listeners: 0 });
    expect((await calls(page)).detach).toBe(1);
    // Nothing fires afterwards: no refetch on identity change, no more events.
    const tracked = (await calls(page)).track.length;
    await page.evaluate(() => (window as any).fakeEncore.identify('gold'));
    await page.evaluate(() => window.scrollTo(0, 500));
    expect(state.manifestRequests).toHaveLength(1);
    expect((await calls(page)).track.length).toBe(tracked);
  });

  it('is keyboard operable: Tab to a card, Enter opens, focus stays in the dialog, Esc closes and restores focus', async () => {
    const { page } = await open(null);
    await page.focus('#before');
    await page.keyboard.press('Tab');
    expect(await activeInShadow(page)).toBe('button.open|Play Welcome to the Run Club (New)');
    // Focus is visible.
    const outline = await inShadow<string>(page, `(root) => { const s = getComputedStyle(root.activeElement); return s.outlineStyle + ' ' + s.outlineWidth; }`);
    expect(outline).toBe('solid 3px');
    await page.keyboard.press('Enter');
    await dialogOpen(page);
    expect(await activeInShadow(page)).toBe('button.x|Close');
    const seen = new Set<string>();
    for (let i = 0; i < 5; i++) {
      await page.keyboard.press('Tab');
      seen.add(await activeInShadow(page));
    }
    await page.keyboard.press('Shift+Tab');
    seen.add(await activeInShadow(page));
    expect([...seen].sort()).toEqual(['button.x|Close', 'video.|']);
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !document.querySelector('#gallery')!.shadowRoot!.querySelector('dialog'));
    expect(await activeInShadow(page)).toBe('button.open|Play Welcome to the Run Club (New)');
    // On through the locked cards' calls to action, then out of the gallery.
    const order: string[] = [];
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press('Tab');
      order.push(await activeInShadow(page));
    }
    expect(order).toEqual(['a.cta|Join Gold', 'a.cta|Shop Trail Runner 3', 'a.cta|Notify me', 'outside:after']);
  });

  it('re-fetches the manifest once for an expired URL, then plays with the fresh one', async () => {
    state.expiredNext = 1;
    const { page } = await open(null);
    await clickPlay(page, 0);
    await playing(page);
    expect(state.manifestRequests).toHaveLength(2);
    expect(state.mediaRequests.every((u) => !u.includes('exp=') || Number(/exp=(\d+)/.exec(u)![1]) > Date.now() - 60_000)).toBe(true);
  });

  it('re-fetches once when the URL is still expired, then shows an error', async () => {
    state.expiredNext = 5;
    const { page } = await open(null);
    await clickPlay(page, 0);
    expect(await playerError(page)).toBe('This video can’t be played right now. Please try again later.');
    expect(state.manifestRequests).toHaveLength(2);
    // Expired URLs are never even requested.
    expect(state.mediaRequests).toEqual([]);
    expect((await calls(page)).errors.some((e: string) => /expired/.test(e))).toBe(true);
  });

  it('re-fetches once after a 403 from media, then shows an error', async () => {
    state.denyMedia = true;
    const { page } = await open(null);
    await clickPlay(page, 0);
    expect(await playerError(page)).toMatch(/can’t be played/);
    expect(state.manifestRequests).toHaveLength(2);
    const tokens = new Set(state.mediaRequests.map((u) => /token=(\w+)/.exec(u)?.[1]));
    expect(tokens.size).toBe(2); // the first URL, then the fresh one
    expect(await inShadow<boolean>(page, `(root) => root.querySelector('video').hasAttribute('src')`)).toBe(false);
    // Each attempt was its own tracked view, and both ended.
    const c = await calls(page);
    expect([c.attach.length, c.detach]).toEqual([2, 2]);
  });

  it('downloads hls.js only when a video needs it, through the default dynamic import', async () => {
    const hlsRequests: string[] = [];
    context.on('request', (r) => {
      if (r.url().includes('/node_modules/hls.js/')) hlsRequests.push(r.url());
    });
    const { page } = await open('gold', '?hlsjs=1', '/test/browser/gallery/pages/hls.html');
    await page.waitForFunction(() => document.querySelector('#gallery')!.shadowRoot!.querySelectorAll('img.on').length >= 4);
    await clickPlay(page, 0); // intro is MP4: played natively, still no hls.js
    await playing(page);
    await page.keyboard.press('Escape');
    expect(hlsRequests).toEqual([]);
    await clickPlay(page, 1); // bts-01 is HLS; hls.js forced
    await playing(page);
    expect(hlsRequests).toEqual([`${server.origin}/node_modules/hls.js/dist/hls.mjs`]);
    // hls.js fetched the rewritten, signed child playlists and segments.
    expect(state.mediaRequests.some((u) => /^\/media\/gallery\/r\d\/.*token=/.test(u))).toBe(true);
    const c = await calls(page);
    expect(c.attach.map((m: any) => m.videoId)).toEqual(['intro', 'bts-01']);
    // hls.js playback is tracked through the encore-sdk/hls adapter (renditions, fatal errors).
    expect(c.adapters).toEqual([null, 'hls.js']);
  });

  it('uses a loadHls option (script-tag pages) and recovers from a 403 through hls.js too', async () => {
    state.denyMedia = true;
    const { page } = await open('gold', '?hlsjs=1&loadHls=1');
    await clickPlay(page, 1);
    expect(await playerError(page)).toMatch(/can’t be played/);
    expect(state.manifestRequests).toHaveLength(2);
    expect((await calls(page)).errors.some((e: string) => /hls\.js/.test(e))).toBe(true);
  });
});
