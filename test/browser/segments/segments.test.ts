/**
 * Segments in every engine (Chromium, Firefox, WebKit) with the real client, store and collector: interest from video and
 * product views, carried on later events, persisted across reloads, and nothing kept without
 * personalization consent.
 */
import { describe, expect, it } from 'vitest';
import { openEnginePage as openPage, type Page } from '../../support/engines';
import { engineBrowser as browser, server, useEngineEnv } from '../../support/env';
import { letTimePass } from '../../support/wait';

useEngineEnv();

const url = (query = '') => `${server.origin}/test/browser/segments/pages/segments.html${query}`;
/** The segments feature loads lazily; it is running once `segments()` reports a lifecycle stage. */
const ready = (page: Page) => page.waitForFunction(() => (window as any).enc.segments().length > 0);
const segmentIds = (page: Page) => page.evaluate(() => (window as any).enc.segments().map((s: any) => s.id) as string[]);
const idbKeys = (page: Page) => page.evaluate(() => (window as any).idbKeys()) as Promise<string[]>;
const hasSegmentsKey = (keys: string[]) => keys.some((k) => k.includes('segments'));
const mine = (anonymousId: string) => (e: any) => e.anonymousId === anonymousId;

describe('segments', () => {
  it('enters interest:running with consent, stamps it on later events and keeps it across a reload', async () => {
    const context = await browser.newContext();
    const { page, log } = await openPage(context, url());
    await ready(page);
    await page.evaluate(() => (window as any).enc.track('Start'));
    const anon: string = (await server.waitForEvents(1, (e) => e.event === 'Start'))[0].anonymousId;
    await page.evaluate(() => {
      const enc = (window as any).enc;
      enc.page();
      enc.track('Video View Summary', { view_id: 'v1', video_id: 'vid1', category: 'running', watch_time_ms: 120_000 });
      enc.track('Product Viewed', { product_id: 'SKU1', category: 'running' });
    });
    const [entered] = await server.waitForEvents(1, (e) => mine(anon)(e) && e.event === 'Segment Entered' && e.properties.segment === 'interest:running');
    expect(entered!.properties.score).toBeCloseTo(3, 1);
    expect(await segmentIds(page)).toContain('interest:running');

    await page.evaluate(() => (window as any).enc.track('After'));
    const [after] = await server.waitForEvents(1, (e) => mine(anon)(e) && e.event === 'After');
    expect(after!.context.traits.segments).toContain('interest:running');

    // Persisted (debounced write): one key in the local state store.
    await expect.poll(async () => hasSegmentsKey(await idbKeys(page)), { timeout: 10_000 }).toBe(true);
    await page.reload();
    await page.waitForFunction(() => (window as any).enc.segments().some((s: any) => s.id === 'interest:running'));
    await page.evaluate(() => (window as any).enc.track('After Reload'));
    // (Matched by name, not anonymousId: see the report about ids across reloads.)
    const [reloaded] = await server.waitForEvents(1, (e) => e.event === 'After Reload');
    expect(reloaded!.context.traits.segments).toContain('interest:running');
    // Not entered a second time.
    const entries = [...server.uniqueEvents().values()].filter((e) => e.event === 'Segment Entered' && e.properties.segment === 'interest:running');
    expect(entries).toHaveLength(1);

    // Withdrawing personalization forgets it all.
    await page.evaluate(() => (window as any).enc.consent({ personalization: false }));
    expect(await segmentIds(page)).toEqual([]);
    await expect.poll(async () => hasSegmentsKey(await idbKeys(page)), { timeout: 10_000 }).toBe(false);
    await page.evaluate(() => (window as any).enc.track('Withdrawn'));
    const [withdrawn] = await server.waitForEvents(1, (e) => e.event === 'Withdrawn');
    expect(withdrawn!.context.traits?.segments).toBeUndefined();
    expect(log.errors).toEqual([]);
    await context.close();
  });

  it('without personalization consent: no segments, no Segment events, nothing stored', async () => {
    const context = await browser.newContext();
    const { page, log } = await openPage(context, url('?consent=no-personalization'));
    await page.evaluate(() => {
      const enc = (window as any).enc;
      enc.page();
      for (let i = 0; i < 3; i++) {
        enc.track('Video View Summary', { view_id: 'v' + i, video_id: 'vid', category: 'running', watch_time_ms: 300_000 });
        enc.track('Product Viewed', { product_id: 'SKU1', category: 'running' });
      }
    });
    const anon = (await server.waitForEvents(1, (e) => e.event === 'Product Viewed' && e.context.consent?.personalization === false)).at(-1).anonymousId;
    // Once more after the lazily loaded feature is surely running. Without consent it shows no sign
    // of running, so proving it stores and emits nothing takes time: 1.5 s with nothing.
    await page.waitForFunction(() => document.readyState === 'complete');
    await page.evaluate(() => (window as any).enc.track('Product Viewed', { product_id: 'SKU2', category: 'running' }));
    await letTimePass(1500);
    await page.evaluate(() => (window as any).enc.flush());
    const events = [...server.uniqueEvents().values()].filter(mine(anon));
    expect(events.filter((e) => e.event === 'Product Viewed')).toHaveLength(4);
    expect(events.filter((e) => String(e.event).startsWith('Segment'))).toEqual([]);
    expect(events.filter((e) => e.context.traits?.segments)).toEqual([]);
    expect(await segmentIds(page)).toEqual([]);
    expect(hasSegmentsKey(await idbKeys(page))).toBe(false);
    expect(log.errors).toEqual([]);
    await context.close();
  });

  // Events tracked in the same task as createEncore reach the queue before the lazily loaded
  // segments feature is added; the client shows them to the feature when it arrives.
  it('counts product views tracked in the same task as createEncore', async () => {
    const context = await browser.newContext();
    try {
      const { page } = await openPage(context, url('?early'));
      await page.waitForFunction(() => (window as any).enc.segments().some((s: any) => s.id === 'interest:early'), undefined, { timeout: 3000 });
    } finally {
      await context.close();
    }
  });
});
