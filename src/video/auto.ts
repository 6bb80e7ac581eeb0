/**
 * The auto-video scan (`autoVideo` config): attaches every matching `<video>`, including ones added
 * later. Loaded by `lazy.ts` on demand; the script-tag build keeps it in its first file.
 */
import type { EncoreApi, VideoHandle } from '../types';
import { attachVideoLazily } from './attach-lazily';
import { metaFromDataset } from './dataset';

/**
 * Tracks every element matching `selector` (default `video[data-encore-video]`), including ones
 * added later (a MutationObserver); elements removed from the page end their view. Metadata comes
 * from `data-encore-video`, `-category`, `-products` (comma-separated) and `-title`. Returns a
 * function that stops it all.
 */
export function autoVideo(api: EncoreApi, selector?: string): () => void {
  const tracked = new Map<Element, VideoHandle>();
  /** Ends the views of elements no longer in the page (of all, when stopping). */
  const drop = (all?: boolean) => {
    for (const [el, h] of tracked)
      if (all || !el.isConnected) {
        h.detach();
        tracked.delete(el);
      }
  };
  const scan = () => {
    try {
      for (const el of document.querySelectorAll(selector || 'video[data-encore-video]')) {
        if (!tracked.has(el) && el instanceof HTMLVideoElement)
          tracked.set(el, attachVideoLazily(api, el, metaFromDataset(el.dataset, el.id || el.currentSrc)));
      }
    } catch (e) {
      // An invalid selector throws SyntaxError.
      api.report(e, 'video');
    }
    drop();
  };
  const observer = new MutationObserver(scan);
  observer.observe(document.documentElement, { childList: true, subtree: true });
  scan();
  return () => {
    observer.disconnect();
    drop(true);
  };
}
