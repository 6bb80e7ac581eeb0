/**
 * encore-sdk/shaka: the Shaka Player (4.x and 5.x) adapter. Shaka is never imported: pass your
 * own player, `encore.attachVideo(video, meta, { adapter: shakaAdapter(player) })`, before or
 * after `player.load()`.
 */
import type { PlayerAdapter, PlayerEvents } from '../video/types';
import { cannotPlay, count } from '../video/stalled';
import { bufferedEvents } from '../video/early';

export type { PlayerAdapter, PlayerEvents, PlayerReads, PlayerSize, PlayerError, Rendition } from '../video/types';

/** A Shaka variant track, as far as the adapter reads it. */
export interface ShakaTrack {
  active: boolean;
  bandwidth: number;
  videoBandwidth?: number | null;
  width?: number | null;
  height?: number | null;
}

/** The part of a `shaka.Player` the adapter uses (structural, so no Shaka types are needed). */
export interface ShakaLike {
  addEventListener(type: string, listener: (event: any) => void): void;
  removeEventListener(type: string, listener: (event: any) => void): void;
  getVariantTracks?(): ShakaTrack[];
  getStats?(): { droppedFrames?: number };
  getAssetUri?(): string | null;
  load?(...args: any[]): Promise<unknown>;
}

/** `shaka.util.Error.Severity.CRITICAL`: playback cannot go on. RECOVERABLE (1) is reported, not a failure. */
const CRITICAL = 2;
/** `shaka.util.Error.Code.LOAD_INTERRUPTED`: a newer `load()` or `unload()` replaced this one; not an error. */
const LOAD_INTERRUPTED = 7000;

type ShakaError = { severity?: number; code?: number; category?: number; message?: string };

/**
 * Creates the adapter for one Shaka player. It adds what only Shaka knows to the `<video>`
 * element's own signals: the variant shown (`adaptation` and `variantchanged`), stalls it sees
 * (`buffering`), its errors with Shaka's numeric code and severity, dropped frames from its stats,
 * and the manifest URL as the source (an MSE `blob:` URL changes on every load).
 *
 * Shaka reports a failed `load()` (the manifest cannot be fetched or parsed) only by rejecting its
 * promise, not with an `error` event, so from its creation until it is detached the adapter wraps
 * the instance's `load()`: the rejection is reported as an error and passed on unchanged.
 *
 * It listens from its creation: Encore's engine attaches lazily, and what Shaka reports meanwhile
 * (a manifest failing at once) waits with its time (video/early.ts).
 */
export function shakaAdapter(player: ShakaLike): PlayerAdapter {
  const early = bufferedEvents();
  const events: PlayerEvents = early.events;
  let video: HTMLVideoElement | undefined;
  /** A stall Shaka holds at playback rate 0: it ends when Shaka sets the rate back (no `playing` follows). */
  let held = false;
  const released = () => {
    if (!held || !video || video.playbackRate == 0 || video.seeking) return;
    held = false;
    events.stallEnd();
  };
  const variant = () => {
    const track = player.getVariantTracks?.().find((t) => t.active);
    const bitrate = track && (track.videoBandwidth || track.bandwidth);
    if (bitrate) events.rendition({ bitrate, width: track.width ?? undefined, height: track.height ?? undefined });
  };
  const listeners: Record<string, (event: any) => void> = {
    adaptation: variant,
    variantchanged: variant,
    trackschanged: variant,
    buffering(e: { buffering?: boolean }) {
      if (!e?.buffering || !cannotPlay(video)) return;
      held = video!.playbackRate == 0;
      events.stallStart();
    },
    error: (e: { detail?: ShakaError }) => failed(e?.detail),
  };
  const failed = (d: ShakaError | undefined) => {
    if (!d?.code) return;
    events.error({ fatal: d.severity == CRITICAL, code: d.code, message: d.message ?? `Shaka error ${d.code} (category ${d.category})` });
  };
  const own = player.load;
  const load: ShakaLike['load'] = (...args) =>
    own!.apply(player, args).catch((e: ShakaError) => {
      if (e?.code != LOAD_INTERRUPTED) failed(e);
      throw e;
    });
  if (typeof own == 'function') player.load = load;
  for (const [type, fn] of Object.entries(listeners)) player.addEventListener(type, fn);
  return {
    name: 'shaka',
    // Empty while nothing is loaded (after a failed load too), so the failure stays with the next view.
    source: () => player.getAssetUri?.() || '',
    droppedFrames: () => count(player.getStats?.().droppedFrames),
    attach(ev, el) {
      video = el;
      el.addEventListener('ratechange', released);
      early.deliver(ev);
      // Attached after load(): the variant playing now.
      variant();
    },
    detach() {
      for (const [type, fn] of Object.entries(listeners)) player.removeEventListener(type, fn);
      video?.removeEventListener('ratechange', released);
      if (player.load == load) {
        // Back to the prototype's load(), or to the page's own if it had one.
        delete player.load;
        if (player.load != own) player.load = own;
      }
      video = undefined;
    },
  };
}
