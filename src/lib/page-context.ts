/**
 * `context.page` of an event: where the call happened. Read per call (URL and title change in
 * single-page apps). Shared by the core's envelope, SPA page views and the snippet's recorded calls.
 */
import type { EventContext } from '../types';

export type PageContext = EventContext['page'];

/** The page as it is now; `referrer` replaces `document.referrer` (SPA navigations pass the previous URL). */
export function pageContext(referrer?: string): PageContext {
  const l = globalThis.location;
  const d = globalThis.document;
  return {
    url: l?.href ?? '',
    path: l?.pathname ?? '',
    search: l?.search ?? '',
    referrer: referrer ?? d?.referrer ?? '',
    title: d?.title ?? '',
  };
}
