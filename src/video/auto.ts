import type { EncoreApi, VideoHandle, VideoMeta } from '../types';
import { attachVideoLazily } from './lazy';

/**
 * Tracks every element matching `selector` (default `video[data-encore-video]`), including ones
 * added later (a MutationObserver); elements removed from the page end their view. Metadata comes
 * from `data-encore-video`, `-category`, `-products` (comma-separated) and `-title`. Returns a
 * function that stops it all.
 */
export function autoVideo(api: EncoreApi, selector?: string): () => void {
  const sel = selector || 'video[data-encore-video]';
  const tracked = new Map<Element, VideoHandle>();
  const scan = () => {
    let found: NodeListOf<Element> | Element[] = [];
    try {
      found = document.querySelectorAll(sel);
    } catch (e) {
      api.report(e, 'video');
    }
    for (const el of found) {
      if (tracked.has(el) || !(el instanceof HTMLVideoElement)) continue;
      const d = el.dataset;
      const meta: VideoMeta = { videoId: d.encoreVideo || el.id || el.currentSrc };
      if (d.encoreCategory) meta.category = d.encoreCategory;
      if (d.encoreTitle) meta.title = d.encoreTitle;
      if (d.encoreProducts) meta.productIds = d.encoreProducts.split(',').map((s) => s.trim()).filter(Boolean);
      tracked.set(el, attachVideoLazily(api, el, meta));
    }
    for (const [el, h] of tracked)
      if (!el.isConnected) {
        h.detach();
        tracked.delete(el);
      }
  };
  const observer = new MutationObserver(scan);
  observer.observe(document.documentElement, { childList: true, subtree: true });
  scan();
  return () => {
    observer.disconnect();
    for (const h of tracked.values()) h.detach();
    tracked.clear();
  };
}
