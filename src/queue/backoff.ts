/**
 * Exponential backoff with full jitter (AWS style): a uniformly random delay in
 * [0, min(maxMs, baseMs * 2^(attempt-1))], so clients that failed together do not retry together.
 */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const cap = Math.min(maxMs, baseMs * 2 ** Math.min(Math.max(attempt, 1) - 1, 40));
  return Math.floor(random() * cap);
}

/** `Retry-After` in milliseconds: delta-seconds or an HTTP-date; undefined when absent or invalid. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  // HTTP-dates name a day or month; bare numbers like "-5" are not dates here.
  const at = /[a-z]/i.test(v) ? Date.parse(v) : NaN;
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Statuses worth retrying: the collector may accept the same batch later. */
export const isRetryable = (status: number): boolean =>
  status === 0 || status === 408 || status === 425 || status === 429 || status >= 500;
