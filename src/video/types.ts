/**
 * The player plugin hook. A player integration implements {@link PlayerAdapter}; Encore's QoE
 * logic only ever sees {@link PlayerEvents} calls and {@link PlayerReads}, so it works the same for
 * a bare `<video>`, hls.js, video.js or a custom player. See docs/players.md.
 */

/** A rendition (quality level) as shown to the viewer. */
export interface Rendition {
  /** Bits per second of the rendition (HLS `BANDWIDTH`, DASH `bandwidth`). */
  bitrate: number;
  width?: number;
  height?: number;
}

/** A player error. Only `fatal` errors count as failures (docs/video.md, "Definitions"). */
export interface PlayerError {
  fatal: boolean;
  code?: string | number;
  message?: string;
}

/**
 * What a player reports. Every method takes an optional `at`: the time of the event on the
 * `performance.now()` clock (e.g. `event.timeStamp`); omitted means now. Calls in the wrong state
 * are ignored, so an adapter may report freely (a second `playIntent` while playing is harmless).
 */
export interface PlayerEvents {
  /** Playback was requested: a `play()` call, a play button, or autoplay starting. Starts a view. */
  playIntent(at?: number): void;
  /** The browser refused to start playback (`play()` rejected with `NotAllowedError`). Not a failure. */
  autoplayBlocked(at?: number): void;
  /** The first frame is shown with the playhead progressing. Ends startup. */
  firstFrame(at?: number): void;
  /** The playhead should move but does not (after startup). */
  stallStart(at?: number): void;
  /** The playhead moves again after a stall. */
  stallEnd(at?: number): void;
  /** The viewer (or code) moved the playhead. */
  seekStart(at?: number): void;
  /** The playhead progresses again after a seek (or the seek completed while paused). */
  seekEnd(at?: number): void;
  /** The viewer paused. */
  pause(at?: number): void;
  /** Playback resumed after a pause (the playhead progresses). */
  resume(at?: number): void;
  /** The shown rendition changed (or is known for the first time). */
  rendition(rendition: Rendition, at?: number): void;
  /** An error; `fatal: true` means playback cannot continue without intervention. */
  error(error: PlayerError, at?: number): void;
  /** The player loads a different piece of content: the current view ends. */
  sourceChange(source: string, at?: number): void;
  /** Playback reached the end. */
  ended(at?: number): void;
}

/** Display and intrinsic size, for upscale/downscale. */
export interface PlayerSize {
  /** Displayed size in CSS px. */
  displayWidth: number;
  displayHeight: number;
  /** Intrinsic size of the rendition shown. */
  videoWidth: number;
  videoHeight: number;
}

/** State a player can be asked for at any time. */
export interface PlayerReads {
  /** Playhead, seconds. */
  currentTime(): number;
  /** Seconds; `Infinity` for live, `NaN` when unknown. */
  duration(): number;
  paused(): boolean;
  /** Identifies the content loaded (a URL); a change means a new view. */
  source(): string;
  size(): PlayerSize | undefined;
  /** Cumulative dropped frames (`getVideoPlaybackQuality().droppedVideoFrames`). */
  droppedFrames(): number | undefined;
}

/**
 * A player integration. Pass one as `attachVideo(el, meta, { adapter })`.
 *
 * By default the built-in `<video>` adapter still observes the element (startup, stalls, seeks,
 * pauses, ended, media errors) and the adapter adds what only the player knows (renditions, player
 * errors, source identity). An adapter that reports everything itself sets `exclusive: true`.
 * Every read an adapter implements replaces the element's; missing reads fall back to the element.
 */
export interface PlayerAdapter extends Partial<PlayerReads> {
  /** Player name, reported as `player` / `video_player`. */
  name?: string;
  /** When true the element's own media events are not observed. */
  exclusive?: boolean;
  /** Start reporting to `events`. Called once per attachment. */
  attach(events: PlayerEvents, video: HTMLVideoElement): void;
  /** Stop reporting and remove every listener the adapter added. */
  detach(): void;
}
