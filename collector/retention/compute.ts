/**
 * Runs the retention SQL (sql.ts) on one read connection and shapes the JSON of
 * `GET /api/retention`: per split group the headline metrics, the cohort x period table, the
 * retention curve, NPS over time and lifecycle stage counts. Here, and only here, the n<20 rule
 * is applied: a rate or average over fewer than MIN_N customers is null, with its n.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { query } from '../store';
import * as SQL from './sql';

/** Below this many customers (or respondents, or answers) a rate or average is withheld. */
export const MIN_N = 20;
/** When the store has no repeat orders to take a median gap from, dormancy starts after this many days (the SDK's). */
export const FALLBACK_DORMANT_DAYS = 90;

export type Period = 'week' | 'month';

export interface RetentionOptions {
  period: Period;
  /** Explicit dormant threshold in days (query param or env); default: twice the median gap between orders. */
  dormantDays?: number;
  dormantSource?: 'param' | 'env';
  /** ISO timestamp; events after it are ignored. Default: now. */
  asOf?: string;
}

/** A rate or average with the count behind it. `value` is null when `n` < MIN_N (then `count` is omitted too). */
export interface Metric {
  value: number | null;
  n: number;
  count?: number;
}

const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;

/** A share in percent of `n` (count / n * 100). */
export function share(count: number, n: number): Metric {
  return n < MIN_N ? { value: null, n } : { value: round((100 * count) / n, 1), n, count };
}

/** An average or median over n. */
export function average(value: number | null | undefined, n: number, digits = 2): Metric {
  return n < MIN_N || value === null || value === undefined ? { value: null, n } : { value: round(value, digits), n };
}

/** NPS: % promoters (9-10) minus % detractors (0-6) among n respondents. */
export function nps(promoters: number, detractors: number, n: number): Metric & { promoters?: number; detractors?: number } {
  return n < MIN_N ? { value: null, n } : { value: round((100 * (promoters - detractors)) / n, 1), n, promoters, detractors };
}

const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));

/** A validated ISO timestamp for SQL literals (throws RangeError on garbage). */
export function isoAsOf(asOf: string | undefined): string {
  const d = asOf ? new Date(asOf) : new Date();
  if (Number.isNaN(d.getTime())) throw new RangeError('as_of must be an ISO date');
  return d.toISOString().replace('T', ' ').replace('Z', '');
}

/** Builds the temp tables once; returns the dormant and at-risk thresholds. */
export async function prepare(conn: DuckDBConnection, opts: RetentionOptions) {
  const asOf = isoAsOf(opts.asOf);
  for (const stmt of [SQL.ID_MAP(asOf), SQL.RAW(asOf), SQL.ORDERS(asOf), SQL.SURVEYS, SQL.CUSTOMERS(asOf), SQL.SPLITS]) await conn.run(stmt);
  const [gap] = await query(conn, SQL.MEDIAN_GAP);
  const medianGap = gap?.median_gap_days === null || gap?.median_gap_days === undefined ? null : Number(gap.median_gap_days);
  const dormantDays = opts.dormantDays ?? (medianGap !== null && medianGap > 0 ? 2 * medianGap : FALLBACK_DORMANT_DAYS);
  // At risk: past the store's usual gap between orders but not yet dormant.
  const atRiskDays = medianGap !== null && medianGap > 0 ? Math.min(medianGap, dormantDays) : dormantDays / 2;
  return { asOf, medianGap, dormantDays, atRiskDays };
}

type Row = Record<string, unknown>;
const key = (r: Row) => `${r.split}\u0000${r.grp}`;
function byGroup(rows: Row[]): Map<string, Row[]> {
  const m = new Map<string, Row[]>();
  for (const r of rows) m.set(key(r), [...(m.get(key(r)) ?? []), r]);
  return m;
}

/** The whole Retention section. */
export async function computeRetention(conn: DuckDBConnection, opts: RetentionOptions) {
  const { asOf, medianGap, dormantDays, atRiskDays } = await prepare(conn, opts);
  await conn.run(SQL.STAGES(asOf));
  const summary = await query(conn, SQL.SUMMARY(dormantDays, atRiskDays));
  const cohorts = byGroup(await query(conn, SQL.COHORTS(opts.period, asOf)));
  const curves = byGroup(await query(conn, SQL.CURVES(opts.period, asOf)));
  const npsTime = byGroup(await query(conn, SQL.NPS_OVER_TIME(opts.period)));
  const stages = byGroup(await query(conn, SQL.STAGE_COUNTS));
  const [outside] = await query(conn, SQL.RESPONDENTS_WITHOUT_ORDER);
  const comments = await query(conn, SQL.COMMENTS);

  const groups = summary.map((r) => {
    const customers = num(r.customers);
    const orders = num(r.orders);
    const repeaters = num(r.repeaters);
    const cohortRows = cohorts.get(key(r)) ?? [];
    const cohortTable = new Map<string, { cohort: string; size: number; periods: Array<Metric & { k: number }> }>();
    for (const c of cohortRows) {
      const id = String(c.cohort);
      const entry = cohortTable.get(id) ?? { cohort: id, size: num(c.size), periods: [] };
      entry.periods.push({ k: num(c.k), ...share(num(c.active), num(c.size)) });
      cohortTable.set(id, entry);
    }
    const lifecycle: Record<string, number> = {};
    for (const s of stages.get(key(r)) ?? []) lifecycle[String(s.stage)] = num(s.n);
    return {
      split: String(r.split),
      group: String(r.grp),
      customers,
      orders,
      revenue: round(num(r.revenue), 2),
      aov: average(orders ? num(r.revenue) / orders : null, customers),
      repeatRate: share(repeaters, customers),
      medianDaysToSecondOrder: average(r.median_days_to_second as number | null, repeaters, 1),
      purchaseFrequency: average(customers ? orders / customers : null, customers),
      clv: {
        d30: average(num(r.clv30_n) ? num(r.clv30_revenue) / num(r.clv30_n) : null, num(r.clv30_n)),
        d90: average(num(r.clv90_n) ? num(r.clv90_revenue) / num(r.clv90_n) : null, num(r.clv90_n)),
        d365: average(num(r.clv365_n) ? num(r.clv365_revenue) / num(r.clv365_n) : null, num(r.clv365_n)),
      },
      dormant: num(r.dormant),
      atRisk: num(r.at_risk),
      dormantRate: share(num(r.dormant), customers),
      nps: nps(num(r.promoters), num(r.detractors), num(r.nps_n)),
      csat: average(num(r.csat_n) ? num(r.csat_total) / num(r.csat_n) : null, num(r.csat_n)),
      lifecycle,
      cohorts: [...cohortTable.values()],
      curve: (curves.get(key(r)) ?? []).map((c) => ({ k: num(c.k), ...share(num(c.active), num(c.n)) })),
      npsOverTime: (npsTime.get(key(r)) ?? []).map((p) => ({ period: String(p.period), ...nps(num(p.promoters), num(p.detractors), num(p.n)) })),
    };
  });
  return {
    generatedAt: new Date().toISOString(),
    asOf: asOf.replace(' ', 'T') + 'Z',
    period: opts.period,
    minN: MIN_N,
    medianDaysBetweenOrders: medianGap === null ? null : round(medianGap, 2),
    dormantDays: round(dormantDays, 2),
    dormantDaysSource: opts.dormantDays !== undefined ? (opts.dormantSource ?? 'param') : medianGap !== null && medianGap > 0 ? 'median' : 'fallback',
    atRiskDays: round(atRiskDays, 2),
    respondentsWithoutOrder: num(outside?.n),
    groups,
    comments: comments.map((c) => ({ at: c.ts, surveyType: c.survey_type, score: c.score, comment: String(c.comment).slice(0, 500), videoId: c.video_id ?? null })),
  };
}

export type Retention = Awaited<ReturnType<typeof computeRetention>>;

export const AUDIENCE_NAMES = Object.keys(SQL.AUDIENCES(0)) as Array<keyof ReturnType<typeof SQL.AUDIENCES>>;

/** Members of one retention audience, with their ids. */
export async function audienceMembers(conn: DuckDBConnection, name: string, opts: RetentionOptions) {
  const audiences = SQL.AUDIENCES(0) as Record<string, string>;
  if (!(name in audiences)) return null;
  const { dormantDays } = await prepare(conn, opts);
  const members = (SQL.AUDIENCES(dormantDays) as Record<string, string>)[name]!;
  const rows = await query(conn, SQL.AUDIENCE_IDS(members));
  return rows.map((r) => ({
    customerId: String(r.customer),
    userId: (r.user_id as string | null) ?? null,
    anonymousId: (r.anonymous_id as string | null) ?? null,
    anonymousIds: (r.anonymous_ids as string[] | null) ?? [],
  }));
}
