import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { emptyHistory, evaluate, lifecycle, observe, scoreAt, type History } from '../../../src/segments/scoring';
import type { EncoreEvent } from '../../../src/types';

const DAY = 864e5;
const T0 = Date.UTC(2026, 0, 1);

// Event times are never taken to be later than now: put now after every time used here.
beforeAll(() => {
  vi.useFakeTimers({ now: T0 + 5000 * DAY, toFake: ['Date'] });
});
afterAll(() => {
  vi.useRealTimers();
});

/** An event at `t` as the pipeline shows it to the feature. */
const event = (t: number, name?: string, properties: Record<string, unknown> = {}, sid?: string) =>
  ({ type: name ? 'track' : 'page', event: name, properties, timestamp: new Date(t).toISOString(), context: { session: { id: sid } } }) as unknown as EncoreEvent;
const watch = (h: History, category: unknown, ms: number, t: number) => observe(h, event(t, 'Video View Summary', { category, watch_time_ms: ms }));
const view = (h: History, category: unknown, t: number) => observe(h, event(t, 'Product Viewed', { category }));
const order = (h: History, id: string | undefined, revenue: number, t: number) => observe(h, event(t, 'Order Completed', { order_id: id, revenue }));
const touch = (h: History, sid: string | undefined, t: number) => observe(h, event(t, undefined, {}, sid));
const ids = (h: History, now: number) => evaluate(h, now)[0].map((s) => s.id);

/** A visit in a new session at `t`. */
const visit = (h: History, t: number, sid = 's' + t) => touch(h, sid, t);

describe('interest scoring', () => {
  it('adds a point per minute watched and per product view', () => {
    const h = emptyHistory();
    watch(h, 'running', 120_000, T0);
    view(h, 'running', T0);
    expect(scoreAt(h.c.running, T0)).toBeCloseTo(3);
    expect(h.w).toBe(120_000);
    expect(h.pv).toBe(1);
  });

  it('caps one view at 30 minutes and ignores negative or missing categories', () => {
    const h = emptyHistory();
    watch(h, 'running', 10 * 3600_000, T0);
    watch(h, 'x', -5, T0);
    watch(h, 'y', NaN, T0);
    view(h, undefined, T0);
    expect(scoreAt(h.c.running, T0)).toBeCloseTo(30);
    expect(Object.keys(h.c)).toEqual(['running']);
  });

  it('halves every 14 days', () => {
    const h = emptyHistory();
    watch(h, 'running', 8 * 60_000, T0);
    expect(scoreAt(h.c.running, T0 + 14 * DAY)).toBeCloseTo(4);
    expect(scoreAt(h.c.running, T0 + 28 * DAY)).toBeCloseTo(2);
  });

  it('decays the old score before adding new points', () => {
    const h = emptyHistory();
    view(h, 'running', T0);
    view(h, 'running', T0 + 14 * DAY);
    expect(scoreAt(h.c.running, T0 + 14 * DAY)).toBeCloseTo(1.5);
  });

  it('normalizes category names', () => {
    const h = emptyHistory();
    for (const c of ['  Running ', 'running', '', '  ', 42, 'x'.repeat(100)]) view(h, c, T0);
    expect(Object.keys(h.c)).toEqual(['running', 'x'.repeat(64)]);
    expect(scoreAt(h.c.running, T0)).toBeCloseTo(2);
  });

  it('never takes an event time later than now', () => {
    const h = emptyHistory();
    view(h, 'running', Date.now() + DAY);
    expect(h.c.running![1]).toBe(Date.now());
    expect(h.p).toBe(Date.now());
  });
});

describe('interest segments with hysteresis', () => {
  it('enters at 3 points as reported (2 decimals), despite decay between close events', () => {
    const h = emptyHistory();
    for (const dt of [0, 5000, 10_000]) view(h, 'running', T0 + dt);
    expect(scoreAt(h.c.running, T0 + 10_000)).toBeLessThan(3);
    expect(evaluate(h, T0 + 10_000)[1]).toContainEqual({ segment: 'interest:running', score: 3, entered: true });
  });

  it('enters at 3 points, with since and score', () => {
    const h = emptyHistory();
    view(h, 'running', T0);
    view(h, 'running', T0);
    expect(ids(h, T0)).not.toContain('interest:running');
    view(h, 'running', T0);
    const r = evaluate(h, T0);
    expect(r[0][0]).toEqual({ id: 'interest:running', score: 3, since: new Date(T0).toISOString() });
    expect(r[1]).toContainEqual({ segment: 'interest:running', score: 3, entered: true });
    // No second crossing while it stays in.
    expect(evaluate(h, T0 + 2000)[1]).toEqual([]);
  });

  it('stays in between the exit and enter thresholds, leaves below 1.5', () => {
    const h = emptyHistory();
    watch(h, 'running', 4 * 60_000, T0);
    evaluate(h, T0);
    // 4 -> 2 after 14 days: below enter, above exit: still in.
    let r = evaluate(h, T0 + 14 * DAY);
    expect(r[1]).toEqual([]);
    expect(r[0].map((s) => s.id)).toContain('interest:running');
    // 4 -> 1.49 after 20 days: out.
    r = evaluate(h, T0 + 20 * DAY);
    expect(r[1]).toEqual([{ segment: 'interest:running', score: 1.49, entered: false }]);
    expect(r[0].map((s) => s.id)).not.toContain('interest:running');
    // Back to 2.49 with one view: below enter, so it does not flap back in.
    view(h, 'running', T0 + 20 * DAY);
    r = evaluate(h, T0 + 20 * DAY);
    expect(r[1]).toEqual([]);
    view(h, 'running', T0 + 20 * DAY);
    expect(evaluate(h, T0 + 20 * DAY)[1]).toEqual([{ segment: 'interest:running', score: 3.49, entered: true }]);
  });

  it('orders interest segments by score, lifecycle last', () => {
    const h = emptyHistory();
    watch(h, 'kitchen', 5 * 60_000, T0);
    watch(h, 'running', 9 * 60_000, T0);
    expect(ids(h, T0)).toEqual(['interest:running', 'interest:kitchen', 'lifecycle:engaged']);
  });

  it('forgets negligible categories and keeps at most 30 inactive ones', () => {
    const h = emptyHistory();
    view(h, 'old', T0);
    evaluate(h, T0 + 100 * DAY);
    expect(h.c.old).toBeUndefined();
    for (let i = 0; i < 40; i++) view(h, 'c' + i, T0);
    evaluate(h, T0);
    expect(Object.keys(h.c)).toHaveLength(30);
  });
});

describe('lifecycle stages', () => {
  const buy = (h: History, t: number, id = 'o' + t) => order(h, id, 10, t);

  it('new, then engaged by sessions, video or product views', () => {
    let h = emptyHistory();
    visit(h, T0);
    expect(lifecycle(h, T0)).toBe('new');
    visit(h, T0 + DAY);
    visit(h, T0 + 2 * DAY);
    expect(h.n).toBe(3);
    expect(lifecycle(h, T0 + 2 * DAY)).toBe('engaged');

    h = emptyHistory();
    visit(h, T0);
    watch(h, 'a', 5 * 60_000, T0);
    expect(lifecycle(h, T0)).toBe('engaged');

    h = emptyHistory();
    visit(h, T0);
    for (let i = 0; i < 4; i++) view(h, 'a', T0);
    expect(lifecycle(h, T0)).toBe('new');
    view(h, 'a', T0);
    expect(lifecycle(h, T0)).toBe('engaged');
  });

  it('same session id does not count as a new session', () => {
    const h = emptyHistory();
    touch(h, 'a', T0);
    touch(h, 'a', T0 + 1000);
    touch(h, undefined, T0 + 2000);
    expect(h.n).toBe(1);
    expect(h.p).toBe(T0 + 2000);
  });

  it('first-purchase, repeat, loyal by count', () => {
    const h = emptyHistory();
    visit(h, T0);
    buy(h, T0);
    expect(lifecycle(h, T0)).toBe('first-purchase');
    buy(h, T0 + 200 * DAY);
    expect(lifecycle(h, T0 + 200 * DAY)).toBe('repeat');
    buy(h, T0 + 400 * DAY);
    // Three orders, but not three within 365 days.
    expect(lifecycle(h, T0 + 400 * DAY)).toBe('repeat');
    buy(h, T0 + 600 * DAY);
    expect(lifecycle(h, T0 + 600 * DAY)).toBe('loyal');
    expect(h.o).toHaveLength(4);
  });

  it('loyal with 3 orders within a year', () => {
    const h = emptyHistory();
    for (const d of [0, 30, 60]) buy(h, T0 + d * DAY);
    expect(lifecycle(h, T0 + 60 * DAY)).toBe('loyal');
  });

  it('counts a repeated order id once', () => {
    const h = emptyHistory();
    buy(h, T0, 'A1');
    buy(h, T0 + 5000, 'A1');
    expect(h.o).toHaveLength(1);
    expect(lifecycle(h, T0)).toBe('first-purchase');
  });

  it('keeps only the last 10 orders (no rule counts further)', () => {
    const h = emptyHistory();
    for (let i = 0; i < 12; i++) buy(h, T0 + i * 50 * DAY);
    expect(h.o).toHaveLength(10);
    expect(h.o[0]![0]).toBe(T0 + 100 * DAY);
    expect(lifecycle(h, T0 + 550 * DAY)).toBe('loyal');
  });

  it('dormant: a buyer with no visit for 90 days, until the next order', () => {
    const h = emptyHistory();
    visit(h, T0);
    buy(h, T0);
    expect(lifecycle(h, T0 + 89 * DAY)).toBe('first-purchase');
    // Before the next visit is seen (page load), already dormant.
    expect(lifecycle(h, T0 + 90 * DAY)).toBe('dormant');
    // The returning session stays dormant...
    visit(h, T0 + 100 * DAY);
    expect(h.g).toBe(100 * DAY);
    expect(lifecycle(h, T0 + 100 * DAY + 1000)).toBe('dormant');
    // ...until an order in it.
    buy(h, T0 + 100 * DAY + 2000);
    expect(lifecycle(h, T0 + 100 * DAY + 2000)).toBe('repeat');
  });

  it('dormant ends with the next session (the shopper is active again)', () => {
    const h = emptyHistory();
    visit(h, T0);
    buy(h, T0);
    visit(h, T0 + 120 * DAY);
    expect(lifecycle(h, T0 + 120 * DAY)).toBe('dormant');
    visit(h, T0 + 121 * DAY);
    expect(lifecycle(h, T0 + 121 * DAY)).toBe('first-purchase');
  });

  it('never dormant without an order', () => {
    const h = emptyHistory();
    visit(h, T0);
    visit(h, T0 + 200 * DAY);
    expect(lifecycle(h, T0 + 400 * DAY)).toBe('new');
  });

  it('stage changes are crossings: exit the old stage, enter the new one', () => {
    const h = emptyHistory();
    visit(h, T0);
    expect(evaluate(h, T0)[1]).toEqual([{ segment: 'lifecycle:new', score: 1, entered: true }]);
    buy(h, T0 + 1000);
    const r = evaluate(h, T0 + 1000);
    expect(r[1]).toEqual([
      { segment: 'lifecycle:new', score: 0, entered: false },
      { segment: 'lifecycle:first-purchase', score: 1, entered: true },
    ]);
    expect(r[0]).toEqual([{ id: 'lifecycle:first-purchase', since: new Date(T0 + 1000).toISOString() }]);
    expect(evaluate(h, T0 + 2000)[1]).toEqual([]);
  });
});

describe('cart:abandoned', () => {
  const HOUR = 36e5;
  it('enters an hour after the last cart activity with items left, and exits on the order', () => {
    const h = emptyHistory();
    observe(h, event(T0, 'Product Added', { product_id: 'a', quantity: 2 }));
    observe(h, event(T0 + 60_000, 'Product Removed', { product_id: 'a', quantity: 1 }));
    expect(ids(h, T0 + HOUR)).not.toContain('cart:abandoned'); // 59 minutes since the removal
    const later = evaluate(h, T0 + 60_000 + HOUR);
    expect(later[1]).toContainEqual({ segment: 'cart:abandoned', score: 1, entered: true });
    expect(later[0]).toContainEqual({ id: 'cart:abandoned', since: new Date(T0 + 60_000 + HOUR).toISOString() });
    order(h, 'o1', 10, T0 + 3 * HOUR);
    expect(evaluate(h, T0 + 3 * HOUR)[1]).toContainEqual({ segment: 'cart:abandoned', score: 0, entered: false });
    expect(ids(h, T0 + 10 * HOUR)).not.toContain('cart:abandoned');
  });
  it('an emptied cart is not abandoned; a checkout started counts as cart activity', () => {
    const h = emptyHistory();
    observe(h, event(T0, 'Product Added', { product_id: 'a' }));
    observe(h, event(T0 + 1000, 'Product Removed', { product_id: 'a' }));
    expect(ids(h, T0 + 5 * HOUR)).not.toContain('cart:abandoned');
    observe(h, event(T0 + 6 * HOUR, 'Checkout Started', { products: [{ product_id: 'a', quantity: 2 }, { product_id: 'b' }] }));
    expect(h.cart?.items).toBe(3); // units, as adds count them
    expect(ids(h, T0 + 6.5 * HOUR)).not.toContain('cart:abandoned');
    expect(ids(h, T0 + 7 * HOUR)).toContain('cart:abandoned');
  });
});
