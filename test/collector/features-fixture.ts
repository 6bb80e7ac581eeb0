/**
 * A small hand-made event set for the Feature results figures (features.test.ts writes the
 * arithmetic next to each expectation). Shoppers: A watches and buys with a recommendation;
 * B (two devices, joined by `identify`) buys in JPY, gets a replenishment reminder on each device
 * and reorders; C watches and abandons the cart; D only browses; E and F only order; F gets two
 * reminders, one reordered within the window (by sku) and one after it.
 */
import { randomUUID } from 'node:crypto';

const BASE = Date.parse('2026-03-01T00:00:00Z');
const DAY = 86_400_000;
const MIN = 60_000;

type Who = { anonymousId?: string; userId?: string };
const A = { anonymousId: 'anon-a' };
const B = { anonymousId: 'anon-b' };
const B2 = { anonymousId: 'anon-b2', userId: 'user-b' }; // B's second device, signed in
const C = { anonymousId: 'anon-c' };
const D = { anonymousId: 'anon-d' };
const E = { anonymousId: 'anon-e' };
const F = { anonymousId: 'anon-f' };

const at = (days: number, minutes = 0) => new Date(BASE + days * DAY + minutes * MIN).toISOString();

export function track(who: Who, event: string, when: string, properties: Record<string, unknown> = {}) {
  return { messageId: randomUUID(), type: 'track', event, properties, timestamp: when, ...who };
}

const order = (who: Who, when: string, props: Record<string, unknown>) => track(who, 'Order Completed', when, props);
const rec = (who: Who, event: 'Viewed' | 'Clicked', recId: string, reason: string, when: string) =>
  track(who, `Recommendation ${event}`, when, { placement: 'post-purchase', rec_id: recId, product_id: `P-${recId}`, position: 1, reason });
const started = (who: Who, viewId: string, category: string, when: string, live = false) =>
  track(who, 'Video Content Started', when, { session_id: viewId, content_asset_id: `vid-${viewId}`, category, livestream: live });
const milestones = (who: Who, viewId: string, category: string, percents: number[], when: string) =>
  percents.map((percent) => track(who, 'Video Milestone', when, { view_id: viewId, video_id: `vid-${viewId}`, category, percent }));
const summary = (who: Who, viewId: string, category: string, bitrate: number, playingMs: number, when: string) =>
  track(who, 'Video View Summary', when, { view_id: viewId, video_id: `vid-${viewId}`, category, avg_bitrate_kbps: bitrate, playing_time_ms: playingMs, watch_time_ms: playingMs });
const teaser = (who: Who, item: string, reason: string, interaction: 'view' | 'click', when: string) =>
  track(who, 'Gallery Item Locked Viewed', when, { gallery_id: 'members', item_id: item, reason, interaction });
const funnel = (who: Who, steps: string[], day: number) => steps.map((s, i) => track(who, s, at(day, i), { product_id: 'P-SHOE', category: 'running' }));
const reminder = (who: Who, refill: string, sku: string, when: string) =>
  track(who, 'Replenishment Due', when, { product_id: 'P-BRUSH', sku: 'SKU-BRUSH', due_at: '2026-03-20T00:00:00.000Z', reorder_product_id: refill, reorder_sku: sku, interval_days: 30 });

export function fixtureEvents() {
  const o2 = { order_id: 'o2', total: 5000, currency: 'jpy', rec_id: 'r3', products: [{ product_id: 'P-SHOE' }] };
  return [
    { messageId: randomUUID(), type: 'identify', userId: 'user-b', anonymousId: 'anon-b', traits: {}, timestamp: at(0) },
    // Recommendations: accessory r1 (A, clicked), r3 (B, clicked), r5 (C); how-to r2 (A), r6 (D, a click without a view event); replenishment r4 (B).
    rec(A, 'Viewed', 'r1', 'accessory', at(0)), rec(A, 'Clicked', 'r1', 'accessory', at(0, 1)), rec(A, 'Viewed', 'r2', 'how-to', at(0)),
    rec(B, 'Viewed', 'r3', 'accessory', at(0)), rec(B, 'Clicked', 'r3', 'accessory', at(0, 1)), rec(B, 'Viewed', 'r4', 'replenishment', at(0)),
    rec(C, 'Viewed', 'r5', 'accessory', at(0)), rec(D, 'Clicked', 'r6', 'how-to', at(0)),
    // Cart funnel steps.
    ...funnel(A, ['Product Viewed', 'Product Added', 'Checkout Started'], 0),
    ...funnel(B, ['Product Viewed', 'Product Added', 'Checkout Started'], 0),
    ...funnel(C, ['Product Viewed', 'Product Added'], 0),
    ...funnel(D, ['Product Viewed'], 0),
    // Orders.
    order(A, at(0, 10), { order_id: 'o1', total: 100, currency: 'USD', rec_id: 'r1', products: [{ product_id: 'P-CASE' }] }),
    order(A, at(0, 11), { order_id: 'o5', total: 20, currency: 'USD', rec_id: 'r-gone', products: [{ product_id: 'P-SOCK' }] }),
    order(B, at(0, 10), o2),
    order(B, at(0, 12), o2), // the confirmation page tracked it twice: one order
    order(B2, at(13), { order_id: 'o3', revenue: 3000, currency: 'JPY', rec_id: 'r4', products: [{ product_id: 'P-HEAD' }] }),
    order(E, at(1), { order_id: 'o6', total: 50, products: [] }),
    order(F, at(21), { order_id: 'o7', total: 30, currency: 'USD', products: [{ product_id: 'P-FILTER' }] }),
    order(F, at(3), { order_id: 'o8', subtotal: 10, currency: 'USD', products: [{ sku: 'SKU-SOAP' }] }),
    // Replenishment: B on both devices (one reminder), reordered on day 13; F's filter reordered after 20 days; F's soap after 2 (by sku).
    reminder(B, 'P-HEAD', 'SKU-HEAD', at(10)), reminder(B2, 'P-HEAD', 'SKU-HEAD', at(10, 30)),
    reminder(F, 'P-FILTER', 'SKU-FILTER', at(1)), reminder(F, 'P-SOAP', 'SKU-SOAP', at(1)),
    // Gallery teasers.
    teaser(A, 'm1', 'tier', 'view', at(5)), teaser(A, 'm1', 'tier', 'click', at(5, 1)), track(A, 'Video Playback Started', at(6), { session_id: 'vm1', content_asset_id: 'm1' }),
    teaser(A, 'm3', 'release', 'view', at(5)),
    teaser(B, 'm2', 'purchase', 'view', at(12)), teaser(B, 'm2', 'purchase', 'click', at(12, 1)),
    teaser(C, 'm1', 'tier', 'view', at(5)),
    teaser(D, 'm2', 'purchase', 'click', at(2)),
    // Video: running vA1 (to 50 %) and a live view; kitchen vC1 (to the end), vC2 (no milestone), vX (milestones only).
    started(A, 'vA1', 'running', at(0)), ...milestones(A, 'vA1', 'running', [10, 25, 50], at(0, 1)), summary(A, 'vA1', 'running', 2000, 30_000, at(0, 2)),
    started(A, 'vA2', 'running', at(0, 3), true), summary(A, 'vA2', 'running', 500, 10_000, at(0, 4)),
    started(C, 'vC1', 'kitchen', at(0)), ...milestones(C, 'vC1', 'kitchen', [10, 25, 50, 75, 90, 100], at(0, 1)), summary(C, 'vC1', 'kitchen', 1000, 10_000, at(0, 2)),
    started(C, 'vC2', 'kitchen', at(0, 3)), summary(C, 'vC2', 'kitchen', 3000, 30_000, at(0, 4)),
    ...milestones(C, 'vX', 'kitchen', [10, 25], at(0, 5)),
  ];
}
