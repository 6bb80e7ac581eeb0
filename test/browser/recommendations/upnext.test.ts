/**
 * Up next in real Chromium with a real 4 s clip: the card appears near the end with a countdown
 * that screen readers hear once, Escape (or Cancel) stops it, and otherwise the next video plays in
 * the same element.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openPage } from '../../support/browser';
import { CLIP_A, CLIP_B, PAGE } from './fixtures';
import { browser, server, useBrowserEnv } from '../../support/env';


useBrowserEnv();

/** Plays clip A with an up-next card for clip B; `pauseOnCard` pauses the playhead as the card shows (no race with the end). */
async function setup(seconds = 2, pauseOnCard = false) {
  const { page, log } = await openPage(browser, `${server.origin}${PAGE}/recs.html`);
  await page.waitForFunction(() => (window as any).pageReady);
  await page.evaluate(
    ([a, b, seconds, pauseOnCard]) => {
      const w = window as any;
      const video = document.querySelector('#v') as HTMLVideoElement;
      w.cardShownAt = null;
      w.srcs = [];
      video.addEventListener('loadstart', () => w.srcs.push(video.currentSrc));
      video.src = a;
      w.up = w.recs.attachUpNext(video, {
        seconds,
        encore: w.fakeEncore(),
        next: { src: b, title: 'Keeping the edge', videoId: 'edge', category: 'knives', poster: 'javascript:alert(1)' },
      });
      // Record when the card became visible, relative to the end of the clip.
      const card = document.querySelector('#v')!.nextElementSibling!.shadowRoot!.querySelector('.card') as HTMLElement;
      new MutationObserver(() => {
        if (!card.hidden && w.cardShownAt == null) {
          w.cardShownAt = video.duration - video.currentTime;
          if (pauseOnCard) video.pause();
        }
      }).observe(card, { attributes: true });
      return video.play();
    },
    [CLIP_A, CLIP_B, seconds, pauseOnCard] as const,
  );
  return { page, log };
}

const card = (page: Page) =>
  page.evaluate(() => {
    const root = document.querySelector('#v')!.nextElementSibling!.shadowRoot!;
    const c = root.querySelector('.card') as HTMLElement;
    return {
      hidden: c.hidden,
      title: root.querySelector('.title')!.textContent,
      count: root.querySelector('.count')!.textContent,
      status: root.querySelector('[role=status]')!.textContent,
      poster: root.querySelector('img')!.getAttribute('src'),
    };
  });

describe('up next', () => {
  it('shows a countdown card near the end; Escape cancels it and the video just ends', async () => {
    const { page, log } = await setup(2, true);
    await page.waitForFunction(() => (window as any).cardShownAt != null, null, { timeout: 15_000 });
    const shownAt = await page.evaluate(() => (window as any).cardShownAt as number);
    expect(shownAt).toBeLessThanOrEqual(2.05);
    expect(shownAt).toBeGreaterThan(0.5);
    const c = await card(page);
    expect(c).toMatchObject({ hidden: false, title: 'Keeping the edge', poster: null });
    expect(c.count).toMatch(/^Playing in [12] s$/);
    expect(c.status).toMatch(/^Up next: Keeping the edge\. Plays in [12] seconds\. Press Escape to cancel\.$/);
    await page.keyboard.press('Escape');
    expect(await card(page)).toMatchObject({ hidden: true, status: 'Up next cancelled' });
    await page.evaluate(() => (document.querySelector('#v') as HTMLVideoElement).play());
    await page.waitForFunction(() => (document.querySelector('#v') as HTMLVideoElement).ended, null, { timeout: 15_000 });
    expect(await page.evaluate(() => (window as any).srcs.length)).toBe(1);
    expect(await page.evaluate(() => (document.querySelector('#v') as HTMLVideoElement).currentSrc)).toContain('clip-a.mp4');
    expect(log.errors).toEqual([]);
    await page.close();
  });

  it('the buttons are keyboard operable: Tab to Cancel, Enter; reduced motion has no animation', async () => {
    const { page } = await setup(3, true);
    await page.waitForFunction(() => (window as any).cardShownAt != null, null, { timeout: 15_000 });
    const transition = () => page.evaluate(() => getComputedStyle(document.querySelector('#v')!.nextElementSibling!.shadowRoot!.querySelector('.bar')!).transitionDuration);
    expect(await transition()).not.toBe('0s');
    await page.emulateMedia({ reducedMotion: 'reduce' });
    expect(await transition()).toBe('0s');
    await page.evaluate(() => (document.querySelector('#v') as HTMLVideoElement).focus());
    const names: string[] = [];
    for (let i = 0; i < 15 && !names.includes('Cancel'); i++) {
      await page.keyboard.press('Tab');
      names.push(await page.evaluate(() => {
        let a: Element | null = document.activeElement;
        while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
        return a?.textContent ?? '';
      }));
    }
    expect(names).toContain('Play now');
    expect(names.at(-1)).toBe('Cancel');
    await page.keyboard.press('Enter');
    expect((await card(page)).hidden).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('v');
    await page.close();
  });

  it('when not cancelled, the next video plays in the same element at 0', async () => {
    const { page, log } = await setup(2);
    await page.waitForFunction(() => (window as any).srcs.length === 2, null, { timeout: 20_000 });
    await page.waitForFunction(() => {
      const v = document.querySelector('#v') as HTMLVideoElement;
      return v.currentSrc.includes('clip-b.mp4') && !v.paused && v.currentTime > 0;
    }, null, { timeout: 15_000 });
    expect((await card(page)).hidden).toBe(true);
    const events = await page.evaluate(() => (window as any).tracked.map((t: any) => [t.event, t.properties.placement, t.properties.auto ?? null]));
    expect(events).toEqual([
      ['Recommendation Viewed', 'up-next', null],
      ['Recommendation Clicked', 'up-next', true],
    ]);
    // destroy() removes the card and its listeners.
    await page.evaluate(() => (window as any).up.destroy());
    expect(await page.evaluate(() => document.querySelector('#v')!.nextElementSibling)).toBeNull();
    expect(log.errors).toEqual([]);
    await page.close();
  });

  it('with the real client, the next video is a new view (its own Video View Summary)', async () => {
    const { page, log } = await openPage(browser, `${server.origin}${PAGE}/recs.html`);
    await page.waitForFunction(() => (window as any).pageReady);
    await page.evaluate(
      ([a, b]) => {
        const w = window as any;
        const { enc } = w.realEncore('granted');
        const video = document.querySelector('#v') as HTMLVideoElement;
        video.src = a;
        const handle = enc.attachVideo(video, { videoId: 'sharpen', title: 'Sharpening', category: 'knives', productIds: ['knife'] });
        w.handle = handle;
        w.up = w.recs.attachUpNext(video, { seconds: 2, encore: enc, handle, next: { src: b, title: 'Keeping the edge', videoId: 'edge', category: 'knives' } });
        return video.play();
      },
      [CLIP_A, CLIP_B] as const,
    );
    await page.waitForFunction(() => {
      const v = document.querySelector('#v') as HTMLVideoElement;
      return v.currentSrc.includes('clip-b.mp4') && v.currentTime > 0.5;
    }, null, { timeout: 20_000 });
    // Ending the second view (detach) sends its summary too.
    await page.evaluate(() => (window as any).handle.detach());
    const summaries = await server.waitForEvents(2, (e) => e.event === 'Video View Summary', 20_000);
    const first = summaries.find((e) => e.properties.video_id === 'sharpen');
    const second = summaries.find((e) => e.properties.video_id === 'edge');
    expect(first).toBeDefined();
    expect(second).toBeDefined();
    expect(second!.properties.view_id).not.toBe(first!.properties.view_id);
    expect(second!.properties.category).toBe('knives');
    // update() plus the source change make one new view, not two.
    await page.evaluate(() => (window as any).enc.flush());
    expect([...server.uniqueEvents().values()].filter((e) => e.event === 'Video View Summary')).toHaveLength(2);
    const clicked = await server.waitForEvents(1, (e) => e.event === 'Recommendation Clicked');
    expect(clicked[0]!.properties).toMatchObject({ placement: 'up-next', auto: true, video_id: 'edge' });
    expect(log.errors).toEqual([]);
    await page.close();
  });

  it('<encore-up-next> wraps a video: overlay card from attributes, next video at the end', async () => {
    const { page, log } = await openPage(browser, `${server.origin}${PAGE}/recs.html`);
    await page.waitForFunction(() => (window as any).pageReady);
    await page.evaluate(
      ([a, b]) => {
        const w = window as any;
        w.recs.defineUpNextElement();
        const wrap = document.createElement('encore-up-next');
        wrap.setAttribute('seconds', '2');
        wrap.setAttribute('next-src', b);
        wrap.setAttribute('next-title', 'Keeping the edge');
        const video = document.createElement('video');
        video.muted = true;
        video.src = a;
        wrap.append(video);
        document.body.append(wrap);
        return video.play();
      },
      [CLIP_A, CLIP_B] as const,
    );
    const shown = () =>
      page.evaluate(() => {
        const card = document.querySelector('encore-up-next')!.shadowRoot!.querySelector('[part=up-next]')!.shadowRoot!.querySelector('.card') as HTMLElement;
        return !card.hidden;
      });
    await expect.poll(shown, { timeout: 15_000, interval: 100 }).toBe(true);
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('encore-up-next')!.shadowRoot!.querySelector('.overlay')!).position)).toBe('absolute');
    await page.waitForFunction(() => document.querySelector('encore-up-next video')!.getAttribute('src')!.includes('clip-b'), null, { timeout: 15_000 });
    // Removing the element removes the card and its listeners.
    await page.evaluate(() => document.querySelector('encore-up-next')!.remove());
    expect(log.errors).toEqual([]);
    await page.close();
  });
});
