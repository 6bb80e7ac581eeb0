/**
 * Which customers a trigger fires for now, in DuckDB SQL over the stored events. Each rule returns
 * rows of (customer_id, period, products, videos): `period` names the episode the trigger is about
 * (the cart's last activity, the last order, the order the video follows), so one customer gets one
 * firing per trigger and episode. Only customers whose latest event grants marketing consent are
 * returned (the consent filter is applied once, in `dueFirings`).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { query } from '../store';
import { CUSTOMER_EVENTS, MARKETING_CONSENT } from '../customers';

export type TriggerName = 'checkout_abandoned' | 'dormant' | 'post_purchase_video' | 'replenishment_due';

export interface TriggerSettings {
  /** A cart with no order this long after its last activity is abandoned (default 60 minutes). */
  abandonMinutes: number;
  /** Carts older than this are history, not a reason to write to someone now (default 7 days). */
  abandonLookbackDays: number;
  /** No order for this long is dormant; null: twice the store's median time between orders. */
  dormantDays: number | null;
  /** The how-to video follows an order after this many days (default 3). */
  videoAfterDays: number;
  /** Per product: refill cycle and how-to videos (the same catalog shape as the recommendations widget). */
  catalog: CatalogEntry[];
}

export interface CatalogEntry {
  id: string;
  replenishDays?: number;
  replenishWith?: string;
  howTo?: Array<{ id: string; title?: string; url?: string }>;
}

export interface Firing {
  trigger: TriggerName;
  customer_id: string;
  user_id: string | null;
  anonymous_ids: string[];
  period: string;
  products: string[];
  videos: Array<{ id: string; title?: string; url?: string }>;
}

/** One row per order: who, when, which products. */
const ORDERS = `
SELECT customer_id, timestamp AS ordered_at, coalesce(json_extract_string(properties, '$.order_id'), messageId) AS order_id,
  coalesce(json_extract_string(properties, '$.products[*].product_id'), []) AS products
FROM customer_events WHERE event = 'Order Completed'`;

const CHECKOUT_ABANDONED = `
WITH last_order AS (SELECT customer_id, max(ordered_at) AS last_at FROM orders GROUP BY customer_id),
cart AS (
  SELECT e.customer_id, max(e.timestamp) AS last_activity,
    list_distinct(flatten(list(coalesce(json_extract_string(e.properties, '$.products[*].product_id'), [])
      || CASE WHEN json_extract_string(e.properties, '$.product_id') IS NULL THEN [] ELSE [json_extract_string(e.properties, '$.product_id')] END))) AS products
  FROM customer_events e LEFT JOIN last_order o USING (customer_id)
  WHERE e.event IN ('Product Added', 'Checkout Started') AND (o.last_at IS NULL OR e.timestamp > o.last_at)
  GROUP BY e.customer_id)
SELECT customer_id, strftime(last_activity, '%Y-%m-%dT%H:%M:%S.%g') AS period, list_sort(products) AS products
FROM cart
WHERE last_activity <= now()::TIMESTAMP - to_seconds(CAST($abandon_minutes * 60 AS BIGINT))
  AND last_activity >= now()::TIMESTAMP - to_seconds(CAST($lookback_days * 86400 AS BIGINT))`;

const DORMANT = `
WITH gaps AS (SELECT date_diff('second', lag(ordered_at) OVER (PARTITION BY customer_id ORDER BY ordered_at), ordered_at) / 86400.0 AS days FROM orders),
threshold AS (SELECT coalesce(try_cast($dormant_days AS DOUBLE), 2 * (SELECT median(days) FROM gaps WHERE days >= 1)) AS days),
last_order AS (SELECT customer_id, max(ordered_at) AS last_at FROM orders GROUP BY customer_id)
SELECT customer_id, strftime(last_at, '%Y-%m-%dT%H:%M:%S.%g') AS period, []::VARCHAR[] AS products
FROM last_order, threshold
WHERE threshold.days IS NOT NULL AND last_at <= now()::TIMESTAMP - to_seconds(CAST(threshold.days * 86400 AS BIGINT))`;

const POST_PURCHASE_VIDEO = `
SELECT o.customer_id, o.order_id AS period, list_sort(list_distinct(list(c.id))) AS products
FROM orders o, unnest(o.products) AS p(product_id) JOIN catalog c ON c.id = p.product_id
WHERE len(c.how_to) > 0 AND o.ordered_at <= now()::TIMESTAMP - to_seconds(CAST($video_days * 86400 AS BIGINT)) AND o.ordered_at >= now()::TIMESTAMP - to_seconds(CAST(($video_days + 7) * 86400 AS BIGINT))
GROUP BY o.customer_id, o.order_id`;

/**
 * The SDK's rule (src/widgets/recommendations/replenish.ts): the interval is the mean of the
 * customer's last three gaps of at least a day between buying the product or its refill, else the
 * product's usage period; due when the next date is within 14 days, and not overdue by more than
 * one interval. (Here a purchase under a day after the previous one is skipped; the SDK measures
 * from the last kept purchase. They differ only for chains of same-day reorders spanning days.)
 */
const REPLENISHMENT_DUE = `
WITH bought AS (
  SELECT o.customer_id, coalesce(nullif(c.replenish_with, ''), c.id) AS reorder, c.replenish_days, o.ordered_at
  FROM orders o, unnest(o.products) AS p(product_id)
  JOIN catalog c ON c.id = p.product_id OR (c.replenish_with = p.product_id)
  WHERE c.replenish_days > 0),
gaps AS (
  SELECT *, date_diff('second', lag(ordered_at) OVER (PARTITION BY customer_id, reorder, replenish_days ORDER BY ordered_at), ordered_at) / 86400.0 AS gap FROM bought),
cycles AS (
  SELECT customer_id, reorder, max(ordered_at) AS last_at,
    coalesce(avg(gap) FILTER (WHERE gap >= 1 AND rank_desc <= 3), any_value(replenish_days)) AS interval_days
  FROM (SELECT *, row_number() OVER (PARTITION BY customer_id, reorder, replenish_days, gap >= 1 ORDER BY ordered_at DESC) AS rank_desc FROM gaps)
  GROUP BY customer_id, reorder, replenish_days)
SELECT customer_id, reorder || '@' || strftime(arg_max(last_at, last_at), '%Y-%m-%dT%H:%M:%S.%g') AS period, [reorder] AS products
FROM cycles
WHERE last_at + to_seconds(CAST(interval_days * 86400 AS BIGINT)) <= now()::TIMESTAMP + INTERVAL 14 DAY
  AND last_at + to_seconds(CAST(2 * interval_days * 86400 AS BIGINT)) >= now()::TIMESTAMP
GROUP BY customer_id, reorder`;

const RULES: Record<TriggerName, string> = {
  checkout_abandoned: CHECKOUT_ABANDONED,
  dormant: DORMANT,
  post_purchase_video: POST_PURCHASE_VIDEO,
  replenishment_due: REPLENISHMENT_DUE,
};

/** Every trigger due now, for customers whose latest event grants marketing consent. */
export async function dueFirings(conn: DuckDBConnection, settings: TriggerSettings): Promise<Firing[]> {
  const catalog = settings.catalog.map((p) => ({ id: p.id, replenish_days: p.replenishDays ?? null, replenish_with: p.replenishWith ?? '', how_to: (p.howTo ?? []).map((v) => v.id) }));
  await conn.run(
    `CREATE OR REPLACE TEMP TABLE catalog AS
     SELECT unnest(from_json(?::JSON, '[{"id":"VARCHAR","replenish_days":"DOUBLE","replenish_with":"VARCHAR","how_to":["VARCHAR"]}]'), recursive := true)`,
    [JSON.stringify(catalog)],
  );
  const values = {
    abandon_minutes: settings.abandonMinutes,
    lookback_days: settings.abandonLookbackDays,
    dormant_days: settings.dormantDays === null ? '' : String(settings.dormantDays),
    video_days: settings.videoAfterDays,
  };
  const videosOf = new Map(settings.catalog.map((p) => [p.id, p.howTo ?? []]));
  const out: Firing[] = [];
  for (const [trigger, sql] of Object.entries(RULES) as Array<[TriggerName, string]>) {
    const used = Object.fromEntries(Object.entries(values).filter(([k]) => sql.includes(`$${k}`)));
    const rows = await query(
      conn,
      `WITH customer_events AS (${CUSTOMER_EVENTS}), orders AS (${ORDERS}),
        consent AS (${MARKETING_CONSENT}),
        ids AS (SELECT customer_id, any_value(userId) FILTER (WHERE userId IS NOT NULL) AS user_id,
                  list_sort(list(DISTINCT anonymousId) FILTER (WHERE anonymousId IS NOT NULL)) AS anonymous_ids
                FROM customer_events GROUP BY customer_id),
        due AS (${sql})
       SELECT due.*, ids.user_id, ids.anonymous_ids FROM due JOIN consent USING (customer_id) JOIN ids USING (customer_id)
       WHERE consent.marketing ORDER BY customer_id, period`,
      used,
    );
    for (const r of rows) {
      const products = (r.products as string[] | null) ?? [];
      const videos = trigger === 'post_purchase_video' ? products.flatMap((id) => videosOf.get(id) ?? []) : [];
      out.push({
        trigger,
        customer_id: String(r.customer_id),
        user_id: (r.user_id as string | null) ?? null,
        anonymous_ids: (r.anonymous_ids as string[] | null) ?? [],
        period: String(r.period),
        products,
        videos,
      });
    }
  }
  return out;
}
