import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { dueCycleKey, dueReplenishments, replenishInterval } from '../../../src/widgets/recommendations/replenish';
import { checkReplenishment } from '../../../src/widgets/recommendations/replenishmentCheck';
import { stateHistory } from '../../../src/widgets/recommendations/history';
import type { LocalState } from '../../../src/types';
import { DAY, NOW, PRODUCTS } from './fixtures';

describe('replenishInterval', () => {
  it('uses the usage period until the shopper has their own rhythm', () => {
    expect(replenishInterval([NOW], 90)).toBe(90);
    expect(replenishInterval([], 90)).toBe(90);
  });
  it('uses the mean of the last three intervals, ignoring same-day repeats', () => {
    const t = (d: number) => NOW - d * DAY;
    expect(replenishInterval([t(120), t(60)], 90)).toBe(60);
    expect(replenishInterval([t(300), t(200), t(130), t(70), t(69.5), t(10)], 90)).toBeCloseTo((70 + 60 + 60) / 3);
    expect(replenishInterval([t(10), t(10.2)], 90)).toBe(90);
  });
});

describe('dueReplenishments (fake clock)', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(NOW);
  });
  afterEach(() => vi.useRealTimers());

  const bought = (daysAgo: number, id = 'brush') => ({ product_id: id, at: Date.now() - daysAgo * DAY });

  it('toothbrush bought 80 days ago with a 90-day head life is due in 10 days', () => {
    const [d] = dueReplenishments(PRODUCTS, [bought(80)], Date.now());
    expect(d!.reorder.id).toBe('heads');
    expect(d!.dueAt).toBe(NOW + 10 * DAY);
    expect(d!.intervalDays).toBe(90);
  });
  it('outside the lead window, or long overdue, is not due', () => {
    expect(dueReplenishments(PRODUCTS, [bought(60)], Date.now())).toEqual([]);
    expect(dueReplenishments(PRODUCTS, [bought(60)], Date.now(), 30)).toHaveLength(1);
    expect(dueReplenishments(PRODUCTS, [bought(200)], Date.now())).toEqual([]);
    expect(dueReplenishments(PRODUCTS, [bought(100)], Date.now())).toHaveLength(1);
  });
  it("buying the refill restarts the cycle, and the shopper's own rhythm replaces the usage period", () => {
    // Own rhythm: 150 → 80 days ago is 70 days, so the next refill was due 10 days ago.
    const [d] = dueReplenishments(PRODUCTS, [bought(150), bought(80, 'heads')], Date.now());
    expect(d!.intervalDays).toBe(70);
    expect(d!.dueAt).toBe(NOW - 10 * DAY);
    expect(d!.lastPurchasedAt).toBe(NOW - 80 * DAY);
  });
  it('time passing makes a refill due', () => {
    const purchases = [bought(60)];
    expect(dueReplenishments(PRODUCTS, purchases, Date.now())).toHaveLength(0);
    vi.advanceTimersByTime(20 * DAY);
    const [d] = dueReplenishments(PRODUCTS, purchases, Date.now());
    expect(d!.dueAt - Date.now()).toBe(10 * DAY);
  });
});

function memoryState(): LocalState & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return {
    data,
    get: async <T>(k: string) => data.get(k) as T | undefined,
    set: async (k, v) => void data.set(k, structuredClone(v)),
    delete: async (k) => void data.delete(k),
  };
}

describe('checkReplenishment', () => {
  it('tracks Replenishment Due once per due cycle', async () => {
    const state = memoryState();
    const history = stateHistory(() => state, () => true);
    await history.record([{ product_id: 'brush', sku: 'TB-1' }], NOW - 80 * DAY);
    const tracked: Array<[string, any]> = [];
    const encore = { track: (e: string, p: any) => tracked.push([e, p]) } as any;
    const catalog = { products: PRODUCTS };
    await checkReplenishment({ catalog, history, encore, now: NOW });
    await checkReplenishment({ catalog, history, encore, now: NOW + DAY });
    expect(tracked).toHaveLength(1);
    expect(tracked[0]![0]).toBe('Replenishment Due');
    expect(tracked[0]![1]).toMatchObject({
      product_id: 'brush',
      sku: 'TB-1',
      last_purchased_at: new Date(NOW - 80 * DAY).toISOString(),
      due_at: new Date(NOW + 10 * DAY).toISOString(),
      reorder_product_id: 'heads',
    });
    // A new purchase starts a new cycle: due again 90 days later, tracked again.
    await history.record([{ product_id: 'heads' }], NOW + 5 * DAY);
    await checkReplenishment({ catalog, history, encore, now: NOW + 5 * DAY + 80 * DAY });
    expect(tracked).toHaveLength(2);
  });

  it('without consent nothing is due and nothing is stored', async () => {
    const state = memoryState();
    const history = stateHistory(() => state, () => false);
    await history.record([{ product_id: 'brush' }], NOW - 80 * DAY);
    const tracked: unknown[] = [];
    await checkReplenishment({ catalog: { products: PRODUCTS }, history, encore: { track: (...a: unknown[]) => tracked.push(a) } as any, now: NOW });
    expect(tracked).toEqual([]);
    expect(state.data.size).toBe(0);
  });

  it('the cycle key changes with each purchase', () => {
    const [a] = dueReplenishments(PRODUCTS, [{ product_id: 'brush', at: NOW - 80 * DAY }], NOW);
    const [b] = dueReplenishments(PRODUCTS, [{ product_id: 'brush', at: NOW - 81 * DAY }], NOW);
    expect(dueCycleKey(a!)).not.toBe(dueCycleKey(b!));
  });
});
