/**
 * The demo shop (examples/storefront) with its surveys: buying the chef's knife, the order
 * confirmation page asks the NPS question with the order id, and the how-to film in the
 * recommendations asks a CSAT question when it ends; the collector sees the events.
 */
import { describe, expect, it } from 'vitest';
import { openPage } from '../../support/browser';
import { browser, server, useBrowserEnv } from '../../support/env';
import { buyFromDemoShop } from '../../support/storefront';

useBrowserEnv();

describe('demo shop surveys', () => {
  it('order confirmation: NPS right away; the how-to film: CSAT when it ends', async () => {
    const { page, log } = await openPage(browser);
    await buyFromDemoShop(page, server.origin, 'SKU-KNIFE-CHEF');
    const nps = '[data-encore-survey]';
    await page.waitForFunction((s) => document.querySelector(s)?.shadowRoot?.querySelector('section'), nps, { timeout: 20_000 });
    expect(await page.evaluate((s) => document.querySelector(s)!.shadowRoot!.querySelector('.q')!.textContent, nps)).toBe('How likely are you to recommend us to a friend or colleague?');
    const orderId = await page.evaluate(() => document.body.dataset.orderId);
    const [shown] = await server.waitForEvents(1, (e) => e.event === 'Survey Shown' && e.properties.survey_id === 'order-nps', 20_000);
    expect(shown.properties).toEqual({ survey_id: 'order-nps', survey_type: 'nps', order_id: orderId });

    // The how-to film: jump near its end and let it finish.
    const recs = '[data-encore-recs]';
    await page.waitForFunction((s) => ((document.querySelector(s)?.shadowRoot?.querySelector('video') as HTMLVideoElement | null)?.readyState ?? 0) >= 1, recs, { timeout: 20_000 });
    expect(await page.evaluate(() => document.querySelector('.howto-survey')?.shadowRoot?.querySelector('section') ?? null)).toBeNull();
    await page.evaluate((s) => {
      const v = document.querySelector(s)!.shadowRoot!.querySelector('video') as HTMLVideoElement;
      v.muted = true;
      v.currentTime = Math.max(0, v.duration - 0.5);
      return v.play();
    }, recs);
    await page.waitForFunction(() => document.querySelector('.howto-survey')?.shadowRoot?.querySelector('section'), null, { timeout: 30_000 });
    const [csat] = await server.waitForEvents(1, (e) => e.event === 'Survey Shown' && e.properties.survey_id === 'howto-csat', 20_000);
    expect(csat.properties).toMatchObject({ survey_type: 'csat', video_id: expect.stringMatching(/^howto:/), category: 'kitchen' });
    expect(log.errors).toEqual([]);
    await page.close();
  });
});
