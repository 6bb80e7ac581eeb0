/**
 * The survey widget in real Chromium under a strict CSP, with the real client sending to the real
 * local collector: a keyboard-only NPS answer, Escape, focus management, Japanese, HTML shown as
 * text, reduced motion, and bad options.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openPage, type PageLog } from '../../support/browser';
import { browser, server, useBrowserEnv } from '../../support/env';

export const PAGE = '/test/browser/feedback/pages/survey.html';
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; media-src 'self'; connect-src 'self'";

useBrowserEnv((server) => {
  server.htmlHeaders['content-security-policy'] = CSP;
});

async function open(consent: unknown = 'granted'): Promise<{ page: Page; log: PageLog }> {
  const o = await openPage(browser, `${server.origin}${PAGE}`);
  await o.page.waitForFunction(() => (window as any).pageReady);
  await o.page.evaluate((c) => (window as any).realEncore(c), consent);
  return o;
}

/** A page that renders its survey as it loads, outside any user gesture (see pages/survey.js). */
export async function load(setup: Record<string, unknown>): Promise<{ page: Page; log: PageLog }> {
  const o = await openPage(browser, `${server.origin}${PAGE}?setup=${encodeURIComponent(JSON.stringify(setup))}`);
  await o.page.waitForFunction(() => (window as any).pageReady);
  return o;
}

const shown = (page: Page, sel = '#survey') => page.evaluate((s) => (window as any).shown(s), sel);
const waitShown = (page: Page, sel = '#survey') => page.waitForFunction((s) => (window as any).shown(s) !== null, sel);
const focused = (page: Page) => page.evaluate(() => (window as any).focused() as { path: string; text: string });
const surveyEvents = (id: string) => [...server.uniqueEvents().values()].filter((e) => e.event?.startsWith('Survey ') && e.properties.survey_id === id);

describe('survey widget', () => {
  it('an NPS answer given with the keyboard only arrives at the collector with its score and trimmed comment', async () => {
    const { page, log } = await load({ options: { surveyId: 'kb-nps', type: 'nps', orderId: 'o-1001', question: 'How likely are you to recommend <b>Encore Run & Cook</b>?' } });
    await waitShown(page);
    const s = await shown(page);
    // Shown on the confirmation page without a user action: focus stays where it was.
    expect((await focused(page)).path).toBe('body');
    expect(s.question).toBe('How likely are you to recommend <b>Encore Run & Cook</b>?');
    expect(s.options).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    expect(s.elements).not.toContain('b');
    // Tab past the "Give feedback" button into the scale: one Tab stop for the whole group.
    await page.keyboard.press('Tab');
    expect((await focused(page)).path).toBe('ask');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toEqual({ path: 'survey > radio', text: '0' });
    for (let i = 0; i < 9; i++) await page.keyboard.press('ArrowRight');
    expect(await focused(page)).toEqual({ path: 'survey > radio', text: '9' });
    expect((await shown(page)).checked).toBe('9');
    // Arrow keys wrap; Home and End go to the ends.
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowRight');
    expect((await shown(page)).checked).toBe('0');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    expect((await shown(page)).checked).toBe('9');
    const tabIndexes = await page.evaluate(() => [...document.querySelector('#survey')!.shadowRoot!.querySelectorAll('[role=radio]')].map((r) => (r as HTMLElement).tabIndex));
    expect(tabIndexes.filter((t) => t === 0)).toHaveLength(1);
    expect(tabIndexes[9]).toBe(0);
    await page.keyboard.press('Tab');
    expect((await focused(page)).path).toBe('survey > c');
    await page.keyboard.type('   Sharp <img src=x onerror="window.__xss=1"> knives!  \n ');
    await page.keyboard.press('Tab');
    expect((await focused(page)).text).toBe('Send');
    await page.keyboard.press('Enter');
    const [answer] = await server.waitForEvents(1, (e) => e.event === 'Survey Responded' && e.properties.survey_id === 'kb-nps');
    expect(answer.properties).toEqual({ survey_id: 'kb-nps', survey_type: 'nps', order_id: 'o-1001', score: 9, comment: 'Sharp <img src=x onerror="window.__xss=1"> knives!' });
    expect(surveyEvents('kb-nps').map((e) => e.event)).toEqual(['Survey Shown', 'Survey Responded']);
    // The thank-you note replaces the form and takes the focus the form had.
    expect((await shown(page)).thanks).toBe('Thank you for your feedback.');
    expect((await focused(page)).text).toBe('Thank you for your feedback.');
    expect(await page.evaluate(() => (window as any).__xss)).toBeUndefined();
    expect(await page.evaluate(() => (window as any).cspViolations)).toEqual([]);
    expect(log.errors).toEqual([]);
    await page.close();
  });

  it('Send without a score says so and focuses the scale; nothing is sent', async () => {
    const { page } = await open();
    await page.evaluate(() => (window as any).survey({ surveyId: 'no-score', type: 'csat' }));
    await waitShown(page);
    await page.evaluate(() => (document.querySelector('#survey')!.shadowRoot!.querySelector('button[type=submit]') as HTMLElement).click());
    expect(await page.evaluate(() => document.querySelector('#survey')!.shadowRoot!.querySelector('[role=alert]')!.textContent)).toBe('Please choose a score.');
    expect(await focused(page)).toEqual({ path: 'survey > radio', text: '1' });
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => document.querySelector('#survey')!.shadowRoot!.querySelector('[role=alert]')!.textContent)).toBe('');
    await page.keyboard.press('Escape');
    await server.waitForEvents(1, (e) => e.event === 'Survey Dismissed' && e.properties.survey_id === 'no-score');
    expect(surveyEvents('no-score').map((e) => e.event)).toEqual(['Survey Shown', 'Survey Dismissed']);
    await page.close();
  });

  it('shown by a click, it takes focus; Escape dismisses it, sends Survey Dismissed and returns focus to the button', async () => {
    const { page, log } = await open();
    await page.evaluate(() => {
      const w = window as any;
      w.survey({ surveyId: 'on-click', type: 'csat', manual: true, videoId: 'howto-sharpen' });
      document.querySelector('#ask')!.addEventListener('click', () => w.handles['#survey'].show());
    });
    await page.click('#ask');
    await waitShown(page);
    await page.waitForFunction(() => (window as any).focused().path === 'survey > radio');
    expect((await shown(page)).options).toEqual(['1 Very dissatisfied', '2 Dissatisfied', '3 Neutral', '4 Satisfied', '5 Very satisfied']);
    await page.keyboard.press('Escape');
    expect(await shown(page)).toBeNull();
    expect((await focused(page)).path).toBe('ask');
    const [dismissed] = await server.waitForEvents(1, (e) => e.event === 'Survey Dismissed' && e.properties.survey_id === 'on-click');
    expect(dismissed.properties).toEqual({ survey_id: 'on-click', survey_type: 'csat', video_id: 'howto-sharpen' });
    expect(await page.evaluate(() => (window as any).handles['#survey'].state)).toBe('dismissed');
    expect(log.errors).toEqual([]);
    await page.close();
  });

  it('speaks Japanese with locale ja (the custom element, <html lang="ja">)', async () => {
    const { page, log } = await load({ lang: 'ja', element: { 'survey-id': 'ja-csat', type: 'csat' } });
    await waitShown(page, '#el');
    const s = await shown(page, '#el');
    expect(s.question).toBe('今回のご利用にどのくらい満足されましたか？');
    expect(s.options).toEqual(['1 とても不満', '2 不満', '3 どちらでもない', '4 満足', '5 とても満足']);
    expect(s.buttons).toEqual(['送信', '今はしない']);
    expect(s.text).toContain('ご意見・ご感想があればお聞かせください（任意）');
    expect(await page.evaluate(() => document.querySelector('#el')!.shadowRoot!.querySelector('[role=status]')!.textContent)).toBe(
      'アンケートが表示されました: 今回のご利用にどのくらい満足されましたか？',
    );
    expect(log.errors).toEqual([]);
    await page.close();
  });

  it('is styled by its constructable stylesheet under a strict CSP with no violation, themable, and not animated under reduced motion', async () => {
    const { page, log } = await open();
    await page.evaluate(() => {
      const s = new CSSStyleSheet();
      s.replaceSync('#survey{--encore-survey-accent:rgb(200, 0, 0)}');
      document.adoptedStyleSheets = [s];
      (window as any).survey({ surveyId: 'styled', type: 'nps' });
    });
    await waitShown(page);
    const style = () =>
      page.evaluate(() => {
        const root = document.querySelector('#survey')!.shadowRoot!;
        const cs = getComputedStyle(root.querySelector('section')!);
        return { radius: cs.borderTopLeftRadius, animation: cs.animationName, send: getComputedStyle(root.querySelector('button[type=submit]')!).backgroundColor };
      });
    expect(await style()).toEqual({ radius: '10px', animation: 'in', send: 'rgb(200, 0, 0)' });
    await page.emulateMedia({ reducedMotion: 'reduce' });
    expect((await style()).animation).toBe('none');
    expect(await page.evaluate(() => (window as any).cspViolations)).toEqual([]);
    expect(log.console.filter((m) => /Content Security Policy/i.test(m))).toEqual([]);
    expect(log.errors).toEqual([]);
    await page.close();
  });

  it('bad options throw one EncoreConfigError; a bad element attribute is reported, never thrown into the page', async () => {
    const { page, log } = await open();
    const thrown = await page.evaluate(() => {
      const w = window as any;
      try {
        w.feedback.renderSurvey(document.querySelector('#survey'), { surveyId: 'x', type: 'stars' });
        return null;
      } catch (e: any) {
        return { isConfigError: e instanceof w.feedback.EncoreConfigError, name: e.name, key: e.key, message: e.message };
      }
    });
    expect(thrown).toEqual({ isConfigError: true, name: 'EncoreConfigError', key: 'type', message: `Illegal survey option: type must be 'nps' or 'csat', got "stars"` });
    await page.evaluate(() => {
      const w = window as any;
      w.feedback.defineSurveyElement();
      const el = document.createElement('encore-survey');
      el.addEventListener('encore-survey-error', (e: any) => (w.elementError = e.detail.key));
      (el as any).encore = w.enc;
      el.setAttribute('survey-id', 'bad-el');
      el.setAttribute('type', 'nps');
      el.setAttribute('period-days', 'soon');
      document.body.append(el);
    });
    await page.waitForFunction(() => (window as any).errors.length > 0);
    expect(await page.evaluate(() => (window as any).errors)).toEqual([`survey: Illegal survey option: periodDays must be a number of days, 0–3650, got "soon"`]);
    expect(await page.evaluate(() => (window as any).elementError)).toBe('periodDays');
    expect(log.errors).toEqual([]);
    await page.close();
  });
});
