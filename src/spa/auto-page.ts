import type { EncoreApi, EncorePlugin } from '../types';
import { watchUrl } from './history';

/**
 * Page views for single-page apps, without a router library: an initial `page()` when it starts,
 * then one per real URL change (`pushState`, `replaceState` to a new path, `popstate`,
 * `hashchange`), with the previous URL as `referrer`. The client loads it when `autoPage` is on.
 *
 * The page call waits one task so the router can set the new title; URL and referrer are captured
 * at the change, so quick successive navigations each keep their own.
 *
 * @example
 * encore.use(autoPagePlugin());
 */
/* @__NO_SIDE_EFFECTS__ */
export function autoPagePlugin(): EncorePlugin {
  let stop: (() => void) | undefined;
  /** Page calls waiting for the router to set the title; sent at once on teardown, never lost. */
  const waiting = new Map<ReturnType<typeof setTimeout>, () => void>();

  return {
    name: 'auto-page',
    type: 'feature',
    setup(api: EncoreApi) {
      if (stop || typeof window === 'undefined' || !window.history) return;
      const win = window;
      api.page();
      stop = watchUrl(win, (referrer) => {
        const l = win.location;
        const page = { url: l.href, path: l.pathname, search: l.search, referrer };
        const timestamp = Date.now();
        const send = () => {
          waiting.delete(t);
          api.page(null, undefined, { timestamp, page: { ...page, title: win.document.title } });
        };
        const t = setTimeout(send, 0);
        waiting.set(t, send);
      });
    },
    teardown() {
      stop?.();
      stop = undefined;
      for (const [t, send] of waiting) {
        clearTimeout(t);
        send();
      }
    },
  };
}
