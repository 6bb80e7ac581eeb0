/**
 * Raw media signals of one `<video>`, recorded with their exact times from the moment tracking is
 * requested. It lives in the core bundle (tiny) so startup time is exact even though the QoE engine
 * loads later; the engine then replays `log` and takes over `fn`. It is also the only place that
 * listens to the element, so there is one set of listeners per tracked element.
 */

/** `[signal, time on the performance.now() clock]`. */
export type Signal = [type: string, at: number];

export interface Capture {
  /** Receives each signal; buffers into `log` until the engine replaces it. */
  fn: (type: string, at: number) => void;
  log: Signal[];
  /** Removes every listener, the `play()` wrapper and any pending frame callback. */
  stop(): void;
}

/** Media events that carry QoE information. */
const EVENTS = 'play playing pause waiting seeking seeked timeupdate ended error loadstart canplaythrough resize'.split(' ');

/**
 * Starts capturing. Signals beyond the media events: `call` (a `play()` call: the earliest play
 * intent), `blocked` (`play()` rejected with NotAllowedError), `frame` (a frame presented while
 * playing, via requestVideoFrameCallback, requested only after play/playing: never per frame),
 * `late` (the element was already playing when tracking started).
 */
export function capture(el: HTMLVideoElement): Capture {
  const log: Signal[] = [];
  const now = () => performance.now();
  let frameReq = 0;
  const cap: Capture = { log, fn: (type, at) => log.push([type, at]), stop };
  const frame = () => {
    if (!frameReq && el.requestVideoFrameCallback)
      frameReq = el.requestVideoFrameCallback((at) => {
        frameReq = 0;
        if (!el.paused) cap.fn('frame', at);
      });
  };
  const on = (e: Event) => {
    if (e.type[0] == 'p' && e.type != 'pause') frame();
    cap.fn(e.type, e.timeStamp);
  };
  if (!el.paused && el.currentTime > 0) log.push(['late', now()]);
  // Wrapping the element's own play() sees the intent before the `play` event task and is the only
  // way to learn that autoplay was refused (the browser fires no event for it).
  const hadOwn = Object.prototype.hasOwnProperty.call(el, 'play');
  const original = el.play;
  const play = function (this: HTMLVideoElement) {
    const at = now();
    const p = original.call(el);
    cap.fn('call', at);
    frame();
    p?.catch?.((e: unknown) => (e as Error)?.name == 'NotAllowedError' && cap.fn('blocked', now()));
    return p;
  };
  el.play = play;
  for (const t of EVENTS) el.addEventListener(t, on);
  function stop() {
    for (const t of EVENTS) el.removeEventListener(t, on);
    if (el.play === play) {
      if (hadOwn) el.play = original;
      else delete (el as Partial<HTMLVideoElement>).play;
    }
    if (frameReq) el.cancelVideoFrameCallback(frameReq);
    frameReq = 0;
  }
  return cap;
}
