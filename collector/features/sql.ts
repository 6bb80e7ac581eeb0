/**
 * The SQL behind the dashboard's "Feature results" (definitions in docs/collector.md, "Feature
 * results"). Two temp tables are built once per computation on the read connection: the events the
 * figures need, with the customer resolved and their JSON fields extracted in one pass
 * (`feat_events`), and one row per order (`feat_orders`). Every figure is then a GROUP BY over
 * those. Money is always grouped by currency: amounts in different currencies are never added.
 */
import { identifyLinks } from '../customers';

/** Days after a `Replenishment Due` reminder in which an order of the refill counts as its reorder. */
export const REORDER_WINDOW_DAYS = 14;
/** Days after a locked-teaser click in which a play of that item (unlock) or an order counts. */
export const GALLERY_WINDOW_DAYS = 30;
/** The `Video Milestone` percents the drop-off table shows. */
export const MILESTONES = [25, 50, 75, 100] as const;

/** Event names the figures read (and nothing else is scanned into the temp table). */
const EVENTS = [
  'Recommendation Viewed', 'Recommendation Clicked', 'Order Completed', 'Replenishment Due',
  'Gallery Item Locked Viewed', 'Video Content Started', 'Video Milestone', 'Video Playback Started',
  'Product Viewed', 'Product Added', 'Checkout Started',
];

/** The properties extracted, as column name → JSON path; one multi-path extraction parses each event once. */
const FIELDS: Record<string, string> = {
  rec_id: '$.rec_id',
  reason: '$.reason',
  order_id: '$.order_id',
  currency: '$.currency',
  total: '$.total',
  revenue: '$.revenue',
  subtotal: '$.subtotal',
  product_id: '$.product_id',
  reorder_product_id: '$.reorder_product_id',
  reorder_sku: '$.reorder_sku',
  due_at: '$.due_at',
  item_id: '$.item_id',
  interaction: '$.interaction',
  percent: '$.percent',
  view_id: '$.view_id',
  session_id: '$.session_id',
  content_asset_id: '$.content_asset_id',
  livestream: '$.livestream',
};
const NAMES = Object.keys(FIELDS);

export const EVENTS_TABLE = `
CREATE OR REPLACE TEMP TABLE feat_events AS
WITH links AS (${identifyLinks()}),
raw AS (
  SELECT e.messageId, e.event, e.timestamp AS ts, coalesce(e.userId, l.userId, e.anonymousId) AS customer_id,
    coalesce(e.category, 'uncategorized') AS category,
    json_extract_string(e.properties, [${NAMES.map((n) => `'${FIELDS[n]}'`).join(', ')}]) AS p,
    CASE WHEN e.event = 'Order Completed' THEN json_extract_string(e.properties, '$.products[*].product_id') END AS product_ids,
    CASE WHEN e.event = 'Order Completed' THEN json_extract_string(e.properties, '$.products[*].sku') END AS skus
  FROM events e LEFT JOIN links l ON l.anonymousId = e.anonymousId
  WHERE e.type = 'track' AND e.event IN (${EVENTS.map((n) => `'${n}'`).join(', ')}))
SELECT messageId, event, ts, customer_id, category, product_ids, skus,
  ${NAMES.map((n, i) => `p[${i + 1}] AS ${n}`).join(', ')}
FROM raw WHERE customer_id IS NOT NULL`;

/**
 * One row per order, deduplicated on `order_id` (the messageId when there is none). Amount:
 * `total`, else `revenue`, else `subtotal`; currency upper-cased, null when the event has none.
 */
export const ORDERS_TABLE = `
CREATE OR REPLACE TEMP TABLE feat_orders AS
SELECT coalesce(order_id, messageId) AS order_id, arg_min(customer_id, ts) AS customer_id, min(ts) AS ts,
  any_value(coalesce(try_cast(total AS DOUBLE), try_cast(revenue AS DOUBLE), try_cast(subtotal AS DOUBLE))) AS amount,
  any_value(nullif(upper(trim(currency)), '')) AS currency,
  any_value(rec_id) AS rec_id, any_value(product_ids) AS product_ids, any_value(skus) AS skus
FROM feat_events WHERE event = 'Order Completed' GROUP BY 1`;

/** Orders, revenue and average order value per currency (the Commerce totals). */
export const MONEY = `
SELECT currency, count(*)::INTEGER AS orders, round(sum(amount), 2) AS revenue, round(avg(amount), 2) AS aov
FROM feat_orders GROUP BY currency ORDER BY orders DESC, currency NULLS LAST`;

/**
 * Each recommendation (`rec_id`) once, with its reason type. Shown: a `Recommendation Viewed` or
 * `Recommendation Clicked` (a click proves it was on screen), so the click-through rate stays ≤ 100 %.
 */
const RECS = `
SELECT rec_id, arg_min(coalesce(reason, 'unknown'), ts) AS reason, bool_or(event = 'Recommendation Clicked') AS clicked
FROM feat_events WHERE event IN ('Recommendation Viewed', 'Recommendation Clicked') AND rec_id IS NOT NULL GROUP BY rec_id`;

/** Per reason type: recommendations shown and clicked, and orders carrying one of their `rec_id`s. */
export const RECOMMENDATIONS = `
WITH recs AS (${RECS}),
attributed AS (
  SELECT coalesce(r.reason, 'unknown') AS reason, count(*)::INTEGER AS orders
  FROM feat_orders o LEFT JOIN recs r USING (rec_id) WHERE o.rec_id IS NOT NULL GROUP BY 1),
shown AS (SELECT reason, count(*)::INTEGER AS shown, count(*) FILTER (WHERE clicked)::INTEGER AS clicked FROM recs GROUP BY reason)
SELECT reason, coalesce(s.shown, 0) AS shown, coalesce(s.clicked, 0) AS clicked,
  round(100 * s.clicked / nullif(s.shown, 0), 1) AS ctr_pct, coalesce(a.orders, 0) AS orders
FROM shown s FULL JOIN attributed a USING (reason) ORDER BY shown DESC, reason`;

/** Attributed revenue per reason type and currency. */
export const RECOMMENDATION_REVENUE = `
WITH recs AS (${RECS})
SELECT coalesce(r.reason, 'unknown') AS reason, o.currency, count(*)::INTEGER AS orders, round(sum(o.amount), 2) AS revenue
FROM feat_orders o LEFT JOIN recs r USING (rec_id) WHERE o.rec_id IS NOT NULL
GROUP BY 1, 2 ORDER BY 1, orders DESC, currency NULLS LAST`;

/**
 * `Replenishment Due` reminders (one per customer, refill and due date, even when two devices both
 * sent it) and whether the customer ordered the refill (`reorder_product_id` or `reorder_sku` in
 * the order's products) within the window after the reminder.
 */
export const REPLENISHMENT = `
WITH reminders AS (
  SELECT customer_id, coalesce(reorder_product_id, product_id) AS refill_id, reorder_sku AS refill_sku, due_at, min(ts) AS ts
  FROM feat_events WHERE event = 'Replenishment Due' GROUP BY ALL),
followed AS (
  SELECT r.*, EXISTS (
    SELECT 1 FROM feat_orders o WHERE o.customer_id = r.customer_id AND o.ts > r.ts AND o.ts <= r.ts + INTERVAL ${REORDER_WINDOW_DAYS} DAY
      AND (list_contains(o.product_ids, r.refill_id) OR list_contains(o.skus, r.refill_sku))) AS reordered
  FROM reminders r)
SELECT count(*)::INTEGER AS reminders, count(*) FILTER (WHERE reordered)::INTEGER AS reordered,
  round(100 * count(*) FILTER (WHERE reordered) / nullif(count(*), 0), 1) AS reorder_pct
FROM followed`;

/**
 * The locked-teaser funnel, per (customer, item): seen (a `Gallery Item Locked Viewed`, view or
 * click), clicked (`interaction: 'click'`), then within the window after the first click either
 * unlocked (a `Video Playback Started` of that item: only an unlocked item plays) or ordered.
 * By lock reason, and a total row with reason 'all'.
 */
export const GALLERY = `
WITH pairs AS (
  SELECT customer_id, item_id, any_value(coalesce(reason, 'unknown')) AS reason,
    min(ts) FILTER (WHERE interaction = 'click') AS clicked_at
  FROM feat_events WHERE event = 'Gallery Item Locked Viewed' AND item_id IS NOT NULL GROUP BY customer_id, item_id),
outcome AS (
  SELECT p.*,
    EXISTS (SELECT 1 FROM feat_events v WHERE v.event = 'Video Playback Started' AND v.customer_id = p.customer_id
      AND v.content_asset_id = p.item_id AND v.ts > p.clicked_at AND v.ts <= p.clicked_at + INTERVAL ${GALLERY_WINDOW_DAYS} DAY) AS unlocked,
    EXISTS (SELECT 1 FROM feat_orders o WHERE o.customer_id = p.customer_id
      AND o.ts > p.clicked_at AND o.ts <= p.clicked_at + INTERVAL ${GALLERY_WINDOW_DAYS} DAY) AS ordered
  FROM pairs p)
SELECT CASE WHEN grouping(reason) = 1 THEN 'all' ELSE reason END AS reason, count(*)::INTEGER AS teasers_seen, count(clicked_at)::INTEGER AS clicked,
  count(*) FILTER (WHERE unlocked)::INTEGER AS unlocked, count(*) FILTER (WHERE ordered)::INTEGER AS ordered,
  count(*) FILTER (WHERE unlocked OR ordered)::INTEGER AS converted,
  round(100 * count(clicked_at) / nullif(count(*), 0), 1) AS click_pct,
  round(100 * count(*) FILTER (WHERE unlocked OR ordered) / nullif(count(clicked_at), 0), 1) AS conversion_pct
FROM outcome GROUP BY GROUPING SETS ((), (reason)) ORDER BY grouping(reason) DESC, teasers_seen DESC, reason`;

/**
 * Per category: views that showed a first frame (`Video Content Started`, not live) or passed a
 * milestone, how many reached each milestone, and the average bitrate of the category's views
 * (`video_views.avg_bitrate_kbps`, weighted by each view's playing time).
 */
export const VIDEO = `
WITH started AS (
  SELECT category, session_id AS view_id FROM feat_events
  WHERE event = 'Video Content Started' AND session_id IS NOT NULL AND coalesce(livestream, 'false') <> 'true'
  UNION SELECT category, view_id FROM feat_events WHERE event = 'Video Milestone' AND view_id IS NOT NULL),
reached AS (
  SELECT DISTINCT view_id, try_cast(percent AS INTEGER) AS percent FROM feat_events WHERE event = 'Video Milestone'),
funnel AS (
  SELECT s.category, count(DISTINCT s.view_id)::INTEGER AS views,
    ${MILESTONES.map((m) => `count(DISTINCT s.view_id) FILTER (WHERE r.percent = ${m})::INTEGER AS reached_${m}`).join(',\n    ')}
  FROM started s LEFT JOIN reached r USING (view_id) GROUP BY s.category),
bitrate AS (
  SELECT category, count(avg_bitrate_kbps)::INTEGER AS bitrate_views,
    round(sum(avg_bitrate_kbps * playing_time_ms) / nullif(sum(playing_time_ms) FILTER (WHERE avg_bitrate_kbps IS NOT NULL), 0), 0) AS avg_bitrate_kbps
  FROM video_views GROUP BY category)
SELECT category, coalesce(f.views, 0) AS views,
  ${MILESTONES.map((m) => `coalesce(f.reached_${m}, 0) AS reached_${m}, round(100 * f.reached_${m} / nullif(f.views, 0), 1) AS reached_${m}_pct`).join(',\n  ')},
  coalesce(b.bitrate_views, 0) AS bitrate_views, b.avg_bitrate_kbps
FROM funnel f FULL JOIN bitrate b USING (category) ORDER BY views DESC, category`;

/**
 * The cart funnel per customer: each step counts those who did it and every step before it
 * (product viewed → added → checkout started → order completed). Split by whether they watched
 * video (a `Video Content Started`: a view showed its first frame), and a total row 'all'.
 */
export const CART_FUNNEL = `
WITH per AS (
  SELECT customer_id,
    bool_or(event = 'Product Viewed') AS viewed, bool_or(event = 'Product Added') AS added,
    bool_or(event = 'Checkout Started') AS checkout, bool_or(event = 'Order Completed') AS ordered,
    bool_or(event = 'Video Content Started') AS watched
  FROM feat_events GROUP BY customer_id),
steps AS (
  SELECT watched, viewed AS s1, viewed AND added AS s2, viewed AND added AND checkout AS s3,
    viewed AND added AND checkout AND ordered AS s4
  FROM per)
SELECT CASE WHEN grouping(watched) = 1 THEN 'all' WHEN watched THEN 'watched' ELSE 'not watched' END AS visitors,
  count(*) FILTER (WHERE s1)::INTEGER AS viewed, count(*) FILTER (WHERE s2)::INTEGER AS added,
  count(*) FILTER (WHERE s3)::INTEGER AS checkout_started, count(*) FILTER (WHERE s4)::INTEGER AS ordered,
  round(100 * (count(*) FILTER (WHERE s2) - count(*) FILTER (WHERE s4)) / nullif(count(*) FILTER (WHERE s2), 0), 1) AS cart_abandonment_pct,
  round(100 * (count(*) FILTER (WHERE s3) - count(*) FILTER (WHERE s4)) / nullif(count(*) FILTER (WHERE s3), 0), 1) AS checkout_abandonment_pct
FROM steps GROUP BY GROUPING SETS ((), (watched)) ORDER BY grouping(watched) DESC, watched DESC`;
