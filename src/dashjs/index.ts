/**
 * encore-sdk/dashjs: the dash.js (5.x) adapter. dash.js is never imported: pass your own
 * `MediaPlayer` instance, `encore.attachVideo(video, meta, { adapter: dashjsAdapter(player) })`,
 * before or after `player.initialize()`.
 */
import type { PlayerAdapter, PlayerEvents } from '../video/types';
import { cannotPlay, count } from '../video/stalled';
import { bufferedEvents } from '../video/early';

export type { PlayerAdapter, PlayerEvents, PlayerReads, PlayerSize, PlayerError, Rendition } from '../video/types';

/** A dash.js `Representation`, as far as the adapter reads it. */
export interface DashRepresentation {
  bandwidth: number;
  width?: number;
  height?: number;
}

/** The part of a dash.js `MediaPlayer` the adapter uses (structural, so no dash.js types are needed). */
export interface DashjsLike {
  on(type: string, listener: (event: any) => void): void;
  off(type: string, listener: (event: any) => void): void;
  getSource?(): string | object | null;
  getCurrentRepresentationForType?(type: 'video'): DashRepresentation | null;
  getDashMetrics?(): { getCurrentDroppedFrames?(): { droppedFrames?: number } | null } | null;
}

/**
 * dash.js error codes after which playback goes on: a subtitle that does not parse
 * (`TIMED_TEXT_ERROR_ID_PARSE_CODE`). Every other `error` event stops the stream.
 */
const RECOVERABLE = [33];

/**
 * Creates the adapter for one dash.js player. It adds what only dash.js knows to the `<video>`
 * element's own signals: the video representation rendered (`qualityChangeRendered`), stalls it
 * sees (`bufferStalled`), its errors with dash.js's numeric code, dropped frames from its metrics,
 * and the manifest URL as the source (an MSE `blob:` URL changes on every load).
 *
 * It listens from its creation: Encore's engine attaches lazily, and what dash.js reports meanwhile
 * (a manifest failing at once) waits with its time (video/early.ts).
 */
export function dashjsAdapter(player: DashjsLike): PlayerAdapter {
  const early = bufferedEvents();
  const events: PlayerEvents = early.events;
  let video: HTMLVideoElement | undefined;
  const shown = (r: DashRepresentation | null | undefined) =>
    r?.bandwidth && events.rendition({ bitrate: r.bandwidth, width: r.width, height: r.height });
  const listeners: Record<string, (event: any) => void> = {
    qualityChangeRendered: (e: { mediaType?: string; newRepresentation?: DashRepresentation }) => e?.mediaType == 'video' && shown(e.newRepresentation),
    // The first representation: dash.js renders it without a quality change.
    streamInitialized: () => current(),
    bufferStalled: () => cannotPlay(video) && events.stallStart(),
    error(e: { error?: { code?: number; message?: string } }) {
      const code = e?.error?.code;
      events.error({ fatal: !RECOVERABLE.includes(code!), code, message: e?.error?.message });
    },
  };
  const current = () => {
    try {
      shown(player.getCurrentRepresentationForType?.('video'));
    } catch {
      // dash.js throws before a stream exists: streamInitialized will say.
    }
  };
  const source = () => {
    const s = player.getSource?.();
    return typeof s == 'string' ? s : '';
  };
  for (const [type, fn] of Object.entries(listeners)) player.on(type, fn);
  return {
    name: 'dash.js',
    // Empty while nothing is loaded, so a failure before the first play stays with that view.
    source,
    droppedFrames: () => count(player.getDashMetrics?.()?.getCurrentDroppedFrames?.()?.droppedFrames),
    attach(ev, el) {
      video = el;
      early.deliver(ev);
      // Attached after initialize(): the representation rendered now.
      current();
    },
    detach() {
      for (const [type, fn] of Object.entries(listeners)) player.off(type, fn);
      video = undefined;
    },
  };
}
