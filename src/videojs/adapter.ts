/**
 * The video.js (8.x) player adapter. It is `exclusive`: video.js reports every playback signal
 * itself (its tech forwards the element's media events), so Encore does not also listen to the
 * `<video>` element video.js renders into.
 */
import type { PlayerAdapter, PlayerEvents } from '../video/types';
import { bufferedEvents } from '../video/early';

type Listener = (event?: { timeStamp?: number }) => void;

/** A video.js event target (players and the quality-level list). */
interface Evented {
  on(type: string, fn: Listener): void;
  off(type: string, fn: Listener): void;
}

/** A video.js quality level (VHS renditions through videojs-contrib-quality-levels). */
interface QualityLevel {
  bitrate?: number;
  width?: number;
  height?: number;
}

/** The part of a video.js `Player` the adapter uses (structural, so no video.js types are needed). */
export interface VideojsPlayer extends Evented {
  one(type: string, fn: Listener): void;
  el(): HTMLElement;
  id(): string;
  tech(iWillNotUseThisInPlugins?: boolean): { el(): HTMLElement } | undefined;
  currentTime(): number;
  duration(): number;
  paused(): boolean;
  ended(): boolean;
  seeking(): boolean;
  currentSrc(): string;
  currentWidth(): number;
  currentHeight(): number;
  videoWidth(): number;
  videoHeight(): number;
  error(): { code: number; message?: string } | null;
  qualityLevels?(): Evented & { [index: number]: QualityLevel; selectedIndex: number };
}

/** The `<video>` element video.js plays into (its Html5 tech). */
export const techVideo = (player: VideojsPlayer): HTMLVideoElement | undefined => {
  const el = player.tech(true)?.el();
  return el instanceof HTMLVideoElement ? el : undefined;
};

/**
 * Creates the adapter for one video.js player: startup (the first frame: requestVideoFrameCallback
 * where the browser has it, else the first `timeupdate` with the playhead moved after `playing`),
 * stalls (`waiting` outside a seek), seeks, pauses, the end, errors with video.js's code
 * (`VJS_<code>`), source changes (`loadstart`) and the rendition VHS selects (`qualityLevels`).
 * It listens from its creation: what happens before Encore's engine attaches waits (video/early.ts).
 */
export function videojsAdapter(player: VideojsPlayer): PlayerAdapter {
  const offs: Array<() => void> = [];
  const on = (target: Evented, type: string, fn: Listener) => {
    target.on(type, fn);
    offs.push(() => target.off(type, fn));
  };
  const early = bufferedEvents();
  listen(player, early.events, on, offs);
  return {
    name: 'video.js',
    exclusive: true,
    currentTime: () => player.currentTime() || 0,
    duration: () => player.duration() ?? NaN,
    paused: () => player.paused(),
    source: () => player.currentSrc() || '',
    size: () => ({ displayWidth: player.currentWidth(), displayHeight: player.currentHeight(), videoWidth: player.videoWidth(), videoHeight: player.videoHeight() }),
    droppedFrames: () => techVideo(player)?.getVideoPlaybackQuality?.().droppedVideoFrames,

    attach(events: PlayerEvents) {
      early.deliver(events);
    },

    detach() {
      for (const off of offs.splice(0)) off();
    },
  };
}

/** Turns the player's events into `events` (the adapter's work; registered through `on`). */
function listen(player: VideojsPlayer, events: PlayerEvents, on: (target: Evented, type: string, fn: Listener) => void, offs: Array<() => void>): void {
  // `playing` alone is not proof of a frame (docs/video.md); a frame callback or the playhead moving is.
  let sawPlaying = false;
  let startedAt = 0;
  let framed = false;
  let stalled = false;
  let frameRequest = 0;
  let firstPresented = 0;
  const video = techVideo(player);
  const shown = (at?: number) => {
    if (framed || player.paused()) return;
    framed = true;
    events.firstFrame(at);
  };
  // A frame at the start position is not yet progress: WebKit presents a preloaded video's first
  // frame when play() starts its pipeline and can hold the playhead there for 500 ms under load.
  // Chromium runs the callback for the real first frame before it updates currentTime, so a frame
  // seen once the playhead has moved dates the start back by the media time it has played since.
  const requestFrame = () => {
    if (!frameRequest && video?.requestVideoFrameCallback)
      frameRequest = video.requestVideoFrameCallback((now, frame) => {
        frameRequest = 0;
        if (player.currentTime() === startedAt) {
          firstPresented ||= now;
          return !framed && !player.paused() && requestFrame();
        }
        const played = Math.max(0, frame.mediaTime - startedAt) * 1000;
        shown(Math.max(firstPresented || now, now - played / (video.playbackRate || 1)));
      });
  };
  offs.push(() => frameRequest && video?.cancelVideoFrameCallback(frameRequest));

  on(player, 'play', (e) => {
    if (!framed) {
      sawPlaying = false;
      startedAt = player.currentTime() || 0;
      firstPresented = 0;
      requestFrame();
    }
    events.playIntent(e?.timeStamp);
  });
  on(player, 'playing', () => {
    sawPlaying = true;
    if (!framed) return;
    stalled ? events.stallEnd() : events.resume();
    stalled = false;
  });
  on(player, 'timeupdate', () => {
    if (sawPlaying && !player.seeking() && player.currentTime() > startedAt) shown();
  });
  on(player, 'waiting', () => {
    if (!framed || player.seeking()) return;
    stalled = true;
    events.stallStart();
  });
  on(player, 'seeking', () => {
    stalled = false;
    events.seekStart();
  });
  on(player, 'seeked', () => events.seekEnd());
  on(player, 'pause', () => player.ended() || events.pause());
  on(player, 'ended', () => {
    framed = false;
    events.ended();
  });
  on(player, 'error', () => {
    const e = player.error();
    // Every error video.js raises stops playback; MEDIA_ERR_ABORTED (1) is the load being stopped.
    if (e && e.code != 1) events.error({ fatal: true, code: `VJS_${e.code}`, message: e.message });
  });
  on(player, 'loadstart', () => {
    framed = false;
    events.sourceChange(player.currentSrc());
  });
  const levels = player.qualityLevels?.();
  if (levels) {
    const selected = () => {
      const l = levels[levels.selectedIndex];
      if (l?.bitrate) events.rendition({ bitrate: l.bitrate, width: l.width, height: l.height });
    };
    on(levels, 'change', selected);
    selected();
  }
}
