/**
 * One POST to an upstream the collector delivers to (the forwarder's batch API, the triggers'
 * webhook), and what it means for a retry: 2xx delivered; 5xx, 408, 425, 429 and network errors
 * retryable (with the upstream's `Retry-After` in ms, capped at an hour); any other answer final.
 */
import { isRetryable, parseRetryAfter } from '../src/queue/backoff';

const HOUR_MS = 3_600_000;

export type PostOutcome = { ok: true } | { ok: false; retry: boolean; reason: string; retryAfterMs?: number };

export async function postToUpstream(url: string, body: string, headers: Record<string, string>, signal: AbortSignal, timeoutMs: number): Promise<PostOutcome> {
  try {
    const res = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.any([AbortSignal.timeout(timeoutMs), signal]) });
    await res.arrayBuffer().catch(() => undefined);
    if (res.ok) return { ok: true };
    const retry = isRetryable(res.status);
    const after = retry ? parseRetryAfter(res.headers.get('retry-after')) : undefined;
    return { ok: false, retry, reason: `HTTP ${res.status}`, ...(after === undefined ? {} : { retryAfterMs: Math.min(HOUR_MS, after) }) };
  } catch (error) {
    return { ok: false, retry: true, reason: String((error as Error)?.message ?? error) };
  }
}
