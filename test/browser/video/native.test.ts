/**
 * The built-in `<video>` adapter's QoE numbers in every engine: MP4 everywhere; native HLS where the
 * engine plays it, and where it does not, the failure it reports. Startup time and rebuffers are
 * checked against the truth the page records. Lifecycle rules: native-lifecycle.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { currentEngine } from '../../support/engines';
import { letTimePass } from '../../support/wait';
import { media, useVideoEngineEnv } from './harness';
import { NATIVE_HLS, nativeHls, open, setup, summaries, w, waitEvent } from './native-page';

useVideoEngineEnv();

describe('<video> (native)', () => {
  it.runIf(!NATIVE_HLS)(`native HLS: ${currentEngine()} has none; an HLS source on <video> is a startup failure (MEDIA_ERR_4), not an exit before start`, async () => {
    const p = await open();
    expect(await p.evaluate(() => document.createElement('video').canPlayType('application/vnd.apple.mpegurl'))).toBe('');
    await p.evaluate(setup(media.master('no-native')));
    await w(p, 'S.truth.play().catch(() => {})');
    await waitEvent(p, 'Video Playback Interrupted');
    await w(p, 'S.handle.detach()');
    const [s] = await summaries(p);
    expect(s).toMatchObject({ startup_failed: true, playback_failed: false, exited_before_start: false, error_code: 'MEDIA_ERR_4', startup_time_ms: null });
    await p.close();
  });

  nativeHls('native HLS: startup time within 100 ms of the truth', async () => {
    const p = await open();
    await p.evaluate(setup(media.scenario('n-slow', [{ match: /seg0\.m4s$/, delayMs: 700 }])));
    await w(p, 'await S.truth.play()');
    await waitEvent(p, 'Video Content Started');
    await w(p, 'await T.until(() => S.truth.firstFrameAt); S.handle.detach()');
    const [s] = await summaries(p);
    const truth = await w(p, 'return S.truth.firstFrameAt - S.truth.intentAt');
    console.log('native HLS startup', s.startup_time_ms, 'truth', truth);
    expect(truth).toBeGreaterThan(600);
    // Within 100 ms, plus the truth's own sampling gap at the first frame (frames skipped under load).
    expect(Math.abs(s.startup_time_ms - truth)).toBeLessThan(100 + (await w(p, 'return S.truth.firstFrameGap')));
    expect(s).toMatchObject({ player: 'html5', video_id: 'clip', category: 'trail', product_ids: ['SKU9'], exited_before_start: false });
    await p.close();
  });

  it('MP4: a pause in the download is one rebuffer of its length (within 150 ms of the truth)', async () => {
    const p = await open();
    media.scenario('n-stall', [{ match: 'clip.mp4', pauseAt: 0.45, pauseMs: 7500 }]);
    await p.evaluate(setup(media.mp4('n-stall'), { videoId: 'mp4' }));
    await w(p, 'await S.truth.play()');
    await waitEvent(p, 'Video Playback Buffer Completed');
    await w(p, 'await T.until(() => S.truth.stalls.length >= 1); S.handle.detach()');
    const [s] = await summaries(p);
    const stalls: Array<{ start: number; end: number }> = await w(p, 'return S.truth.stalls');
    // Under load the playhead itself can halt briefly (decode or frame starvation) besides the
    // injected pause: the truth then has a short second stall, and the SDK may rightly see it too.
    // What a user must get: the injected pause reported once with its length, and no rebuffer the
    // playhead did not have.
    const dur = (x: { start: number; end: number }) => x.end - x.start;
    const long = stalls.filter((x) => dur(x) > 400);
    const total = stalls.reduce((a, x) => a + dur(x), 0);
    console.log('MP4 rebuffer', s.rebuffer_count, s.rebuffer_duration_ms, 'truth', stalls);
    expect(long).toHaveLength(1);
    expect(s.rebuffer_count).toBeGreaterThanOrEqual(1);
    expect(s.rebuffer_count).toBeLessThanOrEqual(stalls.length);
    // WebKitGTK fires `waiting` about 200 ms after the playhead halts (4.65 s reported for a 4.85 s
    // stall here); the SDK starts a native stall at `waiting`, so it allows 300 ms there (docs/browsers.md).
    const slack = currentEngine() === 'webkit' ? 300 : 150;
    expect(s.rebuffer_duration_ms).toBeGreaterThan(dur(long[0]!) - slack);
    expect(s.rebuffer_duration_ms).toBeLessThan(total + slack);
    await p.close();
  });

  it('MP4: seeks give zero rebuffers', async () => {
    const p = await open();
    await p.evaluate(setup(media.mp4()));
    await w(p, 'await S.truth.play()');
    await waitEvent(p, 'Video Content Started');
    await w(p, `
      const seek = (t) => new Promise((r) => { S.v.addEventListener('seeked', r, { once: true }); S.v.currentTime = t; });
      // Watch on from 8 s (until the playhead moves: a loaded WebKit resumes late), then scrub twice.
      S.seek = seek;
      await seek(8); await T.until(() => S.v.currentTime > 8.3);`);
    // The next seek must come after the 2 s scrub window (SCRUB_MS in src/video/qoe.ts) to count as its own.
    await letTimePass(2200);
    // Then until the playhead moves on from the scrub: a rebuffer after a seek would show by then.
    await w(p, 'await S.seek(1); await S.seek(3); await T.until(() => S.v.currentTime > 3.3); S.handle.detach();');
    const [s] = await summaries(p);
    expect(s.rebuffer_count).toBe(0);
    expect(s.seek_count).toBe(2); // the last two seeks are one scrub
    await p.close();
  });

  it('a media error is a failure: before the first frame a startup failure', async () => {
    const p = await open();
    await p.evaluate(setup(media.scenario('n-404', [{ match: 'clip.mp4', status: 404 }]).replace('master.m3u8', 'clip.mp4')));
    await w(p, 'S.truth.play().catch(() => {})');
    await waitEvent(p, 'Video Playback Interrupted');
    await w(p, 'S.handle.detach()');
    const [s] = await summaries(p);
    expect(s).toMatchObject({ startup_failed: true, playback_failed: false, exited_before_start: false, error_code: 'MEDIA_ERR_4' });
    await p.close();
  });

  nativeHls('native HLS: a failing segment after startup is a playback failure', async () => {
    const p = await open();
    // The 404s answer late so that, even on a loaded machine, the first frame is shown before them.
    await p.evaluate(setup(media.scenario('n-fatal', [{ match: /seg[3-5]\.m4s$/, status: 404, delayMs: 3000 }])));
    await w(p, 'await S.truth.play()');
    await waitEvent(p, 'Video Playback Interrupted');
    await w(p, 'S.handle.detach()');
    const [s] = await summaries(p);
    expect(s).toMatchObject({ playback_failed: true, startup_failed: false });
    await p.close();
  });
});
