/**
 * A deterministic synthetic shop history for the Retention section (`npm start -- --seed-history`
 * or ENCORE_SEED_HISTORY=1): about 6 months of customers, orders, video views and survey answers,
 * ending at ENCORE_SEED_END (default: today 00:00 UTC). A seeded PRNG (mulberry32) makes every run
 * the same, and `seedPlan` is the generator's own truth, so tests know the answers. Planted fact:
 * the first weekly cohort has exactly 20 customers, 8 of whom order again the next week (40 %).
 */
import type { Store } from '../store';
import { ingest } from '../ingest';
import { query } from '../store';

const DAY = 864e5;
const CATEGORIES = ['running', 'yoga', 'outdoor', 'kitchen'];

/** mulberry32: a small seeded PRNG, uniform in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SeedCustomer {
  anonymousId: string;
  /** Set for customers who log in (an identify after the first order links the two). */
  userId: string | null;
  category: string;
  /** Interest segment on their orders, or null (no personalization consent). */
  interest: string | null;
  /** Watched a video past startup after the first order. */
  watched: boolean;
  orders: Array<{ at: number; total: number; id: string }>;
  nps: { at: number; score: number; comment: string | null } | null;
  csat: { at: number; score: number } | null;
}

export interface SeedPlan {
  start: number;
  end: number;
  customers: SeedCustomer[];
}

/** Monday 00:00 UTC of the week containing `t`. */
const weekStart = (t: number) => {
  const d = new Date(t);
  d.setUTCHours(0, 0, 0, 0);
  return d.getTime() - ((d.getUTCDay() + 6) % 7) * DAY;
};

const COMMENTS = ['The sizing video answered my question.', 'Delivery was slow.', '動画がとても分かりやすかったです。', 'Great quality, will buy again.', 'Hard to find the return form.'];

/** The plan: who orders when, who watches, who answers what. Same `end` and `customers` give the same plan. */
export function seedPlan(end: number, count = 400, seed = 13): SeedPlan {
  const rand = prng(seed);
  const start = weekStart(end - 26 * 7 * DAY) + 7 * DAY; // the first full week within 6 months
  const weeks = Math.floor((weekStart(end) - start) / (7 * DAY));
  const customers: SeedCustomer[] = [];
  for (let i = 0; i < count; i++) {
    const planted = i < 20;
    const category = CATEGORIES[i % CATEGORIES.length]!;
    const watched = planted ? i < 10 : rand() < 0.5;
    // Planted customers start on Monday-Wednesday of week 0; the rest in weeks 1 to weeks-2.
    const week = planted ? 0 : 1 + Math.floor(rand() * Math.max(1, weeks - 2));
    const first = start + week * 7 * DAY + Math.floor(rand() * (planted ? 3 : 7) * DAY);
    const total = () => Math.round((20 + rand() * 180) * 100) / 100;
    const orders = [{ at: first, total: total(), id: `seed-order-${i}-0` }];
    if (planted) {
      if (i < 8) orders.push({ at: first + 7 * DAY, total: total(), id: `seed-order-${i}-1` });
    } else {
      let at = first;
      // Watchers come back more often: the effect the dashboard is there to show.
      while (orders.length < 6 && rand() < (watched ? 0.55 : 0.3)) {
        at += Math.ceil((5 + rand() * 40) * DAY);
        if (at >= end) break;
        orders.push({ at, total: total(), id: `seed-order-${i}-${orders.length}` });
      }
    }
    const answered = rand() < 0.6;
    const score = Math.min(10, Math.max(0, Math.round((watched ? 8 : 6.5) + (rand() - 0.5) * 6)));
    const npsAt = first + 2 * DAY;
    customers.push({
      anonymousId: `seed-anon-${i}`,
      userId: i % 3 === 0 ? `seed-user-${i}` : null,
      category,
      interest: rand() < 0.8 ? `interest:${category}` : null,
      watched,
      orders,
      nps: answered && npsAt < end ? { at: npsAt, score, comment: rand() < 0.3 ? COMMENTS[i % COMMENTS.length]! : null } : null,
      csat: rand() < 0.4 && first + DAY < end ? { at: first + DAY, score: 1 + Math.floor(rand() * 5) } : null,
    });
  }
  return { start, end, customers };
}

/** The plan as SDK-shaped events. */
export function seedEvents(plan: SeedPlan): Array<Record<string, unknown>> {
  const events: Array<Record<string, unknown>> = [];
  for (const c of plan.customers) {
    let n = 0;
    const add = (t: number, session: string, e: Record<string, unknown>, identified: boolean) =>
      events.push({
        type: 'track',
        messageId: `seed-${c.anonymousId}-${n++}`,
        anonymousId: c.anonymousId,
        ...(identified && c.userId ? { userId: c.userId } : {}),
        timestamp: new Date(t).toISOString(),
        context: { library: { name: 'encore-sdk', version: 'seed' }, session: { id: `${c.anonymousId}-${session}`, seq: n }, traits: { segments: c.interest ? [c.interest] : [] } },
        ...e,
      });
    c.orders.forEach((o, k) => {
      const identified = k > 0;
      add(o.at - 60_000, `s${k}`, { event: 'Product Viewed', properties: { product_id: `SKU-${c.category}`, category: c.category, price: o.total } }, identified);
      add(o.at, `s${k}`, {
        event: 'Order Completed',
        properties: { order_id: o.id, total: o.total, currency: 'USD', category: c.category, products: [{ product_id: `SKU-${c.category}`, category: c.category, price: o.total }] },
      }, identified);
      if (k === 0 && c.userId) add(o.at + 1000, 's0', { type: 'identify', userId: c.userId, traits: {} }, true);
    });
    const first = c.orders[0]!.at;
    if (c.watched) {
      add(first + 3 * 3600_000, 's0', {
        event: 'Video View Summary',
        properties: { view_id: `v-${c.anonymousId}`, video_id: `howto-${c.category}`, title: `How to choose ${c.category} gear`, category: c.category, startup_time_ms: 600 + (first % 900), watch_time_ms: 95_000, exited_before_start: false, completed: false },
      }, !!c.userId);
    }
    for (const [s, type] of [[c.nps, 'nps'], [c.csat, 'csat']] as const) {
      if (!s) continue;
      const props: Record<string, unknown> = { survey_id: `seed-${type}`, survey_type: type, score: s.score, order_id: c.orders[0]!.id, category: c.category };
      if ('comment' in s && s.comment) props.comment = s.comment;
      add(s.at, 'survey', { event: 'Survey Shown', properties: { survey_id: `seed-${type}`, survey_type: type } }, !!c.userId);
      add(s.at + 20_000, 'survey', { event: 'Survey Responded', properties: props }, !!c.userId);
    }
  }
  return events;
}

/** The seed end: ENCORE_SEED_END, else today 00:00 UTC. */
export function seedEnd(env: NodeJS.ProcessEnv): number {
  const fixed = env.ENCORE_SEED_END ? Date.parse(env.ENCORE_SEED_END) : NaN;
  if (!Number.isNaN(fixed)) return fixed;
  const d = new Date();
  d.setUTCHours(0, 0, 0, 0);
  return d.getTime();
}

/** Stores the seeded history when asked and not already there (a restart keeps the first copy). */
export async function seedHistoryIfAsked(store: Store, env: NodeJS.ProcessEnv, argv: string[], log: (m: string) => void): Promise<void> {
  if (env.ENCORE_SEED_HISTORY !== '1' && !argv.includes('--seed-history')) return;
  const [have] = await store.read((conn) => query(conn, `SELECT count(*) AS n FROM events WHERE messageId LIKE 'seed-%'`));
  if (Number(have?.n) > 0) return;
  const events = seedEvents(seedPlan(seedEnd(env)));
  for (let i = 0; i < events.length; i += 500) {
    const r = ingest(JSON.stringify({ batch: events.slice(i, i + 500), sentAt: new Date().toISOString() }), new Set(), null);
    if (r.status !== 200) throw new Error(`seed history rejected: ${r.error}`);
    if (r.rejected.length) log(`seed: ${r.rejected.length} events rejected: ${r.rejected[0]?.reason}`);
    await store.submit({ rows: r.rows });
  }
  log(`seeded ${events.length} events of synthetic history`);
}
