/**
 * Tracks one player: turns player signals into views (QoE engine per view), Segment Video spec
 * events, milestones, heartbeats and one `Video View Summary` per view.
 */
import type { AttachVideoOptions, EncoreApi, Properties, VideoHandle, VideoMeta } from '../types';
import { capture, type Capture } from './capture';
import { clockFor, type ClockMember } from './clock';
import { uuid } from '../lib/uuid';
import { cleanMeta } from './meta';
import { createQoe, type Phase, type Qoe } from './qoe';
import type { PlayerAdapter, PlayerError, PlayerEvents, PlayerReads, Rendition } from './types';

const MILESTONES = [10, 25, 50, 75, 90, 100];
const HEARTBEAT_MS = 10_000;
/** A view paused this long ends; the next play starts a new one (QOE.md, "View"). */
const IDLE_MS = 3_600_000;

interface View {
  id: string;
  q: Qoe;
  src: string;
  dropped0: number;
  /** Index of the next milestone (they are passed in order). */
  mark: number;
  beat: number;
}

const r1 = (n: number) => Math.round(n * 10) / 10;
const kbps = (r: Rendition) => Math.round(r.bitrate / 1000);

/**
 * Starts tracking `el`. `cap` carries the signals captured since `attachVideo` was called (see
 * lazy.ts); without it, capturing starts now.
 */
export function attach(
  api: EncoreApi,
  el: HTMLVideoElement,
  rawMeta: VideoMeta,
  options: AttachVideoOptions = {},
  cap: Capture = capture(el),
): VideoHandle {
  const report = (e: unknown) => api.report(e, 'video');
  let meta = cleanMeta(rawMeta, report);
  let adapter = options.adapter as PlayerAdapter | undefined;
  if (adapter && typeof adapter.attach != 'function') {
    report(new TypeError('attachVideo: bad options.adapter'));
    adapter = undefined;
  }
  const player = options.player || adapter?.name || 'html5';
  /** A read: the adapter's when it implements it, else the element's. */
  const rd = (k: keyof PlayerReads): any =>
    adapter?.[k]
      ? adapter[k]!()
      : k == 'source'
        ? el.src || el.currentSrc
        : k == 'size'
          ? { displayWidth: el.clientWidth, displayHeight: el.clientHeight, videoWidth: el.videoWidth, videoHeight: el.videoHeight }
          : k == 'droppedFrames'
            ? el.getVideoPlaybackQuality?.().droppedVideoFrames
            : el[k];
  const pos = (): number => rd('currentTime');
  const dur = (): number => rd('duration');

  const clock = clockFor(api);
  const now = () => performance.now();
  let view: View | undefined;
  let rendition: Rendition | undefined;
  // A fatal error before any play intent (e.g. the manifest failed while preloading): the next
  // view starts failed, so it is a startup failure rather than an exit before start.
  let failure: PlayerError | undefined;
  let src: string = rd('source');
  let sawPlaying = false;
  let base = 0;
  let stallPos = 0;
  let gone = false;

  const live = (): boolean => meta.live ?? dur() == Infinity;
  const ids = () => ({ category: meta.category ?? null, product_ids: meta.productIds ?? [] });
  const track = (name: string, extra?: Properties) => {
    const d = dur();
    const lv = live();
    api.track('Video ' + name, {
      session_id: view?.id,
      content_asset_id: meta.videoId,
      title: meta.title ?? null,
      ...ids(),
      position: r1(pos() || 0),
      total_length: lv || !(d > 0) ? null : r1(d),
      livestream: lv,
      video_player: player,
      bitrate: rendition ? kbps(rendition) : null,
      sound: el.muted ? 0 : Math.round(el.volume * 100),
      ...extra,
    });
  };

  const interrupted = (e: PlayerError) => track('Playback Interrupted', { error_code: e.code ?? null, error_message: e.message ?? null });

  const beat = (at: number) => {
    view!.beat = at;
    track('Content Playing');
  };

  const percent = () => {
    const d = dur();
    const v = view;
    if (!v?.q.started() || live() || !(d > 0)) return;
    const p = (pos() / d) * 100;
    v.q.pct(p);
    for (let m; (m = MILESTONES[v.mark]) && p >= m - 0.5; v.mark++)
      api.track('Video Milestone', { view_id: v.id, video_id: meta.videoId, ...ids(), percent: m });
  };

  const sampleScale = (at: number) => {
    const s = rd('size');
    view?.q.u(at, s?.videoWidth && s.displayWidth ? Math.min(s.displayWidth / s.videoWidth, s.displayHeight / s.videoHeight) : undefined);
  };

  /** Segment Video spec events for a phase change. */
  const transition = (a: Phase, b: Phase, at: number) => {
    if (a == 'idle' && b != 'paused') track('Playback Started');
    if (a == 'stalled') track('Playback Buffer Completed');
    if (a == 'seeking') track('Playback Seek Completed');
    if (b == 'stalled') track('Playback Buffer Started');
    if (b == 'seeking') track('Playback Seek Started');
    if (b == 'paused' && a != 'idle' && a != 'seeking') track('Playback Paused');
    if (b == 'playing') {
      if (a == 'starting' || a == 'idle') {
        sampleScale(at);
        track('Content Started');
        track('Quality Updated', { startupTime: view!.q.summary(at, false).startup_time_ms, droppedFrames: 0 });
      } else if (a == 'paused') track('Playback Resumed');
      if (a != 'stalled' && a != 'seeking') beat(at);
    }
    if (b == 'ended') {
      percent();
      track('Content Completed');
      track('Playback Completed');
      close('ended', at);
    }
  };

  /** Applies `f` to the view's engine (starting a view when `create`), then emits what changed. */
  const step = (at: number | undefined, f: (q: Qoe, at: number) => unknown, create?: boolean) => {
    const t = at ?? now();
    if (!view) {
      if (!create || gone) return;
      const q = createQoe();
      view = { id: uuid(), q, src: rd('source'), dropped0: rd('droppedFrames') ?? 0, mark: 0, beat: 0 };
      if (rendition) q.q(t, rendition.bitrate);
      if (document.visibilityState == 'hidden') q.h(t, true);
      const e = failure;
      if (e) f = (q, t) => (q.i(t), q.x(t, true, e.code, e.message));
    }
    const q = view.q;
    const a = q.phase();
    f(q, t);
    const b = q.phase();
    if (a != b) transition(a, b, t);
    if (a == 'idle' && failure) interrupted(failure);
    clock.update();
  };

  const close = (reason: string, at: number) => {
    const v = view;
    if (!v) return;
    const phase = v.q.phase();
    if (phase != 'ended' && phase != 'idle') track('Playback Exited', { reason });
    view = undefined;
    const lv = live();
    api.track('Video View Summary', {
      view_id: v.id,
      video_id: meta.videoId,
      title: meta.title ?? null,
      ...ids(),
      player,
      live: lv,
      ...v.q.summary(at, lv),
      dropped_frames: Math.max(0, (rd('droppedFrames') ?? 0) - v.dropped0),
      end_reason: reason,
    });
    clock.update();
  };

  /** A player event that maps to one engine call. */
  const call =
    (m: 'b' | 'p' | 's' | 'k' | 'z' | 'r' | 'e', create?: boolean) =>
    (at?: number) =>
      step(at, (q, t) => q[m](t), create);

  /**
   * Ends the view as a source change (its summary carries the old metadata), then starts the next
   * one, with `next` metadata, if the player is playing.
   */
  const restart = (t: number, next = meta) => {
    close('source_change', t);
    meta = next;
    rd('paused') || ev.playIntent(t);
  };

  const ev: PlayerEvents = {
    playIntent(at) {
      const t = at ?? now();
      if (view?.q.phase() == 'paused' && t - view.q.last() > IDLE_MS) close('idle', t);
      if (!view?.q.started()) {
        base = pos();
        sawPlaying = false;
      }
      step(t, (q) => q.i(t), true);
    },
    autoplayBlocked: call('b', true),
    firstFrame: (at) => step(at, (q, t) => q.started() || q.p(t)),
    stallStart(at) {
      stallPos = pos();
      step(at, (q, t) => q.s(t));
    },
    stallEnd: call('p'),
    seekStart: call('k'),
    seekEnd: call('p'),
    pause: call('z'),
    resume: call('r'),
    ended: call('e'),
    rendition(r, at) {
      if (!(r?.bitrate > 0)) return;
      const changed = r.bitrate != rendition?.bitrate;
      rendition = r;
      step(at, (q, t) => q.q(t, r.bitrate));
      if (changed && view?.q.started()) track('Quality Updated', { bitrate: kbps(r) });
    },
    error(e, at) {
      const fatal = !!e?.fatal;
      if (!view && fatal) failure = e;
      const first = fatal && view && !view.q.failed();
      step(at, (q, t) => q.x(t, fatal, e?.code, e?.message));
      if (first) interrupted(e);
    },
    sourceChange(s, at) {
      if (!s || s == src) return;
      src = s;
      failure = undefined;
      if (!view) return;
      if (!view.src) view.src = s;
      else if (view.src != s) restart(at ?? now());
    },
  };

  /** The built-in `<video>` adapter: media element signals to player events (QOE.md rules). */
  const signals: Record<string, (at: number) => unknown> = {
    late: (at) => view || step(at, (q, t) => q.l(t), true),
    call: ev.playIntent,
    play: ev.playIntent,
    blocked: ev.autoplayBlocked,
    // The browser sets paused=false before this event fires when autoplay is allowed.
    canplaythrough: (at) => el.autoplay && el.paused && !view && ev.autoplayBlocked(at),
    playing(at) {
      sawPlaying = true;
      if (view?.q.started()) ev.resume(at);
    },
    frame: ev.firstFrame,
    timeupdate(at) {
      // Fallback proof of a frame where requestVideoFrameCallback is missing (or the tab is hidden).
      const p = pos();
      if (sawPlaying && !el.seeking && !el.paused && p > base) ev.firstFrame(at);
      // A stall reported by the player (hls.js bufferStalledError over a gap) can end without a
      // `playing` event: the playhead moving again ends it.
      if (view?.q.phase() == 'stalled' && p > stallPos) ev.stallEnd(at);
      percent();
    },
    waiting: (at) => el.seeking || ev.stallStart(at),
    seeking: ev.seekStart,
    seeked: (at) => (el.paused || el.readyState > 2) && ev.seekEnd(at),
    pause: (at) => el.ended || ev.pause(at),
    ended: ev.ended,
    error(at) {
      const e = el.error;
      // MEDIA_ERR_ABORTED is the viewer or the page stopping the load, not a failure.
      if (e && e.code != 1) ev.error({ fatal: true, code: 'MEDIA_ERR_' + e.code, message: e.message }, at);
    },
    loadstart: (at) => ev.sourceChange(rd('source'), at),
    resize: sampleScale,
  };
  const onSignal = (type: string, at: number) => signals[type]?.(at);

  const member: ClockMember = {
    active: () => !!view?.q.active(),
    tick(t) {
      percent();
      sampleScale(t);
      if (view?.q.phase() == 'playing' && t - view.beat >= HEARTBEAT_MS - 500) beat(t);
    },
    hidden: (at, h) => view?.q.h(at, h),
    pagehide: (at) => close('pagehide', at),
  };
  clock.add(member);

  if (adapter?.exclusive) cap.stop();
  else {
    for (const [type, at] of cap.log.splice(0)) onSignal(type, at);
    cap.fn = onSignal;
  }
  const safe = (f: () => void) => {
    try {
      f();
    } catch (e) {
      report(e);
    }
  };
  safe(() => adapter?.attach(ev, el));

  return {
    update(m) {
      const next = cleanMeta({ ...meta, ...m }, report);
      if (view && next.videoId != meta.videoId) restart(now(), next);
      else meta = next;
    },
    detach() {
      if (gone) return;
      close('detach', now());
      gone = true;
      safe(() => adapter?.detach());
      cap.stop();
      clock.remove(member);
    },
  };
}
