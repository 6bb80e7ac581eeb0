import { describe, expect, test } from 'vitest';
import { backoffDelay, parseRetryAfter } from '../../../src/queue';
import { isRetryable, retryDelay } from '../../../src/queue/backoff';

describe('backoffDelay (exponential, full jitter)', () => {
  test('stays within [0, min(max, base * 2^(attempt-1))] and spreads across it', () => {
    for (let attempt = 1; attempt <= 12; attempt++) {
      const cap = Math.min(30_000, 1000 * 2 ** (attempt - 1));
      const seen: number[] = [];
      for (let i = 0; i < 500; i++) {
        const d = backoffDelay(attempt, 1000, 30_000);
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThanOrEqual(cap);
        seen.push(d);
      }
      // Full jitter: both halves of the window are used.
      expect(seen.some((d) => d < cap / 2)).toBe(true);
      expect(seen.some((d) => d > cap / 2)).toBe(true);
    }
  });

  test('extremes of the random source map to 0 and the capped exponential', () => {
    expect(backoffDelay(3, 500, 10_000, () => 0)).toBe(0);
    expect(backoffDelay(3, 500, 10_000, () => 0.9999999)).toBe(1999);
    expect(backoffDelay(30, 500, 10_000, () => 0.9999999)).toBe(9999);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-25T10:00:00Z');
  test('delta-seconds', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
  });
  test('HTTP-date', () => {
    expect(parseRetryAfter('Wed, 25 Nov 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 25 Nov 2026 09:00:00 GMT', now)).toBe(0);
  });
  test('absent or invalid', () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
  });
});

describe('the retry policy the SDK and the collector share', () => {
  test('no answer, 408, 425, 429 and 5xx are retried; other answers are final', () => {
    expect([0, 408, 425, 429, 500, 503, 599].map(isRetryable)).toEqual([true, true, true, true, true, true, true]);
    expect([200, 400, 401, 404, 413, 422].map(isRetryable)).toEqual([false, false, false, false, false, false]);
  });

  test('Retry-After is a floor under the jittered backoff, and "0" is no tight loop', () => {
    for (let i = 0; i < 200; i++) {
      expect(retryDelay(5000, 1, 1000, 30_000)).toBe(5000); // the backoff window (≤ 1 s) is under the floor
      const d = retryDelay(0, 4, 1000, 30_000);
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThanOrEqual(8000);
    }
    expect(new Set(Array.from({ length: 50 }, () => retryDelay(0, 6, 1000, 30_000))).size).toBeGreaterThan(10);
  });

});
