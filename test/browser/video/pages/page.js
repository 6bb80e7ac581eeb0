// Helpers for the video test pages: players, a recording fake Encore api, and the truth recorder
// (an independent measurement of first frame and stalls from the playhead, sampled every frame).
window.T = {
  /** A fake EncoreApi that records track calls and reports. */
  fakeApi() {
    const calls = [];
    const errors = [];
    return {
      calls,
      errors,
      track(event, properties) {
        calls.push({ event, properties, at: performance.now() });
      },
      report(e) {
        errors.push(String(e && e.message ? e.message : e));
      },
    };
  },
  video(id, attrs = {}) {
    const v = document.createElement('video');
    v.id = id;
    v.muted = attrs.muted ?? true;
    v.playsInline = true;
    v.width = 320;
    v.height = 180;
    document.body.append(v);
    return v;
  },
  hls(video, src, config = {}) {
    const hls = new Hls({ enableWorker: false, ...config });
    hls.attachMedia(video);
    return hls;
  },
  /**
   * Records the truth for `v`: play intent, first frame and stalls, from the playhead itself, sampled
   * once per animation frame. `firstFrameGap` is how long the frame before the first one took: the
   * truth's own uncertainty (a loaded machine can skip frames for hundreds of ms).
   */
  truth(v) {
    const r = { intentAt: null, firstFrameAt: null, firstFrameGap: 0, stalls: [], lastT: v.currentTime, lastMoveAt: 0, since: null, stop: false, prevNow: 0 };
    const loop = (now) => {
      if (r.stop) return;
      const ct = v.currentTime;
      const gap = now - (r.prevNow || now);
      r.prevNow = now;
      if (ct !== r.lastT) {
        if (r.intentAt !== null && r.firstFrameAt === null && !v.paused) (r.firstFrameAt = now), (r.firstFrameGap = gap);
        if (r.since !== null) {
          r.stalls.push({ start: r.since, end: now });
          r.since = null;
        }
        r.lastT = ct;
        r.lastMoveAt = now;
      } else if (r.firstFrameAt !== null && !v.paused && !v.seeking && !v.ended && r.since === null && now - r.lastMoveAt > 200) {
        r.since = r.lastMoveAt;
      }
      if (v.seeking) r.since = null;
      requestAnimationFrame(loop);
    };
    requestAnimationFrame(loop);
    r.play = () => {
      r.intentAt = performance.now();
      return v.play();
    };
    return r;
  },
  /** Resolves when `pred(calls)` holds (polled per frame; pages are visible in these tests). */
  until(pred, timeoutMs = 20000) {
    return new Promise((resolve, reject) => {
      const t0 = performance.now();
      const check = () => {
        let v;
        try {
          v = pred();
        } catch (e) {}
        if (v) return resolve(v);
        if (performance.now() - t0 > timeoutMs) return reject(new Error('timeout: ' + pred));
        setTimeout(check, 20);
      };
      check();
    });
  },
};

// Autoplay scenarios run on load, before the test calls page.evaluate: evaluate counts as a user
// gesture in Chromium, which would lift the autoplay restriction.
if (location.hash === '#autoplay-call' || location.hash === '#autoplay-attr') addEventListener('DOMContentLoaded', () => {
  const api = T.fakeApi();
  const v = T.video('v', { muted: false });
  if (location.hash === '#autoplay-attr') v.autoplay = true;
  const handle = EV.attachVideoLazily(api, v, { videoId: 'loud' });
  v.src = new URLSearchParams(location.search).get('src');
  window.S = { api, v, handle, result: null };
  // The result is announced in the URL (#...-done), so the test can wait for it without running
  // script in the page: Firefox's WebDriver BiDi gives every script call a user activation.
  const settle = (result) => ((S.result = result), (location.hash += '-done'));
  if (location.hash === '#autoplay-call') v.play().then(() => settle('played'), (e) => settle(e.name));
  else v.addEventListener('canplaythrough', () => setTimeout(() => settle(v.paused ? 'NotAllowedError' : 'played'), 100), { once: true });
});
