/**
 * Video events through the real script-tag build (dist/encore.iife.js, run `npm run build` first)
 * to the recording collector: category-tagged events, the hls.js adapter from dist/hls.js, and a
 * summary that survives the tab closing before the first frame.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage } from '../../support/browser';
import { letTimePass } from '../../support/wait';
import { browser, media, server, useVideoEnv } from './harness';

const PAGE = '/test/browser/video/pages/delivery.html';
useVideoEnv();

async function open(): Promise<Page> {
  const { page } = await openPage(browser, server.origin + PAGE);
  await page.waitForFunction(() => (window as any).ready);
  return page;
}

const summaryOf = (videoId: string) => (e: any) => e.event == 'Video View Summary' && e.properties.video_id == videoId;

describe('video events at the collector (script-tag build)', () => {
  /** Opens a page whose video never starts (first byte 20 s away), tracked through the IIFE. */
  async function neverStarting(videoId: string): Promise<Page> {
    const src = media.scenario('d-ebvs', [{ match: 'clip.mp4', delayMs: 20000 }]).replace('master.m3u8', 'clip.mp4');
    const p = await open();
    await p.evaluate(
      ([src, videoId]) => {
        const e = (window as any).encore;
        e.init({ endpoint: '/v1/batch', flushIntervalMs: 60000 });
        // A probe plugin: beacons each summary the moment it is enqueued, independently of the queue.
        e.use({
          name: 'probe',
          beforeEnqueue(ev: any) {
            if (ev.event == 'Video View Summary') navigator.sendBeacon('/probe', JSON.stringify(ev));
            return ev;
          },
        });
        const v = document.createElement('video');
        v.muted = true;
        document.body.append(v);
        e.attachVideo(v, { videoId, category: 'running', productIds: ['SKU1'] });
        v.src = src!;
        v.play().catch(() => {});
      },
      [src, videoId],
    );
    await letTimePass(500); // the viewer waits half a second for the video (watch_time_ms is checked)
    return p;
  }

  it('closing the tab before the first frame enqueues an EBVS summary at pagehide', async () => {
    const probes: any[] = [];
    server.route('/probe', (req) => {
      probes.push(req.body);
      return { status: 204 };
    });
    const p = await neverStarting('ebvs-probe');
    await p.close({ runBeforeUnload: true });
    await server.waitFor(() => probes.some((e) => e?.properties?.video_id == 'ebvs-probe'));
    const s = probes.find((e) => e?.properties?.video_id == 'ebvs-probe');
    expect(s.properties).toMatchObject({
      exited_before_start: true,
      startup_time_ms: null,
      startup_failed: false,
      end_reason: 'pagehide',
      category: 'running',
      product_ids: ['SKU1'],
    });
    expect(s.properties.watch_time_ms).toBeGreaterThan(300);
  });

  // The summary is tracked during pagehide (capture phase); the queue's page-hide beacon carries
  // events not yet stored, so it goes out with the beacon.
  it('closing the tab before the first frame delivers the EBVS summary to the collector', async () => {
    const p = await neverStarting('ebvs');
    await p.close({ runBeforeUnload: true });
    const [s] = await server.waitForEvents(1, summaryOf('ebvs'), 5000);
    expect(s.properties).toMatchObject({ exited_before_start: true, end_reason: 'pagehide' });
  });

  it('hls.js through encore-sdk/hls: every video event carries category and product_ids; the summary arrives once', async () => {
    const p = await open();
    await p.evaluate((src) => {
      const w = window as any;
      w.encore.init({ endpoint: '/v1/batch', flushIntervalMs: 200 });
      const v = document.createElement('video');
      v.muted = true;
      document.body.append(v);
      const hls = new w.Hls({ enableWorker: false });
      w.handle = w.encore.attachVideo(v, { videoId: 'hls-1', title: 'Trail shoe', category: 'trail', productIds: ['T1', 'T2'] }, { adapter: w.hlsAdapter(hls) });
      hls.loadSource(src);
      hls.attachMedia(v);
      v.play();
      w.v = v;
    }, media.master());
    await p.waitForFunction(() => (window as any).v.currentTime > 1.5);
    await p.evaluate(() => (window as any).handle.detach());
    const [s] = await server.waitForEvents(1, summaryOf('hls-1'));
    expect(s.properties).toMatchObject({ player: 'hls.js', category: 'trail', product_ids: ['T1', 'T2'], title: 'Trail shoe', end_reason: 'detach', exited_before_start: false });
    expect(s.properties.startup_time_ms).toBeGreaterThan(0);
    expect(s.properties.avg_bitrate_kbps).toBeGreaterThan(100);
    const video = [...server.uniqueEvents().values()].filter((e) => /^Video /.test(e.event) && (e.properties.video_id ?? e.properties.content_asset_id) == 'hls-1');
    const names = new Set(video.map((e) => e.event));
    for (const n of ['Video Playback Started', 'Video Content Started', 'Video Content Playing', 'Video Milestone', 'Video View Summary']) expect(names).toContain(n);
    for (const e of video) {
      expect(e.properties.category).toBe('trail');
      expect(e.properties.product_ids).toEqual(['T1', 'T2']);
    }
    expect(video.filter((e) => e.event == 'Video View Summary')).toHaveLength(1);
    await p.close();
  });

  it('autoVideo tracks data-encore-video markup', async () => {
    const p = await open();
    await p.evaluate((src) => {
      const w = window as any;
      const v = document.createElement('video');
      v.muted = true;
      v.dataset.encoreVideo = 'auto-1';
      v.dataset.encoreCategory = 'yoga';
      v.dataset.encoreProducts = 'Y1';
      v.src = src;
      document.body.append(v);
      w.encore.init({ endpoint: '/v1/batch', flushIntervalMs: 200, autoVideo: true });
      v.play();
      w.v = v;
    }, media.mp4());
    await p.waitForFunction(() => (window as any).v.currentTime > 0.5);
    await p.evaluate(() => (window as any).v.remove());
    const [s] = await server.waitForEvents(1, summaryOf('auto-1'));
    expect(s.properties).toMatchObject({ category: 'yoga', product_ids: ['Y1'], player: 'html5' });
    await p.close();
  });
});
