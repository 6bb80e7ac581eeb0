import { describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { openPage } from '../../support/browser';
import { ROOT } from '../../support/server';
import { context, replaceContext, domDump, inShadow, server, state, useGalleryEnv, waitForGrid } from './support';

useGalleryEnv({ viewport: { width: 1200, height: 900 }, timezoneId: 'Asia/Tokyo', locale: 'en-US' });

const PAGE = '/test/browser/gallery/pages/gallery.html';

async function open(customer: string | null, query = '', page = PAGE) {
  if (customer) await context.addCookies([{ name: 'customer', value: customer, url: server.origin }]);
  const { page: p, log } = await openPage(context, `${server.origin}${page}${query}`);
  return { page: p, log };
}

type Card = { title: string; locked: boolean; reason: string | null; cta: string | null; href: string | null; badge: string | null; isNew: boolean };
const cards = (page: Parameters<typeof inShadow>[0]) =>
  inShadow<Card[]>(
    page,
    `(root) => [...root.querySelectorAll('.card')].map((li) => ({
      title: li.querySelector('.t').textContent,
      locked: li.classList.contains('locked'),
      reason: li.querySelector('.why')?.textContent ?? null,
      cta: li.querySelector('.cta')?.textContent ?? null,
      href: li.querySelector('.cta')?.getAttribute('href') ?? null,
      badge: li.querySelector('.lock')?.textContent ?? null,
      isNew: !!li.querySelector('.new'),
    }))`,
  );

describe('gallery entitlement', () => {
  it('shows an anonymous shopper locked teasers with reasons and calls to action', async () => {
    const { page, log } = await open(null);
    await waitForGrid(page);
    const list = await cards(page);
    expect(list.map((c) => [c.title, c.locked])).toEqual([
      ['Welcome to the Run Club', false],
      ['Inside the Trail Runner 3 lab', true],
      ['Lacing for long runs', true],
      ['First look: the spring colorway', true],
    ]);
    expect(list[1]).toMatchObject({ reason: 'Gold members', cta: 'Join Gold', href: `${server.origin}/members/join`, badge: 'Locked' });
    expect(list[2]).toMatchObject({ reason: 'For buyers of Trail Runner 3', cta: 'Shop Trail Runner 3' });
    // December 1st 03:00 UTC is noon on 12/1 in Tokyo (the context's time zone).
    expect(list[3]!.reason).toMatch(/^Available from 12\/1(\/\d{4})?$/);
    // The manifest was requested with the store's cookie credentials.
    expect(state.manifestRequests).toHaveLength(1);
    expect(log.errors).toEqual([]);
    // Screenshot for review: locked and unlocked items.
    mkdirSync(`${ROOT}/test-results`, { recursive: true });
    await page.waitForFunction(() => document.querySelector('#gallery')!.shadowRoot!.querySelectorAll('img.on').length >= 4);
    await page.screenshot({ path: `${ROOT}/test-results/gallery.png`, fullPage: true });
  });

  it('unlocks by tier and by purchase, as the server decides', async () => {
    const gold = await open('gold');
    await waitForGrid(gold.page);
    expect((await cards(gold.page)).map((c) => c.locked)).toEqual([false, false, false, true]);
    const buyer = await open('buyer');
    await waitForGrid(buyer.page);
    expect((await cards(buyer.page)).map((c) => c.locked)).toEqual([false, true, false, true]);
  });

  it('puts no playback URL of a locked item anywhere in the DOM or shadow roots', async () => {
    state.leak = true; // a server that wrongly sends playback on locked items
    const { page } = await open(null);
    await waitForGrid(page);
    const dump = await domDump(page);
    expect(dump).toContain('Inside the Trail Runner 3 lab');
    expect(dump).not.toContain('LEAK');
    // Not even unlocked items carry a playback URL until they are played.
    expect(dump).not.toContain('/media/');
    expect(state.mediaRequests).toEqual([]);
    const errors = await page.evaluate(() => (window as any).__calls.errors as string[]);
    expect(errors.filter((e) => /discarded/.test(e))).toHaveLength(3);
  });

  it('re-fetches entitlement when the identity changes', async () => {
    const { page } = await open(null);
    await waitForGrid(page);
    expect((await cards(page)).filter((c) => c.locked)).toHaveLength(3);
    // At once, before the server answers, the previous shopper's grid is gone (nothing stale to play).
    const during = await page.evaluate(() => {
      (window as any).fakeEncore.identify('gold');
      const root = document.querySelector('#gallery')!.shadowRoot!;
      return { buttons: root.querySelectorAll('.open').length, busy: root.querySelector('[part=gallery]')!.getAttribute('aria-busy') };
    });
    expect(during).toEqual({ buttons: 0, busy: 'true' });
    await page.waitForFunction(() => document.querySelector('#gallery')!.shadowRoot!.querySelectorAll('.card.locked').length === 1);
    expect(state.manifestRequests).toHaveLength(2);
    expect(state.manifestRequests[1]!.headers.cookie).toContain('customer=gold');
    await page.evaluate(() => (window as any).fakeEncore.reset());
    await page.waitForFunction(() => document.querySelector('#gallery')!.shadowRoot!.querySelectorAll('.card.locked').length === 3);
    // refresh() is public too.
    await page.evaluate(() => (window as any).gallery.refresh());
    expect(state.manifestRequests).toHaveLength(4);
  });

  it('shows Japanese strings under lang="ja"', async () => {
    const { page } = await open(null, '', '/test/browser/gallery/pages/gallery-ja.html');
    await waitForGrid(page);
    const list = await cards(page);
    expect(list[1]).toMatchObject({ reason: 'ゴールド会員限定', badge: '限定' });
    expect(list[2]!.reason).toBe('Trail Runner 3をご購入の方限定');
    expect(list[3]!.reason).toMatch(/^(\d{4}\/)?12\/1から公開$/);
    const label = await inShadow<string>(page, `(root) => root.querySelector('.open').getAttribute('aria-label')`);
    expect(label).toBe('Welcome to the Run Clubを再生 (NEW)');
  });

  it('tracks Gallery Viewed once, locked teasers seen or clicked, and new content once per item', async () => {
    const { page } = await open(null, '?tz=Asia/Tokyo');
    await waitForGrid(page);
    await page.waitForFunction(() => (window as any).__calls.track.some((t: any) => t.event === 'Gallery Viewed'));
    await page.waitForFunction(() => (window as any).__calls.track.filter((t: any) => t.event === 'Gallery Item Locked Viewed').length >= 3);
    await inShadow(page, `(root) => root.querySelectorAll('.card.locked')[0].click()`);
    await page.evaluate(() => (window as any).gallery.refresh());
    const track = await page.evaluate(() => (window as any).__calls.track as Array<{ event: string; properties: any }>);
    const viewed = track.filter((t) => t.event === 'Gallery Viewed');
    expect(viewed).toEqual([{ event: 'Gallery Viewed', properties: { gallery_id: 'members-running', item_count: 4, locked_count: 3 } }]);
    const locked = track.filter((t) => t.event === 'Gallery Item Locked Viewed').map((t) => t.properties);
    expect(locked.filter((p) => p.interaction === 'view').map((p) => [p.item_id, p.reason]).sort()).toEqual([
      ['bts-01', 'tier'],
      ['drop-01', 'release'],
      ['howto-01', 'purchase'],
    ]);
    expect(locked.filter((p) => p.interaction === 'click')).toEqual([{ gallery_id: 'members-running', item_id: 'bts-01', reason: 'tier', interaction: 'click' }]);
    // intro (2 days old) and drop-01 (1 day old) are new on a first visit; announced once even after refresh.
    const announced = track.filter((t) => t.event === 'Exclusive Content Available').map((t) => t.properties.item_id);
    expect(announced).toEqual(['intro', 'drop-01']);
    expect((await cards(page)).map((c) => c.isNew)).toEqual([true, false, false, true]);
    // Reloading in the same visit keeps the badges but announces nothing again.
    await page.reload();
    await waitForGrid(page);
    expect((await cards(page)).map((c) => c.isNew)).toEqual([true, false, false, true]);
    expect(await page.evaluate(() => (window as any).__calls.track.filter((t: any) => t.event === 'Exclusive Content Available').length)).toBe(0);
    // A later visit (last seen two hours ago): nothing published since then, so nothing is new.
    await page.evaluate(() => localStorage.setItem('encore:gallery:members-running:lastVisit', String(Date.now() - 2 * 3600e3)));
    await page.reload();
    await waitForGrid(page);
    expect((await cards(page)).map((c) => c.isNew)).toEqual([false, false, false, false]);
    expect(await page.evaluate(() => (window as any).__calls.track.filter((t: any) => t.event === 'Exclusive Content Available').length)).toBe(0);
  });

  it('skips invalid items with a warning and an error notification, rendering the rest', async () => {
    state.invalidItems = true;
    const { page, log } = await open(null);
    await waitForGrid(page);
    expect(await cards(page)).toHaveLength(4);
    const calls = await page.evaluate(() => (window as any).__calls);
    expect(calls.errors.filter((e: string) => /skipped/.test(e))).toHaveLength(2);
    expect(calls.domErrors.length).toBe(calls.errors.length);
    expect(log.console.filter((c) => c.startsWith('warning: [encore-gallery]') && /skipped/.test(c))).toHaveLength(2);
  });

  it('shows an error state with a working retry when the endpoint is down or not JSON', async () => {
    for (const broken of ['down', 'html', 'invalid'] as const) {
      state.broken = broken;
      const { page } = await open(null);
      await waitForGrid(page, 'error');
      expect(await inShadow<string>(page, `(root) => root.querySelector('[part=error]').textContent`)).toContain('We couldn’t load these videos.');
      state.broken = null;
      await inShadow(page, `(root) => root.querySelector('[part=retry]').click()`);
      await waitForGrid(page);
      expect(await cards(page)).toHaveLength(4);
      await page.close();
    }
  });

  it('is one column on a phone, loads posters only near the viewport, and honours reduced motion', async () => {
    await replaceContext({ viewport: { width: 375, height: 600 }, reducedMotion: 'reduce' });
    const posters: string[] = [];
    context.on('request', (r) => {
      if (r.url().endsWith('.svg')) posters.push(r.url().split('/').pop()!);
    });
    const { page } = await open(null);
    await waitForGrid(page);
    const layout = await inShadow<{ columns: number; transition: string }>(
      page,
      `(root) => ({ columns: getComputedStyle(root.querySelector('.grid')).gridTemplateColumns.split(' ').length, transition: getComputedStyle(root.querySelector('.card')).transitionDuration })`,
    );
    expect(layout).toEqual({ columns: 1, transition: '0s' });
    await page.waitForFunction(() => document.querySelector('#gallery')!.shadowRoot!.querySelectorAll('img.on').length >= 1);
    expect(posters).not.toContain('spring.svg');
    await inShadow(page, `(root) => root.querySelectorAll('.card')[3].scrollIntoView()`);
    await page.waitForFunction(() => document.querySelector('#gallery')!.shadowRoot!.querySelectorAll('img.on').length === 4);
    expect(posters).toContain('spring.svg');
  });

  it('is themable with custom properties and ::part from the page', async () => {
    const { page } = await open(null);
    await waitForGrid(page);
    await page.evaluate(() => document.querySelector('#gallery')!.classList.add('themed'));
    const themed = await inShadow<Record<string, string>>(
      page,
      `(root) => { const cta = getComputedStyle(root.querySelector('.cta')); const locked = getComputedStyle(root.querySelector('.card.locked')); const open = getComputedStyle(root.querySelector('.card:not(.locked)'));
        return { bg: cta.backgroundColor, transform: cta.textTransform, radius: locked.borderTopLeftRadius, lockedOutline: locked.outlineColor, openOutline: open.outlineStyle }; }`,
    );
    expect(themed).toEqual({ bg: 'rgb(10, 120, 200)', transform: 'uppercase', radius: '3px', lockedOutline: 'rgb(200, 0, 0)', openOutline: 'none' });
  });

  it('never throws into the page on bad arguments', async () => {
    const { page } = await open(null);
    await waitForGrid(page);
    // A string, so the test runner does not rewrite the dynamic import.
    const result = (await page.evaluate(`(async () => {
      const { renderGallery } = await import('/__gallery/gallery.js');
      const errors = [];
      const onError = (e) => errors.push(e.message);
      const a = renderGallery(document.createElement('input'), { src: '/api/gallery/x', onError });
      await a.refresh();
      a.destroy();
      const host = document.body.appendChild(document.createElement('div'));
      const b = renderGallery(host, { onError });
      await b.refresh();
      const shown = !!host.shadowRoot.querySelector('[part=error]');
      b.destroy();
      b.destroy();
      const c = renderGallery(document.body.appendChild(document.createElement('div')), undefined);
      c.destroy();
      return { errors, shown };
    })()`)) as { errors: string[]; shown: boolean };
    expect(result.shown).toBe(true);
    expect(result.errors).toEqual([expect.stringMatching(/cannot render into INPUT/), expect.stringMatching(/src .* is missing/), expect.stringMatching(/src .* is missing/)]);
  });

  it('works as <encore-gallery> and cleans up on removal', async () => {
    const { page } = await open('gold', '?mode=element');
    await waitForGrid(page);
    expect((await cards(page)).map((c) => c.locked)).toEqual([false, false, false, true]);
    expect(await page.evaluate(() => (window as any).fakeEncore.listenerCount('identity'))).toBe(1);
    // Properties set before definition were taken over: one render, one fetch.
    expect(state.manifestRequests).toHaveLength(1);
    await page.evaluate(() => document.querySelector('#gallery')!.remove());
    expect(await page.evaluate(() => (window as any).fakeEncore.listenerCount('identity'))).toBe(0);
  });
});
