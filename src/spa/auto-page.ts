import type { EncorePlugin } from '../types';
import { pageContext } from '../lib/page-context';
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
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** Page calls waiting for the router to set the title; sent at once on teardown, never lost. */
  const waiting: Array<() => void> = [];
  const send = () => waiting.splice(0).map((f) => f());

  return {
    name: 'auto-page',
    type: 'feature',
    setup(api) {
      api.page();
      stop = watchUrl((referrer) => {
        const page = pageContext(referrer);
        const timestamp = Date.now();
        waiting.push(() => ((page.title = document.title), api.page(null, undefined, { timestamp, page })));
        clearTimeout(timer);
        timer = setTimeout(send);
      });
    },
    teardown() {
      stop?.();
      clearTimeout(timer);
      send();
    },
  };
}
