/**
 * What each engine offers the SDK, probed on a test page (a secure 127.0.0.1 origin), and the path
 * the SDK takes there. docs/browsers.md's feature table is this test's output: a change of engine
 * that removes or adds a feature fails here first, by name.
 */
import { expect, test } from 'vitest';
import { currentEngine } from '../../support/engines';
import { engineBrowser, server, useEngineEnv } from '../../support/env';

useEngineEnv();

// nativeHls: Chromium 156 plays HLS in <video> itself; WebKitGTK's GStreamer build here does not (Safari on
// Apple devices does). lcp/inp/cls: the PerformanceObserver entry types web-vitals needs for them.
/** Features per engine as measured on Chromium 156, Firefox ESR 153.8 and WebKitGTK 2.50.6 (see docs/browsers.md). */
const EXPECTED: Record<string, Record<string, boolean>> = {
  chromium: { locks: true, broadcastChannel: true, idbDatabases: true, sendBeacon: true, keepalive: true, rvfc: true, mediaSource: true, nativeHls: true, lcp: true, inp: true, cls: true },
  firefox: { locks: true, broadcastChannel: true, idbDatabases: true, sendBeacon: true, keepalive: true, rvfc: true, mediaSource: true, nativeHls: false, lcp: true, inp: true, cls: false },
  webkit: { locks: true, broadcastChannel: true, idbDatabases: true, sendBeacon: true, keepalive: true, rvfc: true, mediaSource: true, nativeHls: false, lcp: false, inp: false, cls: false },
};

test('the engine offers the features docs/browsers.md lists for it', async () => {
  const page = await engineBrowser.newPage();
  await page.goto(`${server.origin}/test/browser/queue/pages/queue.html`);
  const got = await page.evaluate(() => {
    const types: readonly string[] = (PerformanceObserver as any).supportedEntryTypes ?? [];
    return {
      secure: isSecureContext,
      locks: typeof (navigator as any).locks?.request === 'function',
      broadcastChannel: typeof BroadcastChannel === 'function',
      idbDatabases: typeof (indexedDB as any).databases === 'function',
      sendBeacon: typeof navigator.sendBeacon === 'function',
      keepalive: 'keepalive' in new Request('/'),
      rvfc: 'requestVideoFrameCallback' in HTMLVideoElement.prototype,
      mediaSource: typeof (window as any).MediaSource === 'function' || typeof (window as any).ManagedMediaSource === 'function',
      nativeHls: document.createElement('video').canPlayType('application/vnd.apple.mpegurl') !== '',
      lcp: types.includes('largest-contentful-paint'),
      inp: types.includes('event'),
      cls: types.includes('layout-shift'),
      ua: navigator.userAgent,
    };
  });
  console.log(currentEngine(), JSON.stringify(got));
  const { secure, ua, ...features } = got;
  expect(secure).toBe(true);
  expect(features).toEqual(EXPECTED[currentEngine()]);
  await page.close();
});
