/**
 * Tracks one player: turns player signals into views (QoE engine per view), Segment Video spec
 * events, milestones, heartbeats and one `Video View Summary` per view.
 */
import type { AttachVideoOptions, EncoreApi, Properties, VideoHandle, VideoMeta } from '../types';
import { capture, type Capture } from './capture';
import { clockFor, type ClockMember } from './clock';
import { uuid } from '../lib/uuid';
import { cleanMeta } from './meta';
import { createQoe, round, ENDED, IDLE, PAUSED, PLAYING, SEEKING, STALLED, type Phase, type Qoe } from './qoe';
import type { PlayerAdapter, PlayerError, PlayerEvents, PlayerReads, Rendition } from './types';

const MILESTONES = [10, 25, 50, 75, 90, 100];
const HEARTBEAT_MS = 10_000;
/** A view paused this long ends; the next play starts a new one (docs/video.md, "Definitions"). */
const IDLE_MS = 3_600_000;

/** Picks, from a view's QoE engine, the call a player event maps to; it is called with the event's time. */
type Op = (view: Qoe) => (t: number) => void;

const playIntent: Op = (q) => q.playIntent_;
const progress: Op = (q) => q.progress_;

const kbps = (r: Rendition) => round(r.bitrate / 1000);

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
  /** The current view's QoE engine; the view's own fields follow. */
  let view: Qoe | undefined;
  let viewId = '';
  let viewSrc = '';
  let dropped0 = 0;
  /** Index of the next milestone (they are passed in order). */
  let mark = 0;
  let beatAt = 0;
  let rendition: Rendition | undefined;
  // A fatal error before any play intent (e.g. the manifest failed while preloading): the next
  // view starts failed, so it is a startup failure rather than an exit before start.
  let failure: PlayerError | undefined;
  let src: string = rd('source');
  let sawPlaying = false;
  let base = 0;
  let stallPos = 0;
  /** Where the last seek landed (at `seeked`). */
  let seekedPos = 0;
  let gone = false;

  const live = (): boolean => meta.live ?? dur() == Infinity;
  const ids = () => ({ category: meta.category ?? null, product_ids: meta.productIds ?? [] });
  /** Identity of milestone and summary events. */
  const who = () => ({ view_id: viewId, video_id: meta.videoId, ...ids() });
  const track = (name: string, extra?: Properties) => {
    const d = dur();
    const lv = live();
    api.track('Video ' + name, {
      session_id: view && viewId,
      content_asset_id: meta.videoId,
      title: meta.title ?? null,
      ...ids(),
      position: round(pos() || 0, 1),
      total_length: lv || !(d > 0) ? null : round(d, 1),
      livestream: lv,
      video_player: player,
      bitrate: rendition ? kbps(rendition) : null,
      sound: el.muted ? 0 : Math.round(el.volume * 100),
      ...extra,
    });
  };

  const beat = (at: number) => {
    beatAt = at;
    track('Content Playing');
  };

  const percent = () => {
    const d = dur();
    const v = view;
    if (!v?.started_() || live() || !(d > 0)) return;
    const p = (pos() / d) * 100;
    v.watchedTo_(p);
    for (let m; (m = MILESTONES[mark]) && p >= m - 0.5; mark++) api.track('Video Milestone', { ...who(), percent: m });
  };

  const sampleScale = (at: number) => {
    const s = rd('size');
    view?.scale_(at, s?.videoWidth && s.displayWidth ? Math.min(s.displayWidth / s.videoWidth, s.displayHeight / s.videoHeight) : undefined);
  };

  /**
   * Segment Video spec events for a phase change. `first`: the view has just shown its first frame
   * (also when that frame ends a seek made during startup).
   */
  const transition = (a: Phase, b: Phase, at: number, first: boolean) => {
    if (a == IDLE && b != PAUSED) track('Playback Started');
    if (a == STALLED) track('Playback Buffer Completed');
    if (a == SEEKING) track('Playback Seek Completed');
    if (b == STALLED) track('Playback Buffer Started');
    if (b == SEEKING) track('Playback Seek Started');
    if (b == PAUSED && a != IDLE && a != SEEKING) track('Playback Paused');
    if (b == PLAYING) {
      if (first) {
        sampleScale(at);
        track('Content Started');
        track('Quality Updated', { startupTime: view!.summary_(at, false).startup_time_ms, droppedFrames: 0 });
      } else if (a == PAUSED) track('Playback Resumed');
      if (first || (a != STALLED && a != SEEKING)) beat(at);
    }
    if (b == ENDED) {
      percent();
      track('Content Completed');
      track('Playback Completed');
      close('ended', at);
    }
  };

  /**
   * Applies engine call `op` to the view (starting a view when `create`), then emits what changed.
   * A view started after a fatal error begins failed instead. `error`: the error `op` reports.
   */
  const step = (at: number | undefined, op: Op, create?: boolean, error?: PlayerError) => {
    const t = at ?? now();
    let f: PlayerError | undefined;
    if (!view) {
      if (!create || gone) return;
      view = createQoe();
      viewId = uuid();
      viewSrc = rd('source');
      dropped0 = rd('droppedFrames') ?? 0;
      mark = beatAt = 0;
      if (rendition) view.rendition_(t, rendition.bitrate);
      if (document.visibilityState == 'hidden') view.visibility_(t, true);
      // A fatal error before this view's play intent: the view starts failed with it.
      f = error = failure;
    }
    const q = view;
    const a = q.phase_();
    const failed = q.failed_();
    const wasStarted = q.started_();
    f ? (q.playIntent_(t), q.error_(t, true, f.code, f.message)) : op(q)(t);
    const b = q.phase_();
    if (a != b) transition(a, b, t, !wasStarted && q.started_());
    // The view's first fatal error (only error_ records one).
    if (!failed && q.failed_()) track('Playback Interrupted', { error_code: error?.code ?? null, error_message: error?.message ?? null });
    clock.update();
  };

  const close = (reason: string, at: number) => {
    const v = view;
    if (!v) return;
    const phase = v.phase_();
    if (phase != ENDED && phase != IDLE) track('Playback Exited', { reason });
    view = undefined;
    const lv = live();
    api.track('Video View Summary', {
      ...who(),
      title: meta.title ?? null,
      player,
      live: lv,
      ...v.summary_(at, lv),
      dropped_frames: Math.max(0, (rd('droppedFrames') ?? 0) - dropped0),
      end_reason: reason,
    });
    clock.update();
  };

  /** A player event that maps to one engine call. */
  const call =
    (op: Op, create?: boolean) =>
    (at?: number) =>
      step(at, op, create);

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
      if (view?.phase_() == PAUSED && t - view.lastActivity_() > IDLE_MS) close('idle', t);
      if (!view?.started_()) {
        base = pos();
        sawPlaying = false;
      }
      step(t, playIntent, true);
    },
    autoplayBlocked: call((q) => q.autoplayBlocked_, true),
    firstFrame: (at) => view?.started_() || step(at, progress),
    stallStart(at) {
      stallPos = pos();
      step(at, (q) => q.stall_);
    },
    stallEnd: call(progress),
    seekStart: call((q) => q.seek_),
    seekEnd: call(progress),
    pause: call((q) => q.pause_),
    resume: call((q) => q.resume_),
    ended: call((q) => q.end_),
    rendition(r, at) {
      if (!(r?.bitrate > 0)) return;
      const changed = r.bitrate != rendition?.bitrate;
      rendition = r;
      step(at, (q) => (t) => q.rendition_(t, r.bitrate));
      if (changed && view?.started_()) track('Quality Updated', { bitrate: kbps(r) });
    },
    error(e, at) {
      const fatal = !!e?.fatal;
      if (!view && fatal) failure = e;
      step(at, (q) => (t) => q.error_(t, fatal, e?.code, e?.message), false, e);
    },
    sourceChange(s, at) {
      if (!s || s == src) return;
      src = s;
      failure = undefined;
      if (!view) return;
      if (!viewSrc) viewSrc = s;
      else if (viewSrc != s) restart(at ?? now());
    },
  };

  /** The built-in `<video>` adapter: media element signals to player events (docs/video.md, "Definitions"). */
  const signals: Record<string, (at: number) => unknown> = {
    late: (at) => view || step(at, (q) => q.lateAttach_, true),
    call: ev.playIntent,
    play: ev.playIntent,
    blocked: ev.autoplayBlocked,
    // The browser sets paused=false before this event fires when autoplay is allowed.
    canplaythrough: (at) => el.autoplay && el.paused && !view && ev.autoplayBlocked(at),
    playing(at) {
      sawPlaying = true;
      if (view?.started_()) ev.resume(at);
    },
    frame: ev.firstFrame,
    timeupdate(at) {
      // Fallback proof of a frame where requestVideoFrameCallback is missing (or the tab is hidden).
      const p = pos();
      if (sawPlaying && !el.seeking && !el.paused && p > base) ev.firstFrame(at);
      // A stall reported by the player (hls.js bufferStalledError over a gap) can end without a
      // `playing` event: the playhead moving again ends it.
      // (A player holding the playhead at rate 0 while it buffers, as Shaka does, lets it drift a frame.)
      if (view?.phase_() == STALLED && p > stallPos && el.playbackRate > 0) ev.stallEnd(at);
      // Likewise a seek: WebKitGTK fires `seeked` before it can play on and no `playing` after.
      if (view?.phase_() == SEEKING && !el.seeking && !el.paused && p > seekedPos) ev.seekEnd(at);
      percent();
    },
    waiting: (at) => el.seeking || ev.stallStart(at),
    seeking: ev.seekStart,
    seeked: (at) => ((seekedPos = pos()), (el.paused || el.readyState > 2) && ev.seekEnd(at)),
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
    active: () => !!view?.active_(),
    tick(t) {
      percent();
      sampleScale(t);
      if (view?.phase_() == PLAYING && t - beatAt >= HEARTBEAT_MS - 500) beat(t);
    },
    hidden: (at, h) => view?.visibility_(at, h),
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
