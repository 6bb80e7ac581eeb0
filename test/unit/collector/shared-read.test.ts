import { afterEach, describe, expect, it, vi } from 'vitest';
import { sharedPerSecond } from '../../../collector/shared-read';

afterEach(() => vi.useRealTimers());

describe('sharedPerSecond', () => {
  it('dashboards polling within a second share one computation; a second later it runs again', async () => {
    vi.useFakeTimers({ now: 0 });
    const compute = vi.fn(async (opts?: { period: string }) => `${opts?.period}:${compute.mock.calls.length}`);
    const read = sharedPerSecond(compute);
    expect(await Promise.all([read({ period: 'week' }), read({ period: 'week' })])).toEqual(['week:1', 'week:1']);
    expect(await read({ period: 'month' })).toBe('month:2'); // other options: their own computation
    vi.setSystemTime(1001);
    expect(await read({ period: 'week' })).toBe('week:3');
  });

  it('a failed computation is not kept: the next request tries again', async () => {
    let fail = true;
    const read = sharedPerSecond(async () => {
      if (fail) throw new Error('database busy');
      return 'ok';
    });
    await expect(read()).rejects.toThrow('database busy');
    fail = false;
    expect(await read()).toBe('ok');
  });
});
