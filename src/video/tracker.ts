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
  marks: Set<number>;
  beat: number;
}

const r1 = (n: number) => Math.round(n * 10) / 10;
const kbps = (bps: number) => Math.round(bps / 1000);
const READS = ['currentTime', 'duration', 'paused', 'source', 'size', 'droppedFrames'] as const;

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
    report(new TypeError('attachVideo: options.adapter must have attach() and detach()'));
    adapter = undefined;
  }
  const player = options.player || adapter?.name || 'html5';
  const reads: PlayerReads = {
    currentTime: () => el.currentTime,
    duration: () => el.duration,
    paused: () => el.paused,
    source: () => el.src || el.currentSrc,
    size: () => ({ displayWidth: el.clientWidth, displayHeight: el.clientHeight, videoWidth: el.videoWidth, videoHeight: el.videoHeight }),
    droppedFrames: () => el.getVideoPlaybackQuality?.().droppedVideoFrames,
  };
  for (const k of READS) if (typeof adapter?.[k] == 'function') (reads as any)[k] = (adapter[k] as () => unknown).bind(adapter);

  const clock = clockFor(api);
  const now = () => performance.now();
  let view: View | undefined;
  let rendition: Rendition | undefined;
  // A fatal error before any play intent (e.g. the manifest failed while preloading): the next
  // view starts failed, so it is a startup failure rather than an exit before start.
  let failure: PlayerError | undefined;
  let src = reads.source();
  let sawPlaying = false;
  let base = 0;
  let stallPos = 0;
  let gone = false;

  const live = () => meta.live ?? reads.duration() == Infinity;
  const ids = () => ({ category: meta.category ?? null, product_ids: meta.productIds ?? [] });
  const track = (name: string, extra?: Properties) => {
    const d = reads.duration();
    const lv = live();
    api.track(name, {
      session_id: view?.id,
      content_asset_id: meta.videoId,
      title: meta.title ?? null,
      ...ids(),
      position: r1(reads.currentTime() || 0),
      total_length: lv || !(d > 0) ? null : r1(d),
      livestream: lv,
      video_player: player,
      bitrate: rendition ? kbps(rendition.bitrate) : null,
      sound: el.muted ? 0 : Math.round(el.volume * 100),
      ...extra,
    });
  };

  const interrupted = (e: PlayerError) => track('Video Playback Interrupted', { error_code: e.code ?? null, error_message: e.message ?? null });

  const beat = (at: number) => {
    view!.beat = at;
    track('Video Content Playing');
  };

  const percent = () => {
    const d = reads.duration();
    if (!view || !view.q.started() || live() || !(d > 0)) return;
    const p = (reads.currentTime() / d) * 100;
    view.q.percent(p);
    for (const m of MILESTONES)
      if (p >= m - 0.5 && !view.marks.has(m)) {
        view.marks.add(m);
        api.track('Video Milestone', { view_id: view.id, video_id: meta.videoId, ...ids(), percent: m });
      }
  };

  const sampleScale = (at: number) => {
    const s = reads.size();
    view?.q.scale(at, s && s.videoWidth && s.displayWidth ? Math.min(s.displayWidth / s.videoWidth, s.displayHeight / s.videoHeight) : undefined);
  };

  /** Segment Video spec events for a phase change. */
  const transition = (a: Phase, b: Phase, at: number) => {
    if (a == 'idle' && b != 'paused') track('Video Playback Started');
    if (a == 'stalled') track('Video Playback Buffer Completed');
    if (a == 'seeking' && b != 'seeking') track('Video Playback Seek Completed');
    if (b == 'stalled') track('Video Playback Buffer Started');
    if (b == 'seeking') track('Video Playback Seek Started');
    if (b == 'paused' && a != 'idle' && a != 'seeking') track('Video Playback Paused');
    if (b == 'playing') {
      if (a == 'starting' || a == 'idle') {
        sampleScale(at);
        track('Video Content Started');
        track('Video Quality Updated', { startupTime: view!.q.summary(at, false).startup_time_ms, droppedFrames: 0 });
      } else if (a == 'paused') track('Video Playback Resumed');
      if (a != 'stalled' && a != 'seeking') beat(at);
    }
    if (b == 'ended') {
      percent();
      track('Video Content Completed');
      track('Video Playback Completed');
      close('ended', at);
    }
  };

  const step = (at: number | undefined, f: (q: Qoe, at: number) => void, create?: boolean) => {
    const t = at ?? now();
    if (!view) {
      if (!create || gone) return;
      view = { id: uuid(), q: createQoe(), src: reads.source(), dropped0: reads.droppedFrames() ?? 0, marks: new Set(), beat: 0 };
      if (rendition) view.q.rendition(t, rendition.bitrate);
      if (document.visibilityState == 'hidden') view.q.hidden(t, true);
      if (failure) {
        const e = failure;
        f = (q, t) => (q.intent(t), q.error(t, true, e.code, e.message));
      }
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
    if (phase != 'ended' && phase != 'idle') track('Video Playback Exited', { reason });
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
      dropped_frames: Math.max(0, (reads.droppedFrames() ?? 0) - v.dropped0),
      end_reason: reason,
    });
    clock.update();
  };

  /** A player event that maps to one engine call. */
  const call =
    (m: 'stall' | 'progress' | 'seek' | 'pause' | 'resume' | 'ended' | 'blocked', create?: boolean) =>
    (at?: number) =>
      step(at, (q, t) => q[m](t), create);

  const ev: PlayerEvents = {
    playIntent(at) {
      const t = at ?? now();
      if (view && view.q.phase() == 'paused' && t - view.q.lastActive() > IDLE_MS) close('idle', t);
      if (!view?.q.started()) {
        base = reads.currentTime();
        sawPlaying = false;
      }
      step(t, (q) => q.intent(t), true);
    },
    autoplayBlocked: call('blocked', true),
    firstFrame: (at) => step(at, (q, t) => q.started() || q.progress(t)),
    stallStart(at) {
      stallPos = reads.currentTime();
      step(at, (q, t) => q.stall(t));
    },
    stallEnd: call('progress'),
    seekStart: call('seek'),
    seekEnd: call('progress'),
    pause: call('pause'),
    resume: call('resume'),
    ended: call('ended'),
    rendition(r, at) {
      if (!(r?.bitrate > 0)) return;
      const changed = r.bitrate != rendition?.bitrate;
      rendition = r;
      step(at, (q, t) => q.rendition(t, r.bitrate));
      if (changed && view?.q.started()) track('Video Quality Updated', { bitrate: kbps(r.bitrate) });
    },
    error(e, at) {
      if (!view && e?.fatal) failure = e;
      const first = e?.fatal && view && !view.q.failed();
      step(at, (q, t) => q.error(t, !!e?.fatal, e?.code, e?.message));
      if (first) interrupted(e);
    },
    sourceChange(s, at) {
      if (!s || s == src) return;
      src = s;
      failure = undefined;
      if (!view) return;
      if (!view.src) view.src = s;
      else if (view.src != s) {
        const t = at ?? now();
        close('source_change', t);
        if (!reads.paused()) ev.playIntent(t);
      }
    },
  };

  const signals: Record<string, (at: number) => unknown> = {
    late: (at) => view || step(at, (q, t) => q.late(t), true),
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
      const pos = reads.currentTime();
      if (sawPlaying && !el.seeking && !el.paused && pos > base) ev.firstFrame(at);
      // A stall reported by the player (hls.js bufferStalledError over a gap) can end without a
      // `playing` event: the playhead moving again ends it.
      if (view?.q.phase() == 'stalled' && pos > stallPos) ev.stallEnd(at);
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
      if (e && e.code != 1) ev.error({ fatal: true, code: `MEDIA_ERR_${e.code}`, message: e.message }, at);
    },
    loadstart: (at) => ev.sourceChange(reads.source(), at),
    resize: sampleScale,
  };
  /** The built-in `<video>` adapter: media element signals to player events (QOE.md rules). */
  const onSignal = (type: string, at: number) => signals[type]?.(at);

  const member: ClockMember = {
    active: () => !!view?.q.active(),
    tick(t) {
      if (!view) return;
      percent();
      sampleScale(t);
      if (view && view.q.phase() == 'playing' && t - view.beat >= HEARTBEAT_MS - 500) beat(t);
    },
    hidden: (at, h) => view?.q.hidden(at, h),
    pagehide: (at) => close('pagehide', at),
  };
  clock.add(member);

  if (adapter?.exclusive) cap.stop();
  else {
    for (const [type, at] of cap.log.splice(0)) onSignal(type, at);
    cap.fn = onSignal;
  }
  try {
    adapter?.attach(ev, el);
  } catch (e) {
    report(e);
  }

  return {
    update(m) {
      const next = cleanMeta({ ...meta, ...m }, report);
      if (view && next.videoId != meta.videoId) {
        const t = now();
        close('source_change', t);
        meta = next;
        if (!reads.paused()) ev.playIntent(t);
      } else meta = next;
    },
    detach() {
      if (gone) return;
      close('detach', now());
      gone = true;
      try {
        adapter?.detach();
      } catch (e) {
        report(e);
      }
      cap.stop();
      clock.remove(member);
    },
  };
}
