/**
 * The video.js integration in examples/players/ (a PlayerAdapter written against the public hook)
 * in real Chromium, through the script-tag build to the collector.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, openPage } from '../../support/browser';
import { browser, media, server, useVideoEnv } from './harness';

useVideoEnv();

describe('video.js example', () => {
  it('reports a category-tagged view with startup time near the truth, renditions, and seeks that are not rebuffers', async () => {
    const src = media.scenario('vjs', [{ match: /seg0\.m4s$/, delayMs: 600 }]);
    const { page, log } = await openPage(browser, `${server.origin}/examples/players/videojs.html?src=${encodeURIComponent(src)}`);
    await page.waitForFunction(() => (window as any).ready);
    const truth = await page.evaluate(async () => {
      const player = (window as any).player;
      const v: HTMLVideoElement = player.tech(true).el();
      const t = { intentAt: 0, firstFrameAt: 0 };
      await new Promise<void>((resolve) => {
        const loop = (now: number) => {
          if (t.intentAt && !v.paused && v.currentTime > 0) {
            t.firstFrameAt = now;
            return resolve();
          }
          requestAnimationFrame(loop);
        };
        requestAnimationFrame(loop);
        t.intentAt = performance.now();
        player.play();
      });
      await new Promise((r) => setTimeout(r, 1500));
      player.currentTime(8);
      await new Promise((r) => player.one('seeked', r));
      await new Promise((r) => setTimeout(r, 800));
      (window as any).handle.detach();
      return t.firstFrameAt - t.intentAt;
    });
    const [s] = await server.waitForEvents(1, (e) => e.event == 'Video View Summary' && e.properties.video_id == 'trail-shoe-demo');
    console.log('video.js startup', s.properties.startup_time_ms, 'truth', truth);
    expect(log.errors).toEqual([]);
    expect(s.properties).toMatchObject({
      player: 'video.js',
      category: 'trail-running',
      product_ids: ['SKU-TR-1', 'SKU-TR-2'],
      exited_before_start: false,
      rebuffer_count: 0,
      seek_count: 1,
      end_reason: 'detach',
    });
    expect(Math.abs(s.properties.startup_time_ms - truth)).toBeLessThan(100);
    expect(s.properties.avg_bitrate_kbps).toBeGreaterThan(100);
    expect(s.properties.playing_time_ms).toBeGreaterThan(1000);
    const events = [...server.uniqueEvents().values()].filter((e) => /^Video /.test(e.event));
    for (const e of events) expect(e.properties.category).toBe('trail-running');
    await page.close();
  });
});
