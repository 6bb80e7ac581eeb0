/**
 * Shared by the Shaka and dash.js adapters: a player's own "buffering" signal, confirmed by the
 * element. Players poll their buffer and can report a stall late, after playback has moved on (a
 * short seek); only a playhead that cannot move now is a stall: not seeking, paused or ended, and
 * either short of data (below HAVE_FUTURE_DATA) or held by the player at playback rate 0 (Shaka
 * stops the playhead when its buffer drops under `rebufferingGoal`, seconds before the element
 * runs dry and fires `waiting`). Its end is the playhead moving again, which the built-in `<video>`
 * adapter sees: a player's "buffer filled" comes before the first new frame, so it is not used.
 */
export const cannotPlay = (video: HTMLMediaElement | undefined): boolean =>
  !!video && !video.seeking && !video.paused && !video.ended && (video.readyState < 3 || video.playbackRate == 0);

/** A frame count a player reports, or undefined when it has none (Shaka says NaN). */
export const count = (n: unknown): number | undefined => (typeof n == 'number' && Number.isFinite(n) ? n : undefined);
