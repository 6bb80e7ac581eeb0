/**
 * The QoE engine for one view: a pure state machine fed timestamped events (ms on any monotonic
 * clock), no DOM and no timers, so every rule of docs/video.md ("Definitions") is unit-tested with made-up times.
 * Time is attributed to one bucket between consecutive events (startup, playing, rebuffering,
 * seeking, or nothing while paused/ended).
 */

/** The QoE part of a `Video View Summary` (names as in docs/video.md, "Video View Summary"). */
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

/** Where a view is. Numbers, not strings: the tracker compares them often and every byte ships. */
export const IDLE = 0;
export const STARTING = 1;
export const PLAYING = 2;
export const PAUSED = 3;
export const STALLED = 4;
export const SEEKING = 5;
export const ENDED = 6;
export type Phase = typeof IDLE | typeof STARTING | typeof PLAYING | typeof PAUSED | typeof STALLED | typeof SEEKING | typeof ENDED;

/**
 * Engine calls (the build shortens the names). Each timed call first attributes the time since
 * the previous call to the current bucket.
 */
export interface Qoe {
  /** Play intent. */
  playIntent_(t: number): void;
  /** Autoplay blocked. */
  autoplayBlocked_(t: number): void;
  /** Progress: first frame, or progress after a stall/seek. */
  progress_(t: number): void;
  /** Resume after a pause. */
  resume_(t: number): void;
  /** Pause. */
  pause_(t: number): void;
  /** Stall. */
  stall_(t: number): void;
  /** Seek. */
  seek_(t: number): void;
  /** Ended. */
  end_(t: number): void;
  /** Error; only `fatal` ones count. */
  error_(t: number, fatal: boolean, code?: string | number, message?: string): void;
  /** Bits per second of the rendition now shown. */
  rendition_(t: number, bps: number): void;
  /** Scale `min(displayW/videoW, displayH/videoH)`, or undefined when unknown. */
  scale_(t: number, u: number | undefined): void;
  /** Page hidden / visible. */
  visibility_(t: number, hidden: boolean): void;
  /** Late attach: tracking began on an element already playing. */
  lateAttach_(t: number): void;
  /** Latest playhead position as a percentage of the duration (not for live). */
  watchedTo_(p: number): void;
  /** Playback was requested and is not paused or ended (heartbeats and the clock run). */
  active_(): boolean;
  started_(): boolean;
  /** A fatal error was recorded. */
  failed_(): boolean;
  /** Where the view is, for the Segment events emitted on each transition. */
  phase_(): Phase;
  /** Time of the last playback activity, for the idle rule. */
  lastActivity_(): number;
  summary_(t: number, live: boolean): QoeSummary;
}

/** Seeks closer than this are one scrub. */
const SCRUB_MS = 2000;

/** Rounds to `d` decimals. */
export const round = (n: number, d = 0) => Math.round(n * 10 ** d) / 10 ** d;

/** Creates the engine for one view. */
export function createQoe(): Qoe {
  let intended = false;
  let t0: number | undefined;
  let started = false;
  let startup: number | null = null;
  let late = false;
  let blocked = false;
  let paused = false;
  let done = false;
  let hidden = false;
  /** A candidate stall is open. */
  let stalled = false;
  let stallVisible = 0;
  let seekAt: number | undefined;
  let lastSeekEnd = -Infinity;
  /** Time of the latest event; NaN before the first. */
  let last = NaN;
  let activeAt = 0;
  // Buckets (ms).
  let startupMs = 0;
  let playing = 0;
  let rebuffer = 0;
  let seeking = 0;
  let rebufferCount = 0;
  let seekCount = 0;
  let seekLatency = 0;
  /** Bits per second shown (0: unknown; renditions always have a positive bitrate). */
  let bitrate = 0;
  let bitrateArea = 0;
  let ups = 0;
  let downs = 0;
  let scale: number | undefined;
  let upArea = 0;
  let downArea = 0;
  let scaleMs = 0;
  let maxPct = 0;
  let failedBefore = false;
  let failedAfter = false;
  let code: string | null = null;
  let message: string | null = null;
  let bitrateMs = 0;

  /** Attributes the time since the last event to the current bucket. */
  const acc = (t: number) => {
    // Time never runs backwards (signals can be replayed slightly out of order).
    const dt = t > last ? t - last : 0;
    if (!(t <= last)) last = t;
    if (!intended && !late) return;
    if (seekAt !== undefined) seeking += dt;
    else if (stalled) {
      // Background tabs throttle media: hidden time is never rebuffering.
      if (!hidden) {
        // A stall counts as a rebuffer from its first visible millisecond.
        if (!stallVisible && dt) rebufferCount++;
        rebuffer += dt;
        stallVisible += dt;
      }
    } else if (!started) {
      if (t0 !== undefined) startupMs += dt;
    } else if (!paused && !done) {
      playing += dt;
      if (bitrate) {
        bitrateArea += bitrate * dt;
        bitrateMs += dt;
      }
      if (scale !== undefined) {
        upArea += Math.max(0, scale - 1) * dt;
        downArea += Math.max(0, 1 - scale) * dt;
        scaleMs += dt;
      }
    }
    if (!paused && !done) activeAt = t;
  };

  const progress = (t: number) => {
    if (!started) {
      if (t0 === undefined) return;
      started = true;
      startup = round(t - t0);
      paused = false;
    }
    stalled = false;
    if (seekAt !== undefined) {
      seekLatency += t - seekAt;
      lastSeekEnd = t;
      seekAt = undefined;
    }
  };

  const timed: Omit<Qoe, 'watchedTo_' | 'active_' | 'started_' | 'failed_' | 'phase_' | 'lastActivity_' | 'summary_'> = {
    playIntent_(t) {
      if (done) return;
      intended = true;
      paused = blocked = false;
      if (!started && t0 === undefined) t0 = t;
      activeAt = t;
    },
    autoplayBlocked_() {
      if (started) return;
      intended = blocked = paused = true;
      t0 = undefined;
    },
    progress_: progress,
    resume_(t) {
      if (done) return;
      paused = false;
      progress(t);
    },
    pause_() {
      stalled = false;
      paused = true;
      // A pause before the first frame restarts the startup clock at the next play intent.
      if (!started) t0 = undefined;
    },
    stall_(t) {
      if (started && !paused && !done && !stalled && seekAt === undefined) {
        stalled = true;
        stallVisible = 0;
      }
    },
    seek_(t) {
      if (stalled) {
        // The candidate stall was the seek: its time is seek latency, not rebuffering.
        if (stallVisible) rebufferCount--;
        rebuffer -= stallVisible;
        seeking += stallVisible;
        stalled = false;
      }
      if (seekAt === undefined) {
        if (t - lastSeekEnd >= SCRUB_MS) seekCount++;
        seekAt = t;
      }
    },
    end_() {
      stalled = false;
      done = started;
    },
    error_(_, fatal, c, m) {
      // hls.js may report the same fatal error twice; the first fatal error decides.
      if (!fatal || failedBefore || failedAfter) return;
      started ? (failedAfter = true) : (failedBefore = true);
      code = c === undefined ? null : String(c);
      message = m ?? null;
    },
    rendition_(_, bps) {
      if (bitrate && bps != bitrate) bps > bitrate ? ups++ : downs++;
      bitrate = bps;
    },
    scale_(_, value) {
      scale = value;
    },
    visibility_(_, h) {
      hidden = h;
    },
    lateAttach_(t) {
      late = started = true;
      activeAt = t;
    },
  };
  const q: Omit<Qoe, keyof typeof timed> = {
    watchedTo_(p: number) {
      if (p > maxPct) maxPct = Math.min(100, p);
    },
    active_: () => (intended || late) && !paused && !done,
    started_: () => started,
    failed_: () => failedBefore || failedAfter,
    phase_: (): Phase =>
      !intended && !late
        ? IDLE
        : done
          ? ENDED
          : seekAt !== undefined
            ? SEEKING
            : stalled
              ? STALLED
              : paused
                ? PAUSED
                : started
                  ? PLAYING
                  : STARTING,
    lastActivity_: () => activeAt,
    summary_(t: number, live: boolean): QoeSummary {
      acc(t);
      const watch = startupMs + playing + rebuffer + seeking;
      const pct = (a: number, b: number) => (b ? round((a / b) * 100, 2) : 0);
      return {
        startup_time_ms: startup,
        exited_before_start: intended && !started && !failedBefore && !blocked,
        startup_failed: failedBefore,
        playback_failed: failedAfter,
        error_code: code,
        error_message: message,
        autoplay_blocked: blocked,
        late_attach: late,
        watch_time_ms: round(watch),
        playing_time_ms: round(playing),
        rebuffer_count: rebufferCount,
        rebuffer_duration_ms: round(rebuffer),
        rebuffer_percentage: pct(rebuffer, watch),
        seek_count: seekCount,
        seek_latency_ms: seekCount ? round(seekLatency / seekCount) : null,
        avg_bitrate_kbps: bitrateMs ? round(bitrateArea / bitrateMs / 1000) : null,
        rendition_upshifts: ups,
        rendition_downshifts: downs,
        upscale_percentage: pct(upArea, scaleMs),
        downscale_percentage: pct(downArea, scaleMs),
        max_percent_watched: live ? null : round(maxPct, 1),
        completed: !live && done,
      };
    },
  };
  for (const [k, f] of Object.entries(timed) as [string, Function][]) (q as any)[k] = (t: number, ...a: unknown[]) => (acc(t), f(t, ...a));
  return q as Qoe;
}
