/**
 * Seed lists ad platforms can match: customers chosen by value (top spenders, most engaged viewers
 * of a category, recent buyers of a category), exported with the hashed email and phone the
 * collector kept (contact-hashes.ts), in the column layouts of Google Customer Match and Meta
 * custom-audience uploads, or as JSON. Only customers whose latest event grants marketing consent,
 * and who have a hash, are listed. All selection runs in DuckDB SQL over the stored events.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { query } from './store';
import { csvCell } from './stats';
import { CUSTOMER_EVENTS, MARKETING_CONSENT, ORDER_TOTAL } from './customers';

/** A hash trait from identify `traits` or an event's `context.traits`. */
const hashTrait = (name: string) => `coalesce(json_extract_string(traits, '$.${name}'), json_extract_string(context, '$.traits.${name}'))`;
/** The latest value of a hash trait the customer has, null when they never had one. */
const latest = (name: string) => `arg_max(${hashTrait(name)}, timestamp) FILTER (WHERE ${hashTrait(name)} IS NOT NULL) AS ${name}`;

/** Per customer: the latest hashes seen. */
const CONTACTS = `
SELECT customer_id, ${latest('email_sha256')}, ${latest('phone_sha256')}, ${latest('phone_digits_sha256')}
FROM customer_events GROUP BY customer_id`;

const ORDERS = `
SELECT customer_id, timestamp, upper(coalesce(json_extract_string(properties, '$.currency'), '')) AS currency,
  coalesce(${ORDER_TOTAL}, 0) AS total,
  coalesce(json_extract_string(properties, '$.products[*].category'), []) AS categories
FROM customer_events WHERE event = 'Order Completed'`;

/** Each list: SQL giving (customer_id, score) best first, and the query parameters it reads. */
const LISTS = {
  /** Revenue per customer in one currency (the most common one unless `currency` is given): amounts in different currencies are never added. */
  'top-customers': {
    params: ['currency'],
    sql: `SELECT customer_id, sum(total) AS score FROM orders
      WHERE currency = coalesce(nullif(upper($currency), ''), (SELECT currency FROM orders GROUP BY currency ORDER BY count(*) DESC, currency LIMIT 1))
      GROUP BY customer_id`,
  },
  /** Watch time in a category's videos that got past startup. */
  'engaged-viewers': {
    params: ['category'],
    sql: `SELECT c.customer_id, sum(coalesce(v.watch_time_ms, 0)) AS score
      FROM video_views v JOIN (SELECT DISTINCT messageId, customer_id FROM customer_events WHERE event = 'Video View Summary') c USING (messageId)
      WHERE v.startup_time_ms IS NOT NULL AND ($category = '' OR v.category = $category) GROUP BY c.customer_id`,
  },
  /** Bought a product of the category within `days` (default 30), most recent first. */
  'recent-buyers': {
    params: ['category', 'days'],
    sql: `SELECT customer_id, epoch(max(timestamp)) AS score FROM orders
      WHERE timestamp >= now()::TIMESTAMP - to_days(coalesce(try_cast(nullif($days, '') AS INTEGER), 30))
        AND ($category = '' OR list_contains(categories, $category))
      GROUP BY customer_id`,
  },
} as const;

export type MatchableList = keyof typeof LISTS;
export const MATCHABLE_LISTS = Object.keys(LISTS) as MatchableList[];

export interface MatchableRow {
  customer_id: string;
  email_sha256: string | null;
  phone_sha256: string | null;
  phone_digits_sha256: string | null;
}

/** The list's consenting, hashed customers, best first, at most `limit`. */
export async function matchableRows(conn: DuckDBConnection, list: MatchableList, params: URLSearchParams, limit = 10_000): Promise<MatchableRow[]> {
  const spec = LISTS[list];
  const values: Record<string, string> = {};
  for (const p of spec.params) values[p] = (params.get(p) ?? '').slice(0, 200);
  const rows = await query(
    conn,
    `WITH customer_events AS (${CUSTOMER_EVENTS}), orders AS (${ORDERS}), contacts AS (${CONTACTS}), consent AS (${MARKETING_CONSENT}),
       ranked AS (${spec.sql})
     SELECT r.customer_id, c.email_sha256, c.phone_sha256, c.phone_digits_sha256
     FROM ranked r JOIN contacts c USING (customer_id) JOIN consent m USING (customer_id)
     WHERE m.marketing AND (c.email_sha256 IS NOT NULL OR c.phone_sha256 IS NOT NULL)
     ORDER BY r.score DESC, r.customer_id LIMIT ${Math.max(1, Math.min(100_000, Math.floor(limit)))}`,
    values,
  );
  return rows as unknown as MatchableRow[];
}

/**
 * The upload file: `google` is Customer Match's `Email,Phone` with hashes of the normalized email
 * and of the E.164 number; `meta` is the custom-audience `email,phone` layout, whose phone hash is
 * of the digits without `+`.
 */
export function matchableCsv(rows: MatchableRow[], layout: 'google' | 'meta'): string {
  const header = layout === 'google' ? 'Email,Phone' : 'email,phone';
  const lines = rows.map((r) => `${csvCell(r.email_sha256)},${csvCell(layout === 'google' ? r.phone_sha256 : r.phone_digits_sha256)}`);
  return [header, ...lines].join('\n') + '\n';
}
