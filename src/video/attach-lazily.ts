/**
 * `attachVideo` as the core bundle holds it: resolve the element, start capturing media signals at
 * once (exact startup times), and load the engine with a dynamic import. Its own module because
 * both the core (`lazy.ts`) and the auto-video scan (`auto.ts`) attach through it.
 */
import type { AttachVideoOptions, EncoreApi, VideoHandle, VideoMeta } from '../types';
import { capture, type Capture } from './capture';

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
  const report = (e: unknown) => api.report(e, 'video');
  // undefined: loading; null: detached before the engine loaded.
  let h: VideoHandle | null | undefined;
  let cap: Capture | undefined;
  let loaded: Promise<void> | undefined;
  let el: unknown = target;
  try {
    if (typeof target == 'string') el = document.querySelector(target);
  } catch {
    // An invalid selector throws SyntaxError.
  }
  if (el instanceof HTMLVideoElement) {
    const c = (cap = capture(el));
    loaded = import('./index').then((m) => {
      if (h === undefined) h = m.attach(api, el, meta, options, c);
    }, (e) => {
      c.stop();
      report(e);
    });
  } else report(new Error('attachVideo: no <video> element for ' + target));
  return {
    // Before the engine has loaded: in order, right after it has.
    update: (u) => (h ? h.update(u) : loaded?.then(() => h?.update(u))),
    detach() {
      h ? h.detach() : cap?.stop();
      h = null;
    },
  };
}
