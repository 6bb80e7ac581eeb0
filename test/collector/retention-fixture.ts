/**
 * A small shop history with hand-computed answers for the retention tests (the answers are
 * written out in retention.test.ts next to their arithmetic). 25 customers, all first ordering
 * on Monday 2026-01-05 12:00 UTC for 100:
 * - c01-c10 order again 10 days later (50); c01-c04 a third time 20 days after the first (50).
 * - c05 orders first as anonymous `r-anon-05`, is identified as `user-05`, and orders again from
 *   another device (`r-anon-05b`, userId `user-05`): one customer with two orders.
 * - Video past startup after the first order: c01-c12. c13 left before start; c14 watched only
 *   before ordering (neither counts).
 * - NPS: c01-c08 score 10, c09-c14 8, c15-c20 3; plus a visitor who never ordered (0).
 *   CSAT: c01-c10 5, c11-c20 3.
 * - Interest on the first order: c01-c12 running, the rest yoga. Category: c01-c15 running, rest yoga.
 * - Non-buyers: c26 three sessions (engaged), c27 one page (new). c24 returns on 2026-05-25.
 */
export const DAY = 864e5;
export const T0 = Date.parse('2026-01-05T12:00:00Z');
const pad = (i: number) => String(i).padStart(2, '0');

let seq = 0;
function ev(o: { anon: string; userId?: string; at: number; session: string; type?: string; event?: string; properties?: Record<string, unknown>; segments?: string[] }) {
  seq++;
  return {
    messageId: `ret-fixture-${seq}`,
    type: o.type ?? 'track',
    ...(o.type === 'identify' ? { traits: {} } : { event: o.event }),
    ...(o.properties ? { properties: o.properties } : {}),
    anonymousId: o.anon,
    ...(o.userId ? { userId: o.userId } : {}),
    timestamp: new Date(o.at).toISOString(),
    context: { library: { name: 'encore-sdk', version: '0.1.0' }, session: { id: o.session, seq }, traits: { segments: o.segments ?? [] } },
  };
}

export function fixtureEvents(): Array<Record<string, any>> {
  seq = 0;
  const out: Array<Record<string, any>> = [];
  for (let i = 1; i <= 25; i++) {
    const anon = `r-anon-${pad(i)}`;
    const category = i <= 15 ? 'running' : 'yoga';
    const segments = [i <= 12 ? 'interest:running' : 'interest:yoga', 'lifecycle:new'];
    const order = (k: number, at: number, total: number, device = anon, userId?: string) =>
      out.push(ev({ anon: device, userId, at, session: `${device}-s${k}`, event: 'Order Completed', segments,
        properties: { order_id: `R-${pad(i)}-${k}`, total, category, products: [{ product_id: `SKU-${category}`, category, price: total }] } }));
    order(1, T0, 100);
    // The confirmation page reloaded: the same order_id again counts once.
    if (i === 3) order(1, T0 + 60_000, 100);
    if (i === 5) {
      out.push(ev({ anon, userId: 'user-05', type: 'identify', at: T0 + DAY, session: `${anon}-s1` }));
      order(2, T0 + 10 * DAY, 50, 'r-anon-05b', 'user-05');
    } else if (i <= 10) order(2, T0 + 10 * DAY, 50);
    if (i <= 4) order(3, T0 + 20 * DAY, 50);
    const view = (at: number, started: boolean) =>
      out.push(ev({ anon, at, session: `${anon}-s1`, event: 'Video View Summary',
        properties: { view_id: `v-${i}`, video_id: `howto-${category}`, category, startup_time_ms: started ? 800 : null, exited_before_start: !started, watch_time_ms: started ? 60_000 : 0 } }));
    if (i <= 12) view(T0 + 3600_000, true);
    if (i === 13) view(T0 + 3600_000, false);
    if (i === 14) view(T0 - DAY, true);
    const survey = (type: 'nps' | 'csat', score: number, comment?: string) =>
      out.push(ev({ anon, at: T0 + 2 * DAY + (type === 'csat' ? 60_000 : 0), session: `${anon}-survey`, event: 'Survey Responded',
        properties: { survey_id: `s-${type}`, survey_type: type, score, ...(comment ? { comment } : {}), order_id: `R-${pad(i)}-1` } }));
    if (i <= 20) survey('nps', i <= 8 ? 10 : i <= 14 ? 8 : 3, i === 1 ? 'Love the videos' : i === 15 ? '<img src=x onerror="window.__xss=1">Too slow' : undefined);
    if (i <= 20) survey('csat', i <= 10 ? 5 : 3);
    if (i === 24) out.push(ev({ anon, at: Date.parse('2026-05-25T09:00:00Z'), session: `${anon}-back`, event: 'Product Viewed', properties: { product_id: 'SKU-yoga', category: 'yoga' } }));
  }
  for (let s = 0; s < 3; s++) out.push(ev({ anon: 'r-anon-26', at: T0 + (5 + s) * DAY, session: `r-anon-26-s${s}`, event: 'Product Viewed', properties: { product_id: 'SKU-yoga', category: 'yoga' } }));
  out.push(ev({ anon: 'r-anon-27', at: T0 + 5 * DAY, session: 'r-anon-27-s0', type: 'page' }));
  out.push(ev({ anon: 'r-anon-x', at: T0 + 3 * DAY, session: 'r-anon-x-s0', event: 'Survey Responded', properties: { survey_id: 's-nps', survey_type: 'nps', score: 0 } }));
  return out;
}
