/**
 * The part of video tracking that sits in the core bundle: resolve the element, start capturing
 * media signals at once (exact startup times), and load the engine with a dynamic import.
 */
import type { AttachVideoOptions, EncoreApi, VideoHandle, VideoMeta } from '../types';
import { capture } from './capture';

const noop: VideoHandle = { update() {}, detach() {} };

/**
 * Starts tracking `target` (an element or a selector). Returns a handle at once; `update()` calls
 * made before the engine has loaded are applied when it has. Never throws: problems go to `api.report`.
 */
export function attachVideoLazily(
  api: EncoreApi,
  target: HTMLVideoElement | string,
  meta: VideoMeta,
  options?: AttachVideoOptions,
): VideoHandle {
  let el: Element | null = null;
  try {
    el = typeof target == 'string' ? document.querySelector(target) : target;
  } catch (e) {
    // An invalid selector throws SyntaxError.
  }
  if (!(el instanceof HTMLVideoElement)) {
    api.report(new TypeError(`attachVideo: no <video> element for ${String(target)}`), 'video');
    return noop;
  }
  const cap = capture(el);
  const pending: Array<Partial<VideoMeta>> = [];
  let handle: VideoHandle | undefined;
  let detached = false;
  import('./index').then(
    (m) => {
      if (detached) return;
      handle = m.attach(api, el as HTMLVideoElement, meta, options, cap);
      for (const u of pending) handle.update(u);
    },
    (e) => {
      cap.stop();
      api.report(e, 'video');
    },
  );
  return {
    update(u) {
      handle ? handle.update(u) : pending.push(u);
    },
    detach() {
      detached = true;
      handle ? handle.detach() : cap.stop();
    },
  };
}

/**
 * Tracks every element matching `selector` (default `video[data-encore-video]`), including ones
 * added later; elements removed from the page end their view. The scanning code loads lazily (in the
 * script-tag build it is inline, so nothing is missed). Returns a function that stops it all.
 */
export function autoVideoLazily(api: EncoreApi, selector?: string): () => void {
  let stop: (() => void) | undefined;
  let stopped = false;
  import('./auto').then(
    (m) => {
      if (!stopped) stop = m.autoVideo(api, selector);
    },
    (e) => api.report(e, 'video'),
  );
  return () => {
    stopped = true;
    stop?.();
  };
}
