/**
 * Exponential backoff with full jitter (AWS style): a uniformly random delay in
 * [0, min(maxMs, baseMs * 2^(attempt-1))], so clients that failed together do not retry together.
 */
export const backoffDelay = (attempt: number, baseMs: number, maxMs: number, random = Math.random): number =>
  Math.floor(random() * Math.min(maxMs, baseMs * 2 ** (attempt - 1)));

/** `Retry-After` in milliseconds: delta-seconds or an HTTP-date; undefined when absent or invalid. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  const v = value?.trim();
  if (!v) return;
  if (/^\d+$/.test(v)) return +v * 1000;
  // HTTP-dates name a day or month; bare numbers like "-5" are not dates here.
  const at = /[a-z]/i.test(v) ? Date.parse(v) : NaN;
  return at === at ? Math.max(0, at - now) : undefined;
}

/**
 * Answers worth retrying: no answer (status 0: offline, timeout, CORS), 408, 425, 429 and every
 * 5xx. Any other answer is final. The SDK's send path and the collector's upstream posts share it.
 */
export const isRetryable = (status: number): boolean => !status || status === 408 || status === 425 || status === 429 || status > 499;

/**
 * The wait before retry `attempt` (1 for the first): the jittered backoff, with the server's
 * `Retry-After` (ms) as a floor. A floor, not a replacement: "Retry-After: 0" must not become a
 * tight loop, and clients told the same time still spread out.
 */
export const retryDelay = (retryAfterMs: number | undefined, attempt: number, baseMs: number, maxMs: number): number =>
  Math.max(retryAfterMs || 0, backoffDelay(attempt, baseMs, maxMs));
