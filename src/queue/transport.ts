/**
 * The transport: how a batch body reaches the collector. Batches go by `fetch`; while the page
 * hides, by `sendBeacon`, or a keepalive `fetch` when the beacon is refused. Both share the
 * browser's 64 KiB in-flight budget (docs/delivery.md).
 */

/** What the collector answered. */
export interface Answer {
  /** HTTP status; 0 when the request failed (offline, timeout, CORS). */
  status_: number;
  /** The raw `Retry-After` header (the send path parses it). */
  retryAfter_?: string | null;
  /** The parsed JSON body of a 2xx answer (the collector's per-event rejections). */
  body_?: { rejected?: Array<{ messageId?: unknown }> } | void;
}

/** Page-hide bodies stay under the 64 KiB budget sendBeacon and keepalive share. */
export const HIDE_LIMIT = 60_000;

/** A batch request that has not answered in this long counts as failed (status 0) and is retried. */
const TIMEOUT_MS = 30_000;

/** UTF-8 bytes of `s`: what body limits count. */
export const utf8 = (s: string) => new TextEncoder().encode(s).length;

const noop = () => {};

/**
 * POSTs a batch body without cookies. A string body is sent as `text/plain;charset=UTF-8`, a
 * CORS-simple type: no preflight (which cannot finish at page hide). While the page hides
 * (`hide`): sendBeacon (returns 0), or a keepalive fetch when the beacon is refused (over the
 * 64 KiB in-flight budget, or missing). Never rejects. Cross-origin collectors must expose
 * `Retry-After` (`Access-Control-Expose-Headers`) for the answer to carry it.
 */
export function post(url: string, body: string, hide?: boolean): Promise<Answer> | 0 {
  try {
    if (hide && navigator.sendBeacon(url, body)) return 0;
  } catch {
    /* keepalive then */
  }
  return fetch(url, { method: 'POST', body, credentials: 'omit', keepalive: hide, signal: AbortSignal.timeout(TIMEOUT_MS) }).then(
    async (r) => ({ status_: r.status, retryAfter_: r.headers.get('Retry-After'), body_: r.ok ? await r.json().catch(noop) : undefined }),
    () => ({ status_: 0 }),
  );
}
