/**
 * Pure interest scoring and lifecycle rules. No DOM, no storage; `evaluate` takes `now` (ms epoch)
 * and `observe` the event's own time, so tests drive it with a fake clock. The rules are documented
 * in `docs/segments.md`; change them there too.
 */
import type { EncoreEvent, SegmentInfo } from '../types';

const DAY = 864e5;

/** A score halves in 14 days. Interest is entered at 3 points and exited below 1.5 (hysteresis: no
 * flapping around one threshold). A buyer is `dormant` after 90 days away. */
const HALF_LIFE = 14 * DAY;
const DORMANT = 90 * DAY;
/** A cart with items and no activity for an hour (and no order since) is abandoned, as the collector's trigger says. */
const CART_ABANDONED = 36e5;

/** Local history, persisted as one compact JSON value (short keys on purpose). Times are ms epoch. */
export interface History {
  /** Category -> [score at time t, t]. Decay is applied lazily when read. */
  c: Record<string, Score>;
  /** Active interest segments: category -> since. */
  i: Record<string, number>;
  /** Current lifecycle stage and since when. */
  l?: [Stage, number];
  /** Sessions seen. */
  n: number;
  /** Current session id. */
  s?: string;
  /** Start of the current session. */
  ss: number;
  /** Gap between the previous activity and the start of the current session. */
  g: number;
  /** Last activity. */
  p: number;
  /**
   * Recent orders, newest last: [time, order id]. At most 10: no rule counts further than 4, so
   * the length stands for the number of orders ever.
   */
  o: Array<[number, string]>;
  /** Video watch time ever, ms. */
  w: number;
  /** Product views ever. */
  pv: number;
  /** The open cart: item count and last cart activity (added, removed, checkout started); gone after an order. */
  cart?: { items: number; at: number };
  /** Since when `cart:abandoned` holds. */
  cartAbandonedSince?: number;
}

type Score = [score: number, t: number];

export type Stage = 'new' | 'engaged' | 'first-purchase' | 'repeat' | 'loyal' | 'dormant';

/** A segment crossing, for `Segment Entered` / `Segment Exited`. */
export interface Crossing {
  segment: string;
  score: number;
  entered: boolean;
}

export const emptyHistory = (): History => ({ c: {}, i: {}, n: 0, ss: 0, g: 0, p: 0, o: [], w: 0, pv: 0 });

/** A category's score at `now`: `score * 2^(-(now - t) / halfLife)` (never grows: replays may be older). */
export const scoreAt = (e: Score | undefined, now: number): number => (e ? e[0] * 2 ** (Math.min(0, e[1] - now) / HALF_LIFE) : 0);

/**
 * Updates history from one event at its own time (snippet replays carry earlier ones), never in the
 * future. A new session id records the gap since the last activity (what `dormant` looks at). Video:
 * a point per minute, at most 30 per view (a looping video must not dominate); a product view: a
 * point. An order id seen before (a reloaded confirmation page) counts once.
 */
export function observe(h: History, e: EncoreEvent): void {
  const p = e.properties ?? {};
  let now = Date.now();
  const t = Date.parse(e.timestamp);
  if (t < now) now = t;
  const sid = e.context?.session?.id;
  const ev = e.event;
  if (sid && sid != h.s) {
    h.s = sid;
    h.n++;
    h.g = h.p && now - h.p;
    h.ss = now;
  }
  if (now > h.p) h.p = now;
  // Cart items count units (quantities), on adds and removes as on a checkout's product list.
  const quantity = (x: Record<string, unknown>) => (+(x.quantity as number) > 0 ? Math.min(+(x.quantity as number), 999) : 1);
  if (ev == 'Product Added') h.cart = { items: (h.cart?.items ?? 0) + quantity(p), at: now };
  if (ev == 'Product Removed' && h.cart) h.cart = { items: Math.max(0, h.cart.items - quantity(p)), at: now };
  if (ev == 'Checkout Started') {
    const lines = Array.isArray(p.products) ? (p.products as unknown[]).filter((x): x is Record<string, unknown> => !!x && typeof x == 'object') : null;
    h.cart = { items: lines ? lines.reduce((n, x) => n + quantity(x), 0) : (h.cart?.items ?? 0), at: now };
  }
  if (ev == 'Order Completed') {
    delete h.cart;
    const id = String(p.order_id ?? p.checkout_id ?? '');
    if (id && h.o.some((x) => x[1] == id)) return;
    if (h.o.push([now, id]) > 10) h.o.shift();
  }
  // Categories are case-insensitive and bounded, so `Running ` and `running` are one segment.
  const cat = typeof p.category == 'string' && p.category.trim().toLowerCase().slice(0, 64);
  let pts = ev == 'Product Viewed' ? (h.pv++, 1) : 0;
  if (ev == 'Video View Summary') {
    const ms = +(p.watch_time_ms as number) > 0 ? Math.min(p.watch_time_ms as number, 18e5) : 0;
    h.w += ms;
    pts = ms / 6e4;
  }
  if (cat && pts) h.c[cat] = [scoreAt(h.c[cat], now) + pts, now];
}

/**
 * The lifecycle stage at `now`, first matching rule wins:
 * 1. `dormant`: has ordered, and either returned after 90 days or more without activity and has
 *    not ordered since returning, or has had no activity for 90 days as of `now`.
 * 2. `loyal`: 4 or more orders ever, or 3 or more in the last 365 days.
 * 3. `repeat`: 2 or more orders.
 * 4. `first-purchase`: 1 order.
 * 5. `engaged`: no order, and 3 or more sessions, or 5 or more minutes of video, or 5 or more product views.
 * 6. `new`: everything else.
 */
export function lifecycle(h: History, now: number): Stage {
  const n = h.o.length;
  return n && ((h.g >= DORMANT && h.o.every((x) => x[0] < h.ss)) || now - h.p >= DORMANT)
    ? 'dormant'
    : n > 3 || h.o.filter((x) => now - x[0] <= 31536e6 /* 365 days */).length > 2
      ? 'loyal'
      : n > 1
        ? 'repeat'
        : n
          ? 'first-purchase'
          : h.n > 2 || h.w >= 3e5 || h.pv > 4
            ? 'engaged'
            : 'new';
}

const iso = (t: number) => new Date(t).toISOString();

/**
 * Re-evaluates segments at `now`: applies hysteresis to interest, recomputes the lifecycle stage,
 * forgets negligible categories. Mutates `h.i`, `h.l`, `h.c`; returns the segments (interest by
 * score, highest first, then the stage) and the crossings since the last evaluation, as a pair.
 */
export function evaluate(h: History, now: number): [segments: SegmentInfo[], crossings: Crossing[]] {
  const crossings: Crossing[] = [];
  const segments: SegmentInfo[] = [];
  const cross = (segment: string, score: number, entered: boolean) => crossings.push({ segment, score, entered });
  Object.keys(h.c)
    .map((c): [string, number] => [c, scoreAt(h.c[c], now)])
    .sort((a, b) => b[1] - a[1])
    .forEach(([c, raw], rank) => {
      const id = 'interest:' + c;
      // Compared as reported (2 decimals): 3 views a few seconds apart are 3 points, not 2.99999.
      const s = Math.round(raw * 100) / 100;
      const on = c in h.i;
      if (on ? s < 1.5 : s >= 3) {
        if (on) delete h.i[c];
        else h.i[c] = now;
        cross(id, s, !on);
      }
      if (c in h.i) segments.push({ id, score: s, since: iso(h.i[c]!) });
      // Forget negligible categories, and all but the top 30, so history stays small.
      else if (raw < 0.05 || rank > 29) delete h.c[c];
    });
  const stage = lifecycle(h, now);
  if (h.l?.[0] != stage) {
    if (h.l) cross('lifecycle:' + h.l[0], 0, false);
    cross('lifecycle:' + stage, 1, true);
    h.l = [stage, now];
  }
  segments.push({ id: 'lifecycle:' + stage, since: iso(h.l[1]) });
  const abandoned = !!h.cart && h.cart.items > 0 && now - h.cart.at >= CART_ABANDONED;
  if (abandoned != !!h.cartAbandonedSince) {
    cross('cart:abandoned', abandoned ? 1 : 0, abandoned);
    if (abandoned) h.cartAbandonedSince = now;
    else delete h.cartAbandonedSince;
  }
  if (h.cartAbandonedSince) segments.push({ id: 'cart:abandoned', since: iso(h.cartAbandonedSince) });
  return [segments, crossings];
}
