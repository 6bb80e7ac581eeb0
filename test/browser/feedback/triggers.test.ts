/**
 * When the survey shows, in real Chromium with the real client and collector: at most once per
 * period across reloads, only with analytics consent, after a real video's `ended`, and some days
 * after an order from the local purchase history (encore-sdk/recommendations).
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openPage, type PageLog } from '../../support/browser';
import { browser, server, useBrowserEnv } from '../../support/env';

const PAGE = '/test/browser/feedback/pages/survey.html';
const CLIP = '/test/fixtures/recommendations/clip-a.mp4';
const DAY = 86_400_000;

useBrowserEnv((server) => {
  server.htmlHeaders['content-security-policy'] = "default-src 'self'; script-src 'self'; style-src 'self'; media-src 'self'; connect-src 'self'";
});

const url = (setup: Record<string, unknown>) => `${server.origin}${PAGE}?setup=${encodeURIComponent(JSON.stringify(setup))}`;
async function load(page: Page, setup: Record<string, unknown>) {
  await page.goto(url(setup));
  await page.waitForFunction(() => (window as any).pageReady);
}
async function open(setup?: Record<string, unknown>): Promise<{ page: Page; log: PageLog }> {
  const o = await openPage(browser);
  if (setup) await load(o.page, setup);
  return o;
}
const shown = (page: Page, sel = '#survey') => page.evaluate((s) => (window as any).shown(s), sel);
const waitShown = (page: Page, sel = '#survey') => page.waitForFunction((s) => (window as any).shown(s) !== null, sel);
const events = (event: string, id: string) => [...server.uniqueEvents().values()].filter((e) => e.event === event && e.properties.survey_id === id);

describe('survey triggers', () => {
  it('shows at most once per period across reloads, and again once the period has passed', async () => {
    const cap = { surveyId: 'cap-nps', type: 'nps', periodDays: 30 };
    const { page, log } = await open({ options: cap });
    await waitShown(page);
    await server.waitForEvents(1, (e) => e.event === 'Survey Shown' && e.properties.survey_id === 'cap-nps');
    expect(await page.evaluate(() => JSON.parse(localStorage.getItem('encore:survey:cap-nps')!).at)).toBeGreaterThan(Date.now() - 60_000);
    // Reload: the capped survey stays away. A second survey on the page (not capped) shows, which
    // means the first was evaluated too (it is armed first, and decides without waiting).
    for (let i = 0; i < 2; i++) {
      await load(page, { surveys: [['#survey', cap], ['#survey2', { surveyId: `probe-${i}`, type: 'csat', periodDays: 0 }]] });
      await waitShown(page, '#survey2');
      await server.waitForEvents(1, (e) => e.event === 'Survey Shown' && e.properties.survey_id === `probe-${i}`);
      expect(await shown(page)).toBeNull();
      expect(await page.evaluate(() => (window as any).handles['#survey'].state)).toBe('waiting');
    }
    // A period that has passed (about a millisecond): shown again.
    await load(page, { options: { ...cap, periodDays: 1e-8 } });
    await waitShown(page);
    await server.waitForEvents(2, (e) => e.event === 'Survey Shown' && e.properties.survey_id === 'cap-nps');
    expect(events('Survey Shown', 'cap-nps')).toHaveLength(2);
    expect(log.errors).toEqual([]);
    await page.close();
  });

  it('does not show without analytics consent; shows once it is given; goes away (and forgets) when withdrawn', async () => {
    const { page, log } = await open({ consent: { analytics: false, personalization: true }, options: { surveyId: 'consent-nps', type: 'nps' } });
    await page.evaluate(() => (window as any).handles['#survey'].show());
    // Were it shown, its chunk would load and Survey Shown would be sent: wait for the network to go quiet.
    await page.waitForLoadState('networkidle');
    expect(await shown(page)).toBeNull();
    expect(await page.evaluate(() => localStorage.getItem('encore:survey:consent-nps'))).toBeNull();
    await page.evaluate(() => (window as any).enc.consent({ analytics: true }));
    await waitShown(page);
    const [ev] = await server.waitForEvents(1, (e) => e.event === 'Survey Shown' && e.properties.survey_id === 'consent-nps');
    expect(ev.context.consent.analytics).toBe(true);
    expect(events('Survey Shown', 'consent-nps')).toHaveLength(1);
    await page.evaluate(() => (window as any).enc.consent({ analytics: false }));
    expect(await shown(page)).toBeNull();
    expect(await page.evaluate(() => localStorage.getItem('encore:survey:consent-nps'))).toBeNull();
    expect(events('Survey Dismissed', 'consent-nps')).toEqual([]);
    expect(log.errors).toEqual([]);
    await page.close();
  });

  it('after a real video: appears when it fires ended, not during playback, with the video id and category', async () => {
    const { page, log } = await open({ options: { surveyId: 'howto-csat', type: 'csat', afterVideo: '#v' } });
    await page.evaluate((src) => {
      const w = window as any;
      const video = document.querySelector('#v') as HTMLVideoElement;
      w.seenDuringPlayback = false;
      video.addEventListener('timeupdate', () => {
        if (!video.ended && w.shown('#survey')) w.seenDuringPlayback = true;
      });
      const root = document.querySelector('#survey')!.shadowRoot!;
      new MutationObserver(() => {
        if (root.querySelector('section') && w.endedAtShow === undefined) w.endedAtShow = video.ended;
      }).observe(root, { childList: true });
      w.enc.attachVideo(video, { videoId: 'howto-sharpen', category: 'knives' });
      video.src = src;
      return video.play();
    }, CLIP);
    await page.waitForFunction(() => (document.querySelector('#v') as HTMLVideoElement).currentTime > 0.5);
    expect(await shown(page)).toBeNull();
    await waitShown(page);
    expect(await page.evaluate(() => [(window as any).endedAtShow, (window as any).seenDuringPlayback])).toEqual([true, false]);
    const [ev] = await server.waitForEvents(1, (e) => e.event === 'Survey Shown' && e.properties.survey_id === 'howto-csat');
    expect(ev.properties).toEqual({ survey_id: 'howto-csat', survey_type: 'csat', video_id: 'howto-sharpen', category: 'knives' });
    // Playing it again does not ask again on this page.
    await page.evaluate(() => (window as any).handles['#survey'].dismiss());
    await page.evaluate(() => (document.querySelector('#v') as HTMLVideoElement).play());
    await page.waitForFunction(() => (document.querySelector('#v') as HTMLVideoElement).ended);
    await server.waitForEvents(1, (e) => e.event === 'Survey Dismissed' && e.properties.survey_id === 'howto-csat');
    expect(await shown(page)).toBeNull();
    expect(log.errors).toEqual([]);
    await page.close();
  });

  it('some days after an order in the local purchase history: asks about the newest due order, once per order', async () => {
    const { page, log } = await open({ surveys: [] });
    const render = () =>
      page.evaluate(async (DAY) => {
        const w = window as any;
        const recs = await w.loadRecs();
        const history = recs.localPurchaseHistory({ personalization: true });
        const now = Date.now();
        await recs.recordPurchase({ order_id: 'o-55', products: [{ product_id: 'board', category: 'cutting-boards' }] }, { history, at: now - 30 * DAY });
        await recs.recordPurchase({ order_id: 'o-77', products: [{ product_id: 'heads', category: 'oral-care' }] }, { history, at: now - 20 * DAY });
        await recs.recordPurchase({ order_id: 'o-99', products: [{ product_id: 'knife', category: 'knives' }] }, { history, at: now - 2 * DAY });
        w.survey({ surveyId: 'after-order', type: 'csat', afterOrderDays: 14, periodDays: 0, history });
      }, DAY);
    await render();
    await waitShown(page);
    let asked = await server.waitForEvents(1, (e) => e.event === 'Survey Shown' && e.properties.survey_id === 'after-order');
    expect(asked[0].properties).toEqual({ survey_id: 'after-order', survey_type: 'csat', order_id: 'o-77', category: 'oral-care' });
    // Next visit (no period cap here): o-77 was asked about, so the older due order is next; o-99 is not due yet.
    await load(page, { surveys: [] });
    await render();
    await waitShown(page);
    asked = await server.waitForEvents(2, (e) => e.event === 'Survey Shown' && e.properties.survey_id === 'after-order');
    expect(asked[1].properties).toMatchObject({ order_id: 'o-55', category: 'cutting-boards' });
    expect(log.errors).toEqual([]);
    await page.close();
  });
});
