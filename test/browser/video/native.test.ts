/**
 * The built-in `<video>` adapter in every engine (MP4 everywhere; native HLS where the engine plays
 * it, and where it does not, the failure it reports), plus the lifecycle rules that do not depend
 * on the player: autoplay blocked, late attach, source change, two players, `data-encore-video`
 * auto-tracking, and nothing left behind after detach.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentEngine, launchEngine, openEnginePage, type Browser, type Page } from '../../support/engines';
import { PAGE, engineBrowser, media, server, useVideoEngineEnv } from './harness';

useVideoEngineEnv();

const open = async (b: Browser = engineBrowser): Promise<Page> => (await openEnginePage(b, server.origin + PAGE)).page;
/** Chromium plays HLS in <video> itself; Firefox and WebKitGTK here do not (Safari does): see docs/browsers.md. */
const NATIVE_HLS = currentEngine() === 'chromium';
/** Native HLS tests run where the engine has it; elsewhere the fallback test below says so by name. */
const nativeHls = it.runIf(NATIVE_HLS);
/**
 * Runs `fn` as an async function body in the page. The result comes back as JSON text: drivers
 * differ on an object referenced twice (Firefox over BiDi returns the second reference as undefined).
 */
const w = async (p: Page, fn: string): Promise<any> => {
  const text = await p.evaluate<string | undefined>(`(async () => { const S = window.S; ${fn} })().then((v) => JSON.stringify(v))`);
  return text === undefined ? undefined : JSON.parse(text);
};
const summaries = (p: Page, key = 'S'): Promise<any[]> =>
  w(p, `return window.${key}.api.calls.filter((c) => c.event == 'Video View Summary').map((c) => c.properties)`);
const waitEvent = (p: Page, name: string, n = 1) =>
  w(p, `await T.until(() => S.api.calls.filter((c) => c.event == ${JSON.stringify(name)}).length >= ${n}, 20000)`).catch(async (e) => {
    console.log(await w(p, 'return JSON.stringify({ calls: S.api.calls.map((c) => c.event), errors: S.api.errors, t: S.v.currentTime, rs: S.v.readyState, err: S.v.error && S.v.error.code })'));
    throw e;
  });

/** A muted `<video>` tracked with the built-in adapter; `src` set after attaching. */
const setup = (src: string, meta: object = { videoId: 'clip', category: 'trail', productIds: ['SKU9'] }) =>
  `(() => {
    const api = T.fakeApi();
    const v = T.video('v');
    const handle = EV.attachVideoLazily(api, v, ${JSON.stringify(meta)});
    v.src = ${JSON.stringify(src)};
    window.S = { api, v, handle, truth: T.truth(v) };
  })()`;

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
      await seek(8); await T.until(() => S.v.currentTime > 8.3); await new Promise((r) => setTimeout(r, 2200)); await seek(1); await seek(3); await new Promise((r) => setTimeout(r, 300));
      S.handle.detach();`);
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

  it('a source change gives two summaries; reloading the same source does not', async () => {
    const p = await open();
    await p.evaluate(setup(media.mp4('one')));
    await w(p, 'await S.truth.play()');
    await waitEvent(p, 'Video Content Started');
    await w(p, 'S.v.load(); await S.v.play()'); // same source again: an engine reload, not a new view
    await new Promise((r) => setTimeout(r, 300));
    await w(p, `S.v.src = ${JSON.stringify(media.mp4('two'))}; await S.v.play()`);
    await waitEvent(p, 'Video Content Started', 2);
    await w(p, 'S.handle.detach()');
    const list = await summaries(p);
    expect(list.map((s) => s.end_reason)).toEqual(['source_change', 'detach']);
    expect(list[1].startup_time_ms).toBeGreaterThan(0);
    await p.close();
  });

  it('update() with a new videoId is a new view', async () => {
    const p = await open();
    await p.evaluate(setup(media.mp4()));
    await w(p, 'await S.truth.play()');
    await waitEvent(p, 'Video Content Started');
    await w(p, "S.handle.update({ videoId: 'other', category: 'yoga' }); await new Promise((r) => setTimeout(r, 200)); S.handle.detach()");
    const list = await summaries(p);
    expect(list.map((s) => [s.video_id, s.end_reason])).toEqual([
      ['clip', 'source_change'],
      ['other', 'detach'],
    ]);
    expect(list[1].category).toBe('yoga');
    await p.close();
  });

  it('late attach is flagged with no startup time', async () => {
    const p = await open();
    await w(p, `const v = T.video('v'); v.src = ${JSON.stringify(media.mp4())}; await v.play(); await T.until(() => v.currentTime > 0.5);
      const api = T.fakeApi(); window.S = { api, v, handle: EV.attachVideoLazily(api, v, { videoId: 'late' }) };`);
    await new Promise((r) => setTimeout(r, 300));
    await w(p, 'S.handle.detach()');
    const [s] = await summaries(p);
    expect(s).toMatchObject({ late_attach: true, startup_time_ms: null, exited_before_start: false });
    expect(s.playing_time_ms).toBeGreaterThan(100);
    await p.close();
  });

  it('two players on a page are independent views', async () => {
    const p = await open();
    await w(p, `
      const api = T.fakeApi();
      const a = T.video('a'), b = T.video('b');
      const ha = EV.attachVideoLazily(api, a, { videoId: 'A', category: 'run' });
      const hb = EV.attachVideoLazily(api, '#b', { videoId: 'B', category: 'swim', productIds: ['S1'] });
      a.src = ${JSON.stringify(media.mp4())}; b.src = ${JSON.stringify(NATIVE_HLS ? media.master() : media.mp4('b'))};
      window.S = { api, v: a, a, b, ha, hb };
      await a.play();
      await T.until(() => api.calls.some((c) => c.event == 'Video Content Started'));
      a.pause();
      await b.play();
      await T.until(() => api.calls.filter((c) => c.event == 'Video Content Started').length == 2);
      ha.detach(); hb.detach();`);
    const list = await summaries(p);
    expect(list.map((s) => s.video_id).sort()).toEqual(['A', 'B']);
    expect(list[0].view_id).not.toBe(list[1].view_id);
    const events = await w(p, 'return S.api.calls.map((c) => c.properties)');
    for (const e of events) {
      expect(e.category).toMatch(/^(run|swim)$/);
      expect(Array.isArray(e.product_ids)).toBe(true);
      if (e.content_asset_id) expect(e.category).toBe(e.content_asset_id == 'A' ? 'run' : 'swim');
    }
    await p.close();
  });

  it('auto-tracks video[data-encore-video], including elements added later, and stops cleanly', async () => {
    const p = await open();
    await w(p, `
      const api = T.fakeApi();
      const v = T.video('x'); v.dataset.encoreVideo = 'first'; v.dataset.encoreCategory = 'hiking'; v.dataset.encoreProducts = 'P1, P2'; v.dataset.encoreTitle = 'Trail';
      window.S = { api, v, stop: EV.autoVideoLazily(api) };
      v.src = ${JSON.stringify(media.mp4())}; await v.play();
      await T.until(() => api.calls.some((c) => c.event == 'Video Content Started'));
      const later = document.createElement('video'); later.muted = true; later.dataset.encoreVideo = 'later';
      document.body.append(later);
      await new Promise((r) => setTimeout(r, 50));
      later.src = ${JSON.stringify(media.mp4())}; await later.play();
      await T.until(() => api.calls.filter((c) => c.event == 'Video Content Started').length == 2);
      later.remove();
      await T.until(() => api.calls.some((c) => c.event == 'Video View Summary'));
      window.S.stop();`);
    const list = await summaries(p);
    expect(list.map((s) => [s.video_id, s.end_reason])).toEqual([
      ['later', 'detach'],
      ['first', 'detach'],
    ]);
    expect(list[1]).toMatchObject({ category: 'hiking', product_ids: ['P1', 'P2'], title: 'Trail' });
    await p.close();
  });

  it('invalid meta is reported and sanitized, never thrown', async () => {
    const p = await open();
    const out = await w(p, `
      const api = T.fakeApi();
      const v = T.video('v');
      const h1 = EV.attachVideoLazily(api, v, { videoId: 42, productIds: 'SKU', category: {} });
      const h2 = EV.attachVideoLazily(api, '#nope', { videoId: 'x' });
      const h3 = EV.attachVideoLazily(api, '##bad', { videoId: 'x' });
      await new Promise((r) => setTimeout(r));
      h1.detach(); h2.detach(); h3.detach();
      return api.errors;`);
    expect(out.join('\n')).toMatch(/videoId/);
    expect(out.join('\n')).toMatch(/productIds/);
    expect(out.join('\n')).toMatch(/no <video> element for #nope/);
    await p.close();
  });

  it('leaves no listeners, timers or play() wrapper after detach, and schedules nothing while nothing plays', async () => {
    const p = await open();
    const counts = await w(p, `
      const live = new Map(); let timers = 0;
      const add = EventTarget.prototype.addEventListener, remove = EventTarget.prototype.removeEventListener;
      const key = (t, type, fn, o) => [type, !!(o === true || (o && o.capture))].join(':');
      const targets = new Map(); let id = 0;
      const tid = (t) => { if (!targets.has(t)) targets.set(t, ++id); return targets.get(t); };
      EventTarget.prototype.addEventListener = function (type, fn, o) { const k = tid(this) + key(this, type, fn, o); if (!live.has(k)) live.set(k, new Set()); live.get(k).add(fn); return add.call(this, type, fn, o); };
      EventTarget.prototype.removeEventListener = function (type, fn, o) { live.get(tid(this) + key(this, type, fn, o))?.delete(fn); return remove.call(this, type, fn, o); };
      const si = setInterval, ci = clearInterval, active = new Set();
      window.setInterval = (f, ms) => { const h = si(f, ms); active.add(h); return h; };
      window.clearInterval = (h) => { active.delete(h); ci(h); };
      const n = () => [...live.values()].reduce((a, s) => a + s.size, 0);
      const base = n();
      const api = T.fakeApi();
      const v = T.video('v'); v.src = ${JSON.stringify(media.mp4())};
      const h = EV.attachVideoLazily(api, v, { videoId: 'x' });
      await new Promise((r) => setTimeout(r));
      const attached = n(), idleTimers = active.size;
      await v.play();
      await T.until(() => api.calls.some((c) => c.event == 'Video Content Started'));
      const playingTimers = active.size;
      v.pause();
      await new Promise((r) => setTimeout(r, 50));
      const pausedTimers = active.size;
      h.detach();
      return { base, attached, after: n(), idleTimers, playingTimers, pausedTimers, timersAfter: active.size, ownPlay: Object.prototype.hasOwnProperty.call(v, 'play') };`);
    expect(counts.attached).toBeGreaterThan(counts.base);
    expect(counts.after).toBe(counts.base);
    expect(counts).toMatchObject({ idleTimers: 0, playingTimers: 1, pausedTimers: 0, timersAfter: 0, ownPlay: false });
    await p.close();
  });
});

describe('autoplay blocked', () => {
  let strict: Browser;
  beforeAll(async () => {
    strict = await launchEngine(currentEngine(), { autoplayBlocked: true });
  });
  afterAll(async () => {
    await strict?.close();
  });

  for (const [name, hash] of [
    ['play() refused', '#autoplay-call'],
    ['the autoplay attribute refused', '#autoplay-attr'],
  ])
    it(`${name} for an unmuted video is flagged autoplay_blocked, not a failure or EBVS`, async () => {
      const { page: p } = await openEnginePage(strict, `${server.origin}${PAGE}?src=${encodeURIComponent(media.mp4())}${hash}`);
      await p.waitForURL(/-done$/);
      const result = await w(p, 'return window.S.result');
      expect(result).toBe('NotAllowedError');
      await w(p, 'window.S.handle.detach()');
      const [s] = await summaries(p);
      expect(s).toMatchObject({ autoplay_blocked: true, startup_failed: false, playback_failed: false, exited_before_start: false, startup_time_ms: null });
      await p.close();
    });
});
