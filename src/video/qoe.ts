/**
 * The QoE engine for one view: a pure state machine fed timestamped events (ms on any monotonic
 * clock), no DOM and no timers, so every rule of QOE.md is unit-tested with made-up times.
 * Time is attributed to one bucket between consecutive events (startup, playing, rebuffering,
 * seeking, or nothing while paused/ended).
 */

/** The QoE part of a `Video View Summary` (names as in CONTRACT.md). */
export interface QoeSummary {
  startup_time_ms: number | null;
  exited_before_start: boolean;
  startup_failed: boolean;
  playback_failed: boolean;
  error_code: string | null;
  error_message: string | null;
  autoplay_blocked: boolean;
  late_attach: boolean;
  watch_time_ms: number;
  playing_time_ms: number;
  rebuffer_count: number;
  rebuffer_duration_ms: number;
  rebuffer_percentage: number;
  seek_count: number;
  seek_latency_ms: number | null;
  avg_bitrate_kbps: number | null;
  rendition_upshifts: number;
  rendition_downshifts: number;
  upscale_percentage: number;
  downscale_percentage: number;
  max_percent_watched: number | null;
  completed: boolean;
}

export type Phase = 'idle' | 'starting' | 'playing' | 'paused' | 'stalled' | 'seeking' | 'ended';

export interface Qoe {
  intent(t: number): void;
  blocked(t: number): void;
  /** First frame, or progress after a stall/seek. */
  progress(t: number): void;
  resume(t: number): void;
  pause(t: number): void;
  stall(t: number): void;
  seek(t: number): void;
  ended(t: number): void;
  error(t: number, fatal: boolean, code?: string | number, message?: string): void;
  /** Bits per second of the rendition now shown. */
  rendition(t: number, bps: number): void;
  /** `min(displayW/videoW, displayH/videoH)`, or undefined when unknown. */
  scale(t: number, u: number | undefined): void;
  hidden(t: number, hidden: boolean): void;
  /** Latest playhead position as a percentage of the duration (not for live). */
  percent(p: number): void;
  /** Tracking began on an element already playing. */
  late(t: number): void;
  /** Playback was requested and is not paused or ended (heartbeats and the clock run). */
  active(): boolean;
  started(): boolean;
  /** A fatal error was recorded. */
  failed(): boolean;
  /** Where the view is, for the Segment events emitted on each transition. */
  phase(): Phase;
  /** Time of the last playback activity, for the idle rule. */
  lastActive(): number;
  summary(t: number, live: boolean): QoeSummary;
}

/** Seeks closer than this are one scrub. */
const SCRUB_MS = 2000;

const round = (n: number, d = 0) => Math.round(n * 10 ** d) / 10 ** d;

/** Creates the engine for one view. */
export function createQoe(): Qoe {
  let intended = false;
  let t0: number | undefined;
  let started = false;
  let startup: number | null = null;
  let lateAttach = false;
  let blockedFlag = false;
  let paused = false;
  let done = false;
  let hidden = false;
  let stallAt: number | undefined;
  let stallVisible = 0;
  let seekAt: number | undefined;
  let lastSeekEnd = -Infinity;
  let last: number | undefined;
  let activeAt = 0;
  // Buckets (ms).
  let startupMs = 0;
  let playing = 0;
  let rebuffer = 0;
  let seeking = 0;
  let rebufferCount = 0;
  let seekCount = 0;
  let seekLatency = 0;
  let bitrate: number | undefined;
  let bitrateArea = 0;
  let bitrateMs = 0;
  let ups = 0;
  let downs = 0;
  let u: number | undefined;
  let upArea = 0;
  let downArea = 0;
  let scaleMs = 0;
  let maxPct = 0;
  let failedBefore = false;
  let failedAfter = false;
  let errCode: string | null = null;
  let errMessage: string | null = null;

  /** Attributes the time since the last event to the current bucket. */
  const acc = (t: number) => {
    const dt = last === undefined || t < last ? 0 : t - last;
    if (last === undefined || t > last) last = t;
    if (!intended && !lateAttach) return;
    if (seekAt !== undefined) seeking += dt;
    else if (stallAt !== undefined) {
      // Background tabs throttle media: hidden time is never rebuffering.
      if (!hidden) {
        rebuffer += dt;
        stallVisible += dt;
      }
    } else if (!started) {
      if (t0 !== undefined) startupMs += dt;
    } else if (!paused && !done) {
      playing += dt;
      if (bitrate !== undefined) {
        bitrateArea += bitrate * dt;
        bitrateMs += dt;
      }
      if (u !== undefined) {
        upArea += Math.max(0, u - 1) * dt;
        downArea += Math.max(0, 1 - u) * dt;
        scaleMs += dt;
      }
    }
    if (!paused && !done) activeAt = t;
  };

  const endStall = () => {
    if (stallAt !== undefined && stallVisible > 0) rebufferCount++;
    stallAt = undefined;
  };

  const progress = (t: number) => {
    acc(t);
    if (!started) {
      if (t0 === undefined) return;
      started = true;
      startup = round(t - t0);
      paused = false;
    }
    endStall();
    if (seekAt !== undefined) {
      seekLatency += t - seekAt;
      lastSeekEnd = t;
      seekAt = undefined;
    }
  };

  return {
    intent(t) {
      acc(t);
      if (done) return;
      intended = true;
      paused = false;
      blockedFlag = false;
      if (!started && t0 === undefined) t0 = t;
      activeAt = t;
    },
    blocked(t) {
      acc(t);
      if (started) return;
      intended = true;
      blockedFlag = true;
      paused = true;
      t0 = undefined;
    },
    progress,
    resume(t) {
      acc(t);
      if (done) return;
      paused = false;
      progress(t);
    },
    pause(t) {
      acc(t);
      endStall();
      paused = true;
      // A pause before the first frame restarts the startup clock at the next play intent.
      if (!started) t0 = undefined;
    },
    stall(t) {
      acc(t);
      if (started && !paused && !done && stallAt === undefined && seekAt === undefined) {
        stallAt = t;
        stallVisible = 0;
      }
    },
    seek(t) {
      acc(t);
      if (stallAt !== undefined) {
        // The candidate stall was the seek: its time is seek latency, not rebuffering.
        rebuffer -= stallVisible;
        seeking += stallVisible;
        stallAt = undefined;
      }
      if (seekAt === undefined) {
        if (t - lastSeekEnd >= SCRUB_MS) seekCount++;
        seekAt = t;
      }
    },
    ended(t) {
      acc(t);
      endStall();
      if (started) done = true;
    },
    error(t, fatal, code, message) {
      acc(t);
      // hls.js may report the same fatal error twice; the first fatal error decides.
      if (!fatal || failedBefore || failedAfter) return;
      if (started) failedAfter = true;
      else failedBefore = true;
      errCode = code === undefined ? null : String(code);
      errMessage = message ?? null;
    },
    rendition(t, bps) {
      acc(t);
      if (bitrate !== undefined && bps !== bitrate) bps > bitrate ? ups++ : downs++;
      bitrate = bps;
    },
    scale(t, value) {
      acc(t);
      u = value;
    },
    hidden(t, h) {
      acc(t);
      hidden = h;
    },
    percent(p) {
      if (p > maxPct) maxPct = Math.min(100, p);
    },
    late(t) {
      acc(t);
      lateAttach = true;
      started = true;
      activeAt = t;
    },
    active: () => intended && !paused && !done,
    started: () => started,
    failed: () => failedBefore || failedAfter,
    phase: () =>
      !intended && !lateAttach
        ? 'idle'
        : done
          ? 'ended'
          : seekAt !== undefined
            ? 'seeking'
            : stallAt !== undefined
              ? 'stalled'
              : paused
                ? 'paused'
                : started
                  ? 'playing'
                  : 'starting',
    lastActive: () => activeAt,
    summary(t, live) {
      acc(t);
      const watch = startupMs + playing + rebuffer + seeking;
      return {
        startup_time_ms: startup,
        exited_before_start: intended && !started && !failedBefore && !blockedFlag,
        startup_failed: failedBefore,
        playback_failed: failedAfter,
        error_code: errCode,
        error_message: errMessage,
        autoplay_blocked: blockedFlag,
        late_attach: lateAttach,
        watch_time_ms: round(watch),
        playing_time_ms: round(playing),
        rebuffer_count: rebufferCount + (stallAt !== undefined && stallVisible > 0 ? 1 : 0),
        rebuffer_duration_ms: round(rebuffer),
        rebuffer_percentage: watch ? round((rebuffer / watch) * 100, 2) : 0,
        seek_count: seekCount,
        seek_latency_ms: seekCount ? round(seekLatency / seekCount) : null,
        avg_bitrate_kbps: bitrateMs ? round(bitrateArea / bitrateMs / 1000) : null,
        rendition_upshifts: ups,
        rendition_downshifts: downs,
        upscale_percentage: scaleMs ? round((upArea / scaleMs) * 100, 2) : 0,
        downscale_percentage: scaleMs ? round((downArea / scaleMs) * 100, 2) : 0,
        max_percent_watched: live ? null : round(maxPct, 1),
        completed: !live && done,
      };
    },
  };
}
