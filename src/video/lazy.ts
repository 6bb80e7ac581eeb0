/**
 * The part of video tracking that sits in the core bundle: `attachVideoLazily` (`attach-lazily.ts`)
 * and the auto-video scan, whose code (`auto.ts`) loads with a dynamic import.
 */
import type { EncoreApi } from '../types';

export { attachVideoLazily } from './attach-lazily';

/**
 * Tracks every element matching `selector` (default `video[data-encore-video]`), including ones
 * added later; elements removed from the page end their view. The scanning code loads lazily (in the
 * script-tag build it is inline, so nothing is missed). Returns a function that stops it all.
 */
export function autoVideoLazily(api: EncoreApi, selector?: string): () => void {
  let stop: (() => void) | undefined;
  import('./auto').then(
    (m) => (stop ??= m.autoVideo(api, selector)),
    (e) => api.report(e, 'video'),
  );
  return () => {
    stop?.();
    stop = () => {};
  };
}
