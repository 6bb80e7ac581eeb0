/**
 * Lifecycle rules of the built-in `<video>` adapter that do not depend on the player, in every
 * engine: source change, update(), late attach, two players, `data-encore-video` auto-tracking,
 * invalid meta, nothing left behind after detach, and autoplay blocked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentEngine, launchEngine, openEnginePage, type Browser } from '../../support/engines';
import { PAGE, media, server, useVideoEngineEnv } from './harness';
import { NATIVE_HLS, open, setup, summaries, w, waitEvent } from './native-page';

useVideoEngineEnv();

describe('<video> (native) lifecycle', () => {
  it('a source change gives two summaries; reloading the same source does not', async () => {
    const p = await open();
    await p.evaluate(setup(media.mp4('one')));
    await w(p, 'await S.truth.play()');
    await waitEvent(p, 'Video Content Started');
    await w(p, 'S.v.load(); await S.v.play()'); // same source again: an engine reload, not a new view
    await w(p, 'await T.until(() => S.v.currentTime > 0.3)'); // and it plays on
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
    await w(p, "S.handle.update({ videoId: 'other', category: 'yoga' }); await T.until(() => S.api.calls.some((c) => c.event == 'Video View Summary')); S.handle.detach()");
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
      const api = T.fakeApi(); const handle = EV.attachVideoLazily(api, v, { videoId: 'late' }); window.S = { api, v, handle };
      const from = v.currentTime; await T.until(() => v.currentTime > from + 0.3);
      handle.detach();`);
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
      await T.until(() => Object.prototype.hasOwnProperty.call(later, 'play')); // tracked: its play() is wrapped
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
      await T.until(() => ['videoId', 'productIds', '#nope'].every((what) => api.errors.some((e) => e.includes(what))), 5000).catch(() => {});
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
      // The video engine attaches once its import settles: bundled here, within the next task.
      await new Promise((nextTask) => setTimeout(nextTask));
      const attached = n(), idleTimers = active.size;
      await v.play();
      await T.until(() => api.calls.some((c) => c.event == 'Video Content Started'));
      const playingTimers = active.size;
      v.pause();
      await T.until(() => active.size == 0, 5000).catch(() => {}); // checked below
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
