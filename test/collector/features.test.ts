/**
 * The Feature results figures against answers computed by hand: the fixture (features-fixture.ts)
 * is ingested and committed by the real Store into a temp embedded DuckDB, and computeFeatures'
 * SQL is compared with the arithmetic written next to each expectation.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeFeatures, type Features } from '../../collector/features/compute';
import { ingest } from '../../collector/ingest';
import { Store } from '../../collector/store';
import { fixtureEvents } from './features-fixture';
import { tempDir } from './helpers';

const tmp = tempDir();
let store: Store;
let f: Features;

beforeAll(async () => {
  store = await Store.open(join(tmp.dir, 'features.duckdb'), { forwarding: false });
  const r = ingest(JSON.stringify({ batch: fixtureEvents() }), new Set(), null);
  if (r.status !== 200) throw new Error(r.error);
  expect(r.rejected).toEqual([]);
  await store.submit({ rows: r.rows });
  f = await store.read((conn) => computeFeatures(conn));
});
afterAll(async () => {
  await store?.close();
  tmp.cleanup();
});

describe('feature results', () => {
  it('revenue per currency, never added across currencies', () => {
    // JPY: o2 5000 (tracked twice, one order) + o3 3000 (its `revenue`) = 8000 over 2. USD: o1 100 + o5 20 + o7 30 + o8 10 (its `subtotal`) = 160 over 4.
    // o6 carries no currency: its own row. Lowercase 'jpy' is JPY.
    expect(f.revenue).toEqual([
      { currency: 'USD', orders: 4, amount: 160, aov: 40 },
      { currency: 'JPY', orders: 2, amount: 8000, aov: 4000 },
      { currency: null, orders: 1, amount: 50, aov: 50 },
    ]);
  });

  it('recommendations: click-through and rec_id-attributed orders by reason type', () => {
    const by = Object.fromEntries(f.recommendations.map((r) => [r.reason, r]));
    expect(f.recommendations.map((r) => r.reason)).toEqual(['accessory', 'how-to', 'replenishment', 'unknown']);
    // accessory: r1, r3, r5 shown, r1 and r3 clicked: 2/3. Orders o1 (r1, USD 100) and o2 (r3, JPY 5000).
    expect(by.accessory).toEqual({
      reason: 'accessory', shown: 3, clicked: 2, ctrPct: 66.7, orders: 2,
      revenue: [{ currency: 'JPY', orders: 1, amount: 5000 }, { currency: 'USD', orders: 1, amount: 100 }],
    });
    // how-to: r2 shown; r6 clicked without a view event still counts as shown: 1/2. No orders.
    expect(by['how-to']).toEqual({ reason: 'how-to', shown: 2, clicked: 1, ctrPct: 50, orders: 0, revenue: [] });
    // replenishment: r4 shown, not clicked, yet o3 carries it (JPY 3000).
    expect(by.replenishment).toEqual({ reason: 'replenishment', shown: 1, clicked: 0, ctrPct: 0, orders: 1, revenue: [{ currency: 'JPY', orders: 1, amount: 3000 }] });
    // o5's rec_id was never seen as a recommendation event.
    expect(by.unknown).toEqual({ reason: 'unknown', shown: 0, clicked: 0, ctrPct: null, orders: 1, revenue: [{ currency: 'USD', orders: 1, amount: 20 }] });
  });

  it('replenishment: reminders followed by a reorder of the refill within 14 days', () => {
    // B's two devices sent one reminder (same customer, refill, due date): reordered on day 13, 3 days later.
    // F's filter: ordered 20 days after its reminder (outside). F's soap: ordered by sku after 2 days. 2 of 3.
    expect(f.replenishment).toEqual({ windowDays: 14, reminders: 3, reordered: 2, reorderPct: 66.7 });
  });

  it('gallery: locked teasers seen → clicked → unlocked or ordered, by lock reason', () => {
    const by = Object.fromEntries(f.gallery.byReason.map((r) => [r.reason, r]));
    expect(f.gallery.byReason.map((r) => r.reason)).toEqual(['all', 'purchase', 'tier', 'release']);
    // Pairs: A·m1 (clicked, played a day later), A·m3 (seen), B·m2 (clicked, ordered o3 a day later), C·m1 (seen), D·m2 (a click only).
    // A's orders came before the click, so they do not count. 3/5 clicked; 2/3 converted.
    expect(by.all).toMatchObject({ teasersSeen: 5, clicked: 3, unlocked: 1, ordered: 1, converted: 2, clickPct: 60, conversionPct: 66.7 });
    expect(by.tier).toMatchObject({ teasersSeen: 2, clicked: 1, unlocked: 1, ordered: 0, converted: 1, clickPct: 50, conversionPct: 100 });
    expect(by.purchase).toMatchObject({ teasersSeen: 2, clicked: 2, unlocked: 0, ordered: 1, converted: 1, clickPct: 100, conversionPct: 50 });
    expect(by.release).toMatchObject({ teasersSeen: 1, clicked: 0, converted: 0, clickPct: 0, conversionPct: null });
  });

  it('video: milestones reached by category, and playing-time-weighted bitrate', () => {
    const [kitchen, running] = f.video;
    // kitchen: vC1 (all milestones), vC2 (none), vX (25 only, no Content Started event): 3 views.
    expect(kitchen).toEqual({
      category: 'kitchen', views: 3,
      milestones: [
        { percent: 25, views: 2, pct: 66.7 }, { percent: 50, views: 1, pct: 33.3 },
        { percent: 75, views: 1, pct: 33.3 }, { percent: 100, views: 1, pct: 33.3 },
      ],
      // (1000 × 10 s + 3000 × 30 s) / 40 s = 2500
      bitrateViews: 2, avgBitrateKbps: 2500,
    });
    // running: vA1 only (the live view has no milestones); its bitrate counts: (2000 × 30 + 500 × 10) / 40 = 1625.
    expect(running).toEqual({
      category: 'running', views: 1,
      milestones: [{ percent: 25, views: 1, pct: 100 }, { percent: 50, views: 1, pct: 100 }, { percent: 75, views: 0, pct: 0 }, { percent: 100, views: 0, pct: 0 }],
      bitrateViews: 2, avgBitrateKbps: 1625,
    });
  });

  it('cart funnel with abandonment, split by watching video', () => {
    // Viewed A B C D; added A B C; checkout A B; ordered A B (B's order came from the second device).
    // E and F ordered without the earlier steps: not in the funnel. Watched: A and C.
    expect(f.cartFunnel).toEqual([
      { visitors: 'all', viewed: 4, added: 3, checkoutStarted: 2, ordered: 2, cartAbandonmentPct: 33.3, checkoutAbandonmentPct: 0 },
      { visitors: 'watched', viewed: 2, added: 2, checkoutStarted: 1, ordered: 1, cartAbandonmentPct: 50, checkoutAbandonmentPct: 0 },
      { visitors: 'not watched', viewed: 2, added: 1, checkoutStarted: 1, ordered: 1, cartAbandonmentPct: 0, checkoutAbandonmentPct: 0 },
    ]);
  });
});
