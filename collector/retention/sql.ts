/**
 * The SQL behind the Retention section (definitions in docs/collector.md, "Retention"). The base
 * statements materialize small temp tables once per computation, on the read connection:
 * identity map -> orders -> customers (one row each) -> split memberships. Every metric is then a
 * GROUP BY over those small tables, so the 1M-row `events` table is scanned a few times only and
 * JSON is parsed once per order or survey event (multi-path extraction), never per metric.
 * `asOf` is a validated ISO timestamp literal: events after it are ignored, so answers are reproducible.
 */

import { identifyLinks } from '../customers';

const DAY_S = 86400;

/** anonymousId -> userId from `identify` calls (the latest one wins when an anonymousId was linked twice). */
export const ID_MAP = (asOf: string) => `CREATE OR REPLACE TEMP TABLE ret_idmap AS ${identifyLinks(asOf)}`;

/** The customer id of an event row aliased `e`: userId, else the userId its anonymousId was identified as, else anonymousId. */
const CUSTOMER = `coalesce(e.userId, m.userId, e.anonymousId)`;

/**
 * The order and survey events, in one scan of `events` with their JSON parsed once (one
 * multi-path extraction: paths 1-5 for orders, 6-10 for surveys).
 */
export const RAW = (asOf: string) => `
CREATE OR REPLACE TEMP TABLE ret_raw AS
SELECT anonymousId, userId, messageId, timestamp AS ts, event, category, segments,
  json_extract_string(properties, ['$.order_id', '$.total', '$.revenue', '$.subtotal', '$.products[0].category',
    '$.survey_id', '$.survey_type', '$.score', '$.comment', '$.video_id']) AS p
FROM events WHERE event IN ('Order Completed', 'Survey Responded') AND timestamp <= TIMESTAMP '${asOf}'`;

/**
 * One row per order (deduplicated on order_id; messageId when there is none). Total: `total`,
 * else `revenue`, else `subtotal`. Category: the event's `category`, else the first product's.
 */
export const ORDERS = (asOf: string) => `
CREATE OR REPLACE TEMP TABLE ret_orders AS
WITH raw AS (
  SELECT ${CUSTOMER} AS customer, e.messageId, e.ts, e.category, e.segments, e.p
  FROM ret_raw e LEFT JOIN ret_idmap m ON m.anonymousId = e.anonymousId
  WHERE e.event = 'Order Completed' AND coalesce(e.userId, e.anonymousId) IS NOT NULL)
SELECT *,
  -- Computed once here for the store median, each customer's usual gap and the CLV windows.
  (epoch(ts) - epoch(lag(ts) OVER (PARTITION BY customer ORDER BY ts))) / ${DAY_S} AS gap_days,
  min(ts) OVER (PARTITION BY customer) AS first_ts
FROM (
  SELECT coalesce(p[1], messageId) AS order_id, arg_min(customer, ts) AS customer, min(ts) AS ts,
    arg_min(coalesce(try_cast(p[2] AS DOUBLE), try_cast(p[3] AS DOUBLE), try_cast(p[4] AS DOUBLE), 0), ts) AS total,
    arg_min(coalesce(category, p[5], 'uncategorized'), ts) AS category,
    arg_min(list_filter(coalesce(segments, []), s -> starts_with(s, 'interest:')), ts) AS interests
  FROM raw GROUP BY 1)`;

/** Survey answers with the customer resolved (JSON paths 6-10 of ret_raw). */
export const SURVEYS = `
CREATE OR REPLACE TEMP TABLE ret_surveys AS
SELECT ${CUSTOMER} AS customer, e.ts, p[6] AS survey_id, p[7] AS survey_type, try_cast(p[8] AS DOUBLE) AS score,
  p[9] AS comment, p[10] AS video_id
FROM ret_raw e LEFT JOIN ret_idmap m ON m.anonymousId = e.anonymousId
WHERE e.event = 'Survey Responded' AND p[7] IN ('nps', 'csat') AND try_cast(p[8] AS DOUBLE) IS NOT NULL`;

/** Median days between consecutive orders of the same customer, over the whole store (null: no repeat orders). */
export const MEDIAN_GAP = `SELECT median(gap_days) AS median_gap_days, count(gap_days) AS gaps FROM ret_orders`;

/**
 * One row per customer (at least one order) with everything the metrics need. `watched`: a video
 * view past startup (startup_time_ms not null, not exited before start) at or after the first order.
 * Revenue windows include the first order; `clvN_eligible` when N days have fully elapsed by asOf.
 */
export const CUSTOMERS = (asOf: string) => `
CREATE OR REPLACE TEMP TABLE ret_customers AS
WITH per AS (
  SELECT customer, count(*) AS orders, sum(total) AS revenue, min(ts) AS first_at, max(ts) AS last_at,
    arg_min(category, ts) AS first_category, arg_min(interests, ts) AS interests,
    -- The second order is the earliest one that has a predecessor (no per-customer list sort).
    min(ts) FILTER (WHERE gap_days IS NOT NULL) AS second_at,
    count(*) FILTER (WHERE ts >= TIMESTAMP '${asOf}' - INTERVAL 365 DAY) AS orders_365,
    sum(total) FILTER (WHERE ts < first_ts + INTERVAL 30 DAY) AS rev30,
    sum(total) FILTER (WHERE ts < first_ts + INTERVAL 90 DAY) AS rev90,
    sum(total) FILTER (WHERE ts < first_ts + INTERVAL 365 DAY) AS rev365
  FROM ret_orders GROUP BY customer),
views AS (
  SELECT DISTINCT ${CUSTOMER} AS customer, e.timestamp AS ts FROM video_views e LEFT JOIN ret_idmap m ON m.anonymousId = e.anonymousId
  WHERE e.startup_time_ms IS NOT NULL AND NOT coalesce(e.exited_before_start, false) AND e.timestamp <= TIMESTAMP '${asOf}'),
watched AS (SELECT DISTINCT v.customer FROM views v JOIN per p ON p.customer = v.customer AND v.ts >= p.first_at)
SELECT p.customer, p.orders, p.revenue, p.first_at, p.last_at, p.first_category,
  CASE WHEN len(p.interests) > 0 THEN p.interests ELSE ['(none)'] END AS interests,
  p.second_at, p.orders_365,
  (epoch(TIMESTAMP '${asOf}') - epoch(p.last_at)) / ${DAY_S} AS days_since_last,
  p.rev30, p.rev90, p.rev365,
  p.first_at + INTERVAL 30 DAY <= TIMESTAMP '${asOf}' AS clv30_eligible,
  p.first_at + INTERVAL 90 DAY <= TIMESTAMP '${asOf}' AS clv90_eligible,
  p.first_at + INTERVAL 365 DAY <= TIMESTAMP '${asOf}' AS clv365_eligible,
  wa.customer IS NOT NULL AS watched
FROM per p LEFT JOIN watched wa USING (customer)`;

/** Split memberships: every customer is in `all`, one `watched` group, one `category`, and each first-order interest segment. */
export const SPLITS = `
CREATE OR REPLACE TEMP TABLE ret_splits AS
SELECT customer, 'all' AS split, 'all' AS grp FROM ret_customers
UNION ALL SELECT customer, 'watched', CASE WHEN watched THEN 'watched' ELSE 'not watched' END FROM ret_customers
UNION ALL SELECT customer, 'segment', unnest(interests) FROM ret_customers
UNION ALL SELECT customer, 'category', first_category FROM ret_customers`;

/**
 * The headline metrics per split group. Counts are numerators, `*_n` their denominators; the
 * n<20 rule is applied in compute.ts. `$dormant` and `$atrisk` are day thresholds.
 */
export const SUMMARY = (dormantDays: number, atRiskDays: number) => `
WITH nps AS (SELECT customer, arg_max(score, ts) AS score FROM ret_surveys WHERE survey_type = 'nps' GROUP BY customer),
csat AS (SELECT customer, sum(score) AS total, count(*) AS n FROM ret_surveys WHERE survey_type = 'csat' GROUP BY customer)
SELECT s.split, s.grp, count(*) AS customers, sum(c.orders) AS orders, sum(c.revenue) AS revenue,
  count(*) FILTER (WHERE c.orders >= 2) AS repeaters,
  median((epoch(c.second_at) - epoch(c.first_at)) / ${DAY_S}) AS median_days_to_second,
  count(*) FILTER (WHERE c.clv30_eligible) AS clv30_n, sum(c.rev30) FILTER (WHERE c.clv30_eligible) AS clv30_revenue,
  count(*) FILTER (WHERE c.clv90_eligible) AS clv90_n, sum(c.rev90) FILTER (WHERE c.clv90_eligible) AS clv90_revenue,
  count(*) FILTER (WHERE c.clv365_eligible) AS clv365_n, sum(c.rev365) FILTER (WHERE c.clv365_eligible) AS clv365_revenue,
  count(*) FILTER (WHERE c.days_since_last > ${dormantDays}) AS dormant,
  count(*) FILTER (WHERE c.days_since_last > ${atRiskDays} AND c.days_since_last <= ${dormantDays}) AS at_risk,
  count(n.score) AS nps_n, count(*) FILTER (WHERE n.score >= 9) AS promoters, count(*) FILTER (WHERE n.score <= 6) AS detractors,
  coalesce(sum(cs.n), 0) AS csat_n, sum(cs.total) AS csat_total
FROM ret_splits s JOIN ret_customers c USING (customer) LEFT JOIN nps n USING (customer) LEFT JOIN csat cs USING (customer)
GROUP BY s.split, s.grp ORDER BY s.split, customers DESC, s.grp`;

/** Cohort x period: customers of each first-order period who ordered again in the k-th later period. */
export const COHORTS = (unit: 'week' | 'month', asOf: string) => `
WITH c AS (SELECT customer, date_trunc('${unit}', first_at) AS cohort FROM ret_customers),
active AS (
  SELECT DISTINCT o.customer, datediff('${unit}', c.cohort, date_trunc('${unit}', o.ts)) AS k
  FROM ret_orders o JOIN c USING (customer)),
sizes AS (SELECT s.split, s.grp, c.cohort, count(*) AS size FROM ret_splits s JOIN c USING (customer) GROUP BY ALL),
ks AS (SELECT sz.*, unnest(range(1, datediff('${unit}', sz.cohort, date_trunc('${unit}', TIMESTAMP '${asOf}')) + 1)) AS k FROM sizes sz),
hits AS (SELECT s.split, s.grp, c.cohort, a.k, count(*) AS active FROM ret_splits s JOIN c USING (customer) JOIN active a USING (customer)
         WHERE a.k >= 1 GROUP BY ALL)
SELECT ks.split, ks.grp, strftime(ks.cohort, '%Y-%m-%d') AS cohort, ks.size, ks.k, coalesce(h.active, 0) AS active
FROM ks LEFT JOIN hits h USING (split, grp, cohort, k) ORDER BY ks.split, ks.grp, ks.cohort, ks.k`;

/** Retention curve: for each k, customers whose k-th period has begun (n), and those of them who ordered in it. */
export const CURVES = (unit: 'week' | 'month', asOf: string) => `
WITH c AS (SELECT customer, date_trunc('${unit}', first_at) AS cohort,
             datediff('${unit}', date_trunc('${unit}', first_at), date_trunc('${unit}', TIMESTAMP '${asOf}')) AS reach FROM ret_customers),
active AS (SELECT DISTINCT o.customer, datediff('${unit}', c.cohort, date_trunc('${unit}', o.ts)) AS k FROM ret_orders o JOIN c USING (customer)),
-- n(k) from a histogram of how far each customer reaches, not one row per customer and period.
reach AS (SELECT s.split, s.grp, c.reach, count(*) AS n FROM c JOIN ret_splits s USING (customer) GROUP BY ALL),
ks AS (SELECT split, grp, unnest(range(1, max(reach) + 1)) AS k FROM reach GROUP BY ALL),
eligible AS (SELECT ks.split, ks.grp, ks.k, sum(r.n) AS n FROM ks JOIN reach r ON r.split = ks.split AND r.grp = ks.grp AND r.reach >= ks.k GROUP BY ALL),
hits AS (SELECT s.split, s.grp, a.k, count(*) AS active FROM active a JOIN ret_splits s USING (customer) WHERE a.k >= 1 GROUP BY ALL)
SELECT e.split, e.grp, e.k, e.n, coalesce(h.active, 0) AS active
FROM eligible e LEFT JOIN hits h USING (split, grp, k) ORDER BY e.split, e.grp, e.k`;

/** NPS per period of the answer: each respondent's latest NPS answer in that period. */
export const NPS_OVER_TIME = (unit: 'week' | 'month') => `
WITH latest AS (SELECT customer, date_trunc('${unit}', ts) AS period, arg_max(score, ts) AS score
                FROM ret_surveys WHERE survey_type = 'nps' GROUP BY ALL)
SELECT s.split, s.grp, strftime(l.period, '%Y-%m-%d') AS period, count(*) AS n,
  count(*) FILTER (WHERE score >= 9) AS promoters, count(*) FILTER (WHERE score <= 6) AS detractors
FROM latest l JOIN ret_splits s USING (customer) GROUP BY ALL ORDER BY s.split, s.grp, period`;

/** Survey answers from people who never ordered (they are outside every split, reported so nothing hides). */
export const RESPONDENTS_WITHOUT_ORDER = `
SELECT count(DISTINCT customer) AS n FROM ret_surveys WHERE customer NOT IN (SELECT customer FROM ret_customers)`;

/** The latest comments (text only, shown with textContent). */
export const COMMENTS = `
SELECT strftime(ts, '%Y-%m-%dT%H:%M:%SZ') AS ts, survey_type, score, comment, video_id
FROM ret_surveys WHERE comment IS NOT NULL AND trim(comment) <> '' ORDER BY ts DESC LIMIT 20`;

/**
 * The SDK's lifecycle stage per visitor, mirroring `lifecycle()` in src/segments/scoring.ts (first
 * rule wins): dormant (has ordered, and either returned after a gap of 90+ days and not ordered
 * since that session began, or no activity for 90 days), loyal (4+ orders, or 3+ in the last 365
 * days), repeat (2+), first-purchase (1), engaged (3+ sessions, or 5+ min of video counting at
 * most 30 min a view, or 5+ product views), new. Activity: every event but the SDK's own
 * Segment Entered/Exited. Sessions: distinct context.session.id.
 */
export const STAGES = (asOf: string) => `
CREATE OR REPLACE TEMP TABLE ret_stages AS
WITH raw AS (
  -- Grouped before the identity map is joined: the join then sees sessions, not a million events.
  SELECT anonymousId, userId, session_id, min(timestamp) AS s, max(timestamp) AS t, count(*) FILTER (WHERE event = 'Product Viewed') AS pv
  FROM events
  WHERE timestamp <= TIMESTAMP '${asOf}' AND coalesce(event, '') NOT IN ('Segment Entered', 'Segment Exited')
    AND coalesce(userId, anonymousId) IS NOT NULL
  GROUP BY ALL),
act AS (
  SELECT ${CUSTOMER} AS customer, e.session_id, min(e.s) AS s, max(e.t) AS t, sum(e.pv) AS pv
  FROM raw e LEFT JOIN ret_idmap m ON m.anonymousId = e.anonymousId GROUP BY ALL),
per AS (SELECT customer, count(session_id) AS sessions, max(t) AS p, sum(pv) AS pv, max(s) FILTER (WHERE session_id IS NOT NULL) AS ss
        FROM act GROUP BY customer),
prev AS (SELECT a.customer, max(a.t) AS before FROM act a JOIN per USING (customer) WHERE a.t < per.ss GROUP BY a.customer),
video AS (SELECT ${CUSTOMER} AS customer, sum(least(e.watch_time_ms, 1800000)) AS w
          FROM video_views e LEFT JOIN ret_idmap m ON m.anonymousId = e.anonymousId
          WHERE e.watch_time_ms > 0 AND e.timestamp <= TIMESTAMP '${asOf}' GROUP BY ALL)
SELECT per.customer,
  CASE
    WHEN c.orders > 0 AND ((epoch(per.ss) - epoch(prev.before) >= 90 * ${DAY_S} AND c.last_at < per.ss)
      OR epoch(TIMESTAMP '${asOf}') - epoch(per.p) >= 90 * ${DAY_S}) THEN 'dormant'
    WHEN c.orders > 3 OR c.orders_365 > 2 THEN 'loyal'
    WHEN c.orders > 1 THEN 'repeat'
    WHEN c.orders = 1 THEN 'first-purchase'
    WHEN per.sessions > 2 OR coalesce(video.w, 0) >= 300000 OR per.pv > 4 THEN 'engaged'
    ELSE 'new' END AS stage
FROM per LEFT JOIN prev USING (customer) LEFT JOIN ret_customers c USING (customer) LEFT JOIN video USING (customer)`;

/** Stage counts: `all` over every visitor; the other splits over customers (only they have a first order). */
export const STAGE_COUNTS = `
SELECT 'all' AS split, 'all' AS grp, stage, count(*) AS n FROM ret_stages GROUP BY stage
UNION ALL
SELECT s.split, s.grp, t.stage, count(*) FROM ret_stages t JOIN ret_splits s USING (customer) WHERE s.split <> 'all' GROUP BY ALL`;

/** Audiences (ids only). `$dormant` is the day threshold. */
export const AUDIENCES = (dormantDays: number) => ({
  'dormant-repeat-buyers': `SELECT customer FROM ret_customers WHERE orders >= 2 AND days_since_last > ${dormantDays}`,
  // Each customer's usual gap is computed only here: a median per customer is the costliest part of ret_customers.
  'past-reorder-time': `SELECT customer FROM ret_customers JOIN (SELECT customer, median(gap_days) AS own_gap_days FROM ret_orders GROUP BY customer) USING (customer)
    WHERE orders >= 2 AND days_since_last > own_gap_days`,
  promoters: `SELECT customer FROM ret_customers JOIN (SELECT customer, arg_max(score, ts) AS score FROM ret_surveys WHERE survey_type = 'nps' GROUP BY customer) USING (customer) WHERE score >= 9`,
  detractors: `SELECT customer FROM ret_customers JOIN (SELECT customer, arg_max(score, ts) AS score FROM ret_surveys WHERE survey_type = 'nps' GROUP BY customer) USING (customer) WHERE score <= 6`,
  'watchers-not-reordered': `SELECT customer FROM ret_customers WHERE watched AND orders = 1`,
});

/** Ids of an audience: the customer id, its userId if it has one, and its anonymousIds (latest first). */
export const AUDIENCE_IDS = (members: string) => `
WITH a AS (${members}),
ids AS (
  SELECT ${CUSTOMER} AS customer, any_value(e.userId) FILTER (WHERE e.userId IS NOT NULL) AS user_id,
    list(DISTINCT e.anonymousId) FILTER (WHERE e.anonymousId IS NOT NULL) AS anons, max(e.timestamp) AS t,
    arg_max(e.anonymousId, e.timestamp) FILTER (WHERE e.anonymousId IS NOT NULL) AS latest_anon
  FROM events e LEFT JOIN ret_idmap m ON m.anonymousId = e.anonymousId
  WHERE ${CUSTOMER} IN (SELECT customer FROM a) GROUP BY ALL)
SELECT customer, coalesce(user_id, (SELECT userId FROM ret_idmap WHERE anonymousId = latest_anon)) AS user_id, latest_anon AS anonymous_id,
  coalesce(anons, []) AS anonymous_ids
FROM ids ORDER BY customer`;
