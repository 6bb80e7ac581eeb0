/**
 * Pure interest scoring and lifecycle rules. No DOM, no storage, no clock of its own: every function
 * takes `now` (ms epoch), so tests drive it with a fake clock. The rules are documented in
 * `docs/segments.md`; change them there too.
 */
import type { SegmentInfo } from '../types';

const DAY = 864e5;

/** Tunables. Defaults in {@link DEFAULTS}. */
export interface ScoringOptions {
  /** Days after which a category's score has halved. */
  halfLifeDays: number;
  /** An interest segment is entered when the score reaches this. */
  enter: number;
  /** ... and exited only when it falls below this (hysteresis: no flapping around one threshold). */
  exit: number;
  /** Days without a visit after which a past buyer is `dormant`. */
  dormantDays: number;
}

export const DEFAULTS: ScoringOptions = {
  halfLifeDays: 14,
  enter: 3,
  exit: 1.5,
  dormantDays: 90,
};

/**
 * Local history, persisted as one compact JSON value (short keys on purpose).
 * Times are ms epoch.
 */
export interface History {
  /** Category -> [score at time t, t]. Decay is applied lazily when read. */
  c: Record<string, [number, number]>;
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
  /** Recent orders, newest last: [time, order id]. At most {@link MAX_ORDERS}. */
  o: Array<[number, string]>;
  /** Orders ever. */
  on: number;
  /** Revenue ever (sum of `revenue`/`total`, currency ignored). */
  ov: number;
  /** Video watch time ever, ms. */
  w: number;
  /** Product views ever. */
  pv: number;
}

export type Stage = 'new' | 'engaged' | 'first-purchase' | 'repeat' | 'loyal' | 'dormant';

/** A segment crossing, for `Segment Entered` / `Segment Exited`. */
export interface Crossing {
  segment: string;
  score: number;
  entered: boolean;
}

const MAX_ORDERS = 10;
const MAX_CATEGORIES = 30;
/** Below this a category is forgotten, so history stays small. */
const FORGET = 0.05;

export function emptyHistory(): History {
  return { c: {}, i: {}, n: 0, ss: 0, g: 0, p: 0, o: [], on: 0, ov: 0, w: 0, pv: 0 };
}

/** A category's score at `now`: `score * 2^(-(now - t) / halfLife)`. */
export function scoreAt(entry: [number, number] | undefined, now: number, o: ScoringOptions): number {
  if (!entry) return 0;
  const dt = Math.max(0, now - entry[1]);
  return entry[0] * 2 ** (-dt / (o.halfLifeDays * DAY));
}

/** Category names are case-insensitive and bounded, so `Running ` and `running` are one segment. */
export function normalizeCategory(c: unknown): string | undefined {
  if (typeof c !== 'string') return;
  const s = c.trim().toLowerCase().slice(0, 64);
  return s || undefined;
}

function addPoints(h: History, cat: string | undefined, points: number, now: number, o: ScoringOptions): void {
  if (now > h.p) h.p = now;
  if (cat && points > 0) h.c[cat] = [scoreAt(h.c[cat], now, o) + points, now];
}

/**
 * Marks activity in session `sessionId` at `now`. A new session id starts a session and records
 * the gap since the last activity (what the `dormant` rule looks at).
 */
export function touch(h: History, sessionId: string | undefined, now: number): void {
  if (sessionId && sessionId !== h.s) {
    h.s = sessionId;
    h.n++;
    h.g = h.p ? Math.max(0, now - h.p) : 0;
    h.ss = now;
  }
  if (now > h.p) h.p = now;
}

/** Video watched in `cat`: one point per minute, at most 30 minutes per view (a looping video must not dominate). */
export function watch(h: History, cat: string | undefined, ms: number, now: number, o: ScoringOptions = DEFAULTS): void {
  ms = ms > 0 ? Math.min(ms, 18e5) : 0;
  h.w += ms;
  addPoints(h, cat, ms / 6e4, now, o);
}

/** A product viewed in `cat`: one point. */
export function view(h: History, cat: string | undefined, now: number, o: ScoringOptions = DEFAULTS): void {
  h.pv++;
  addPoints(h, cat, 1, now, o);
}

/** An order. A reloaded confirmation page repeats the same order id: it counts once. */
export function order(h: History, id: string | undefined, value: number, now: number): void {
  if (now > h.p) h.p = now;
  if (id && h.o.some((x) => x[1] === id)) return;
  h.o.push([now, id ?? '']);
  if (h.o.length > MAX_ORDERS) h.o.shift();
  h.on++;
  if (value > 0) h.ov += value;
}

/**
 * The lifecycle stage at `now`, first matching rule wins:
 * 1. `dormant`: has ordered, and either returned after `dormantDays` or more without activity and has
 *    not ordered since returning, or has had no activity for `dormantDays` as of `now`.
 * 2. `loyal`: 4 or more orders ever, or 3 or more in the last 365 days.
 * 3. `repeat`: 2 or more orders.
 * 4. `first-purchase`: 1 order.
 * 5. `engaged`: no order, and 3 or more sessions, or 5 or more minutes of video, or 5 or more product views.
 * 6. `new`: everything else.
 */
export function lifecycle(h: History, now: number, o: ScoringOptions = DEFAULTS): Stage {
  const dormant = o.dormantDays * DAY;
  const lastOrder = h.o[h.o.length - 1]?.[0] ?? 0;
  if (h.on > 0 && ((h.g >= dormant && lastOrder < h.ss) || now - h.p >= dormant)) return 'dormant';
  if (h.on >= 4 || h.o.filter((x) => now - x[0] <= 365 * DAY).length >= 3) return 'loyal';
  if (h.on >= 2) return 'repeat';
  if (h.on === 1) return 'first-purchase';
  if (h.n >= 3 || h.w >= 5 * 60e3 || h.pv >= 5) return 'engaged';
  return 'new';
}

const round = (n: number) => Math.round(n * 100) / 100;
const iso = (t: number) => new Date(t).toISOString();

/**
 * Re-evaluates segments at `now`: applies hysteresis to interest, recomputes the lifecycle stage,
 * forgets negligible categories. Mutates `h.i`, `h.l`, `h.c`; returns the segments (interest by
 * score, highest first, then the stage) and the crossings since the last evaluation.
 */
export function evaluate(h: History, now: number, o: ScoringOptions = DEFAULTS): { segments: SegmentInfo[]; crossings: Crossing[] } {
  const crossings: Crossing[] = [];
  const cross = (segment: string, score: number, entered: boolean) => crossings.push({ segment, score, entered });
  const scores = Object.keys(h.c)
    .map((cat): [string, number] => [cat, scoreAt(h.c[cat], now, o)])
    .sort((a, b) => b[1] - a[1]);
  const segments: SegmentInfo[] = [];
  scores.forEach(([cat, raw], rank) => {
    const id = 'interest:' + cat;
    // Compared as reported (2 decimals): 3 views a few seconds apart are 3 points, not 2.99999.
    const s = round(raw);
    const active = cat in h.i;
    if (!active && s >= o.enter) {
      h.i[cat] = now;
      cross(id, s, true);
    } else if (active && s < o.exit) {
      delete h.i[cat];
      cross(id, s, false);
    }
    if (cat in h.i) segments.push({ id, score: s, since: iso(h.i[cat]!) });
    // Forget negligible categories, and all but the top ones, so history stays small.
    else if (raw < FORGET || rank >= MAX_CATEGORIES) delete h.c[cat];
  });

  const stage = lifecycle(h, now, o);
  if (h.l?.[0] !== stage) {
    if (h.l) cross('lifecycle:' + h.l[0], 0, false);
    cross('lifecycle:' + stage, 1, true);
    h.l = [stage, now];
  }
  segments.push({ id: 'lifecycle:' + stage, since: iso(h.l[1]) });
  return { segments, crossings };
}
