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
  const own = el.play;
  let req: number | undefined;
  const c: Capture = {
    log,
    fn: (...s: Signal) => log.push(s),
    stop() {
      for (const t of EVENTS) el.removeEventListener(t, on);
      if (el.play == play) {
        // Back to the prototype's play(), or to the page's own if it had one.
        delete (el as Partial<HTMLVideoElement>).play;
        if (el.play != own) el.play = own;
      }
      req && el.cancelVideoFrameCallback(req);
    },
  };
  const sig = (type: string, at = performance.now()) => c.fn(type, at);
  const frame = () =>
    req ||= el.requestVideoFrameCallback?.((at) => {
      req = undefined;
      el.paused || sig('frame', at);
    });
  const on = (e: Event) => {
    e.type[0] == 'p' && e.type != 'pause' && frame();
    sig(e.type, e.timeStamp);
  };
  if (!el.paused && el.currentTime > 0) sig('late');
  // Wrapping the element's own play() sees the intent before the `play` event task and is the only
  // way to learn that autoplay was refused (the browser fires no event for it).
  const play = () => {
    const at = performance.now();
    const p = own.call(el);
    sig('call', at);
    frame();
    p?.catch((e: unknown) => (e as Error)?.name == 'NotAllowedError' && sig('blocked'));
    return p;
  };
  el.play = play;
  for (const t of EVENTS) el.addEventListener(t, on);
  return c;
}
