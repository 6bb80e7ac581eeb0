/**
 * The dashboard's numbers, computed in DuckDB on each request (the dashboard polls). Every figure
 * on the page comes from here, so the end-to-end test can compare the page with this JSON.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { query } from './store';
import { ORDER_TOTAL } from './customers';

const r1 = (col: string) => `round(${col}, 1)`;

const QOE = `
SELECT category, count(*) AS views,
  ${r1('quantile_cont(startup_time_ms, 0.5)')} AS startup_p50_ms,
  ${r1('quantile_cont(startup_time_ms, 0.95)')} AS startup_p95_ms,
  ${r1('100 * sum(coalesce(rebuffer_duration_ms, 0)) / nullif(sum(watch_time_ms), 0)')} AS rebuffer_pct,
  ${r1('100 * avg(CASE WHEN exited_before_start THEN 1 ELSE 0 END)')} AS ebvs_pct,
  ${r1('100 * avg(CASE WHEN startup_failed OR playback_failed THEN 1 ELSE 0 END)')} AS failure_pct,
  ${r1('sum(coalesce(watch_time_ms, 0)) / 1000')} AS watch_time_s
FROM video_views GROUP BY category ORDER BY views DESC, category`;

const TOP_VIDEOS = `
SELECT video_id, any_value(title) AS title, any_value(category) AS category, count(*) AS views,
  ${r1('sum(coalesce(watch_time_ms, 0)) / 1000')} AS watch_time_s,
  ${r1('100 * avg(CASE WHEN completed THEN 1 ELSE 0 END)')} AS completion_pct
FROM video_views WHERE video_id IS NOT NULL GROUP BY video_id ORDER BY views DESC, watch_time_s DESC LIMIT 10`;

const VITALS = `
SELECT metric, count(*) AS samples, round(quantile_cont(value, 0.75), 3) AS p75,
  ${r1("100 * avg(CASE WHEN rating = 'good' THEN 1 ELSE 0 END)")} AS good_pct
FROM (SELECT json_extract_string(properties, '$.metric') AS metric, try_cast(json_extract_string(properties, '$.value') AS DOUBLE) AS value,
        json_extract_string(properties, '$.rating') AS rating
      FROM events WHERE event = 'Web Vital')
WHERE metric IS NOT NULL AND value IS NOT NULL GROUP BY metric ORDER BY metric`;

/** Each visitor's segments as of their latest event (null segments count: consent may have been withdrawn). */
export const LATEST_SEGMENTS = `
SELECT anonymousId, arg_max(userId, timestamp) AS userId, arg_max_null(segments, timestamp) AS segments
FROM events WHERE anonymousId IS NOT NULL GROUP BY anonymousId`;

const SEGMENTS = `
SELECT segment, count(*) AS visitors FROM (SELECT unnest(segments) AS segment FROM (${LATEST_SEGMENTS}))
GROUP BY segment ORDER BY visitors DESC, segment LIMIT 50`;

const VOLUME = `
SELECT epoch(time_bucket(INTERVAL '1 minute', received_at))::BIGINT AS t, count(*) AS events
FROM events WHERE received_at >= (SELECT max(received_at) FROM events) - INTERVAL '3 hours'
GROUP BY t ORDER BY t`;

const ORDERS = `
WITH orders AS (
  SELECT coalesce(json_extract_string(properties, '$.order_id'), messageId) AS order_id,
    any_value(coalesce(userId, anonymousId)) AS customer,
    any_value(coalesce(${ORDER_TOTAL})) AS total
  FROM events WHERE event = 'Order Completed' GROUP BY 1),
customers AS (SELECT customer, count(*) AS n FROM orders GROUP BY customer)
SELECT (SELECT count(*) FROM orders) AS orders,
  (SELECT round(sum(total), 2) FROM orders) AS revenue,
  (SELECT round(avg(total), 2) FROM orders) AS aov,
  (SELECT count(*) FROM customers) AS customers,
  (SELECT round(100 * avg(CASE WHEN n >= 2 THEN 1 ELSE 0 END), 1) FROM customers) AS repeat_pct,
  (SELECT count(DISTINCT anonymousId) FROM events) AS visitors`;

/** Shoppers who watched a category's videos (past startup) against those who did not; "converted" means ordered from that category. */
const CONVERSION = `
WITH shoppers AS (SELECT DISTINCT anonymousId FROM events WHERE anonymousId IS NOT NULL),
watchers AS (
  SELECT category, anonymousId, avg(startup_time_ms) AS startup_ms,
    100 * sum(coalesce(rebuffer_duration_ms, 0)) / nullif(sum(watch_time_ms), 0) AS rebuffer_pct
  FROM video_views WHERE anonymousId IS NOT NULL AND NOT coalesce(exited_before_start, false) AND NOT coalesce(startup_failed, false)
  GROUP BY category, anonymousId),
buyers AS (
  SELECT DISTINCT anonymousId, unnest(json_extract_string(properties, '$.products[*].category')) AS category
  FROM events WHERE event = 'Order Completed' AND anonymousId IS NOT NULL),
per AS (
  SELECT w.category, w.anonymousId, w.startup_ms, w.rebuffer_pct, b.anonymousId IS NOT NULL AS converted
  FROM watchers w LEFT JOIN buyers b ON b.anonymousId = w.anonymousId AND b.category = w.category)
SELECT p.category,
  count(*) AS watchers,
  sum(CASE WHEN converted THEN 1 ELSE 0 END) AS watchers_converted,
  (SELECT count(*) FROM shoppers) - count(*) AS others,
  (SELECT count(*) FROM buyers b WHERE b.category = p.category
     AND b.anonymousId NOT IN (SELECT anonymousId FROM watchers w2 WHERE w2.category = p.category)) AS others_converted,
  ${r1('avg(CASE WHEN converted THEN startup_ms END)')} AS startup_ms_converted,
  ${r1('avg(CASE WHEN NOT converted THEN startup_ms END)')} AS startup_ms_not_converted,
  ${r1('avg(CASE WHEN converted THEN rebuffer_pct END)')} AS rebuffer_pct_converted,
  ${r1('avg(CASE WHEN NOT converted THEN rebuffer_pct END)')} AS rebuffer_pct_not_converted
FROM per p GROUP BY p.category ORDER BY watchers DESC, p.category`;

/** Conversion (any order) of watchers by their average startup time. */
const STARTUP_BUCKETS = `
WITH w AS (SELECT anonymousId, avg(startup_time_ms) AS s, 100 * sum(coalesce(rebuffer_duration_ms, 0)) / nullif(sum(watch_time_ms), 0) AS rb
           FROM video_views WHERE startup_time_ms IS NOT NULL AND anonymousId IS NOT NULL GROUP BY anonymousId),
b AS (SELECT DISTINCT anonymousId FROM events WHERE event = 'Order Completed')
SELECT bucket, min(ord) AS ord, count(*) AS watchers, ${r1('100 * avg(CASE WHEN b.anonymousId IS NOT NULL THEN 1 ELSE 0 END)')} AS conversion_pct
FROM (SELECT anonymousId,
        CASE WHEN s < 1000 THEN '< 1 s' WHEN s < 2000 THEN '1-2 s' WHEN s < 4000 THEN '2-4 s' ELSE '≥ 4 s' END AS bucket,
        CASE WHEN s < 1000 THEN 0 WHEN s < 2000 THEN 1 WHEN s < 4000 THEN 2 ELSE 3 END AS ord FROM w) x
LEFT JOIN b USING (anonymousId) GROUP BY bucket ORDER BY ord`;

const TOTALS = `
SELECT (SELECT count(*) FROM events) AS events, (SELECT count(*) FROM video_views) AS video_views,
  (SELECT count(DISTINCT anonymousId) FROM events) AS visitors, (SELECT max(received_at) FROM events) AS last_event_at,
  (SELECT count(*) FROM forward_queue) AS forward_queued, (SELECT count(*) FROM forward_dead) AS forward_dead`;

export interface Stats {
  generatedAt: string;
  totals: Record<string, unknown>;
  qoe: Array<Record<string, unknown>>;
  topVideos: Array<Record<string, unknown>>;
  vitals: Array<Record<string, unknown>>;
  segments: Array<Record<string, unknown>>;
  volume: Array<Record<string, unknown>>;
  commerce: Record<string, unknown>;
  conversion: Array<Record<string, unknown>>;
  startupBuckets: Array<Record<string, unknown>>;
}

/** Everything the dashboard shows. */
export async function computeStats(conn: DuckDBConnection): Promise<Stats> {
  const totals = await query(conn, TOTALS);
  const qoe = await query(conn, QOE);
  const topVideos = await query(conn, TOP_VIDEOS);
  const vitals = await query(conn, VITALS);
  const segments = await query(conn, SEGMENTS);
  const volume = await query(conn, VOLUME);
  const commerce = await query(conn, ORDERS);
  const conversion = await query(conn, CONVERSION);
  const startupBuckets = await query(conn, STARTUP_BUCKETS);
  return {
    generatedAt: new Date().toISOString(),
    totals: totals[0] ?? {},
    qoe,
    topVideos,
    vitals,
    segments,
    volume,
    commerce: commerce[0] ?? {},
    conversion,
    startupBuckets,
  };
}

/** Visitors whose latest event carries `segment`, as CSV (anonymousId,userId). */
export async function audienceCsv(conn: DuckDBConnection, segment: string): Promise<string> {
  const rows = await query(
    conn,
    `SELECT anonymousId, userId FROM (${LATEST_SEGMENTS}) WHERE list_contains(segments, ?) ORDER BY anonymousId`,
    [segment],
  );
  return ['anonymousId,userId', ...rows.map((r) => `${csvCell(r.anonymousId)},${csvCell(r.userId)}`)].join('\n') + '\n';
}

/** One CSV cell: quoted when needed, with spreadsheet formulas defused. */
export function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
