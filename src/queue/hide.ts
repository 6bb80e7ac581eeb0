/**
 * The page lifecycle as the queue sees it: when a page hides, its events that may not have left
 * go out in one page-hide body (sendBeacon or keepalive, transport.ts); when it shows again or
 * comes back online, the queue sends as usual; on `pagehide` the tab stops leading.
 */
import { idOf } from './records';
import type { StoredEvent } from './types';

/** What the queue does at each moment of the page's life. */
export interface LifecycleActions {
  /** The page hides (tab switch, minimise, close, navigation): send the page-hide body. */
  hidden_(): void;
  /** The page is visible again. */
  visible_(): void;
  /** The page is being unloaded or put in the back/forward cache. */
  leaving_(): void;
  /** The page came back from the back/forward cache. */
  restored_(): void;
  online_(): void;
}

/** Listens for the page's lifecycle; returns the function that stops listening. */
export function watchLifecycle(actions: LifecycleActions): () => void {
  const onVisibility = () => (document.hidden ? actions.hidden_() : actions.visible_());
  const listeners: Array<[EventTarget, string, (e: any) => void]> = [
    [document, 'visibilitychange', onVisibility],
    // Again on window, after every listener on document: events that other visibilitychange
    // listeners track during the hide (web-vitals reports there) go out too.
    [window, 'visibilitychange', onVisibility],
    [window, 'pagehide', () => (actions.hidden_(), actions.leaving_())],
    [window, 'pageshow', (e: PageTransitionEvent) => e.persisted && actions.restored_()],
    [window, 'online', () => actions.online_()],
  ];
  for (const [target, type, fn] of listeners) target.addEventListener(type, fn);
  return () => {
    for (const [target, type, fn] of listeners) target.removeEventListener(type, fn);
  };
}

/**
 * Picks the page-hide body: the oldest events, stored ones first (by key), then writes not
 * committed yet, leaving out those `skip` names (being sent by a tab, or already in a body of this
 * hide), until the body would pass `limit` bytes. `bytes` starts at the body's overhead; each
 * record's size is an upper bound (it has room for its seq), so the body stays within the limit.
 */
export function hideBatch(stored: Iterable<StoredEvent>, unstored: StoredEvent[], skip: (id: string) => boolean, limit: number, bytes: number): StoredEvent[] {
  const batch: StoredEvent[] = [];
  const order = (r: StoredEvent) => r.k || 9e15;
  for (const r of [...[...stored].sort((x, y) => order(x) - order(y)), ...unstored])
    if (!skip(idOf(r))) {
      if ((bytes += r.b + 1) > limit) break;
      batch.push(r);
    }
  return batch;
}
