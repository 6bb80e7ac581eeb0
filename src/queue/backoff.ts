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
