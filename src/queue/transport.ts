import { parseRetryAfter } from './backoff';

/** Bodies are text/plain: a CORS-simple type, so no preflight (which cannot finish at page hide). */
export const TEXT = 'text/plain;charset=UTF-8';

export interface PostResult {
  /** HTTP status; 0 for a network error or timeout. */
  status: number;
  retryAfterMs?: number;
  /** Parsed JSON body of a 2xx answer, if any. */
  body?: unknown;
}

/**
 * POSTs one batch body. Never rejects. Cross-origin collectors must send
 * `Access-Control-Expose-Headers: Retry-After` for the header to be readable.
 */
export async function post(url: string, body: string, timeoutMs = 30_000): Promise<PostResult> {
  const ac = new AbortController();
  const timer = setTimeout(() => ac.abort(), timeoutMs);
  try {
    const res = await fetch(url, {
      method: 'POST',
      body,
      headers: { 'Content-Type': TEXT },
      credentials: 'omit',
      signal: ac.signal,
    });
    let json: unknown;
    if (res.ok) {
      try {
        const text = await res.text();
        json = text ? JSON.parse(text) : undefined;
      } catch {
        /* an accepted batch with a non-JSON body is still accepted */
      }
    }
    return { status: res.status, retryAfterMs: parseRetryAfter(res.headers.get('Retry-After')), body: json };
  } catch {
    return { status: 0 };
  } finally {
    clearTimeout(timer);
  }
}

/** messageIds a 2xx answer rejected: `{ rejected: [{ messageId, reason }] }`. */
export function rejectedIds(body: unknown): Set<unknown> {
  const list = (body as { rejected?: unknown } | undefined)?.rejected;
  return new Set(Array.isArray(list) ? list.map((r) => r?.messageId) : []);
}

/**
 * Sends a body synchronously while the page hides: sendBeacon, or a keepalive fetch when the
 * beacon is refused (over the 64 KiB in-flight budget, or missing). Returns the transport used and,
 * for keepalive, a promise of the answer (it resolves only if the page lives on).
 */
export function sendOnHide(url: string, json: string): { transport: 'beacon' | 'keepalive'; answer?: Promise<Response> } {
  try {
    if (navigator.sendBeacon?.(url, new Blob([json], { type: TEXT }))) return { transport: 'beacon' };
  } catch {
    /* fall through to keepalive */
  }
  let answer: Promise<Response> | undefined;
  try {
    answer = fetch(url, { method: 'POST', body: json, headers: { 'Content-Type': TEXT }, credentials: 'omit', keepalive: true });
    answer.catch(() => {});
  } catch {
    /* nothing more can be done while the page goes away; the events stay stored */
  }
  return { transport: 'keepalive', answer };
}
