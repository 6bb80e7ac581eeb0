/**
 * anonymousId → userId from `identify` calls (the latest link wins), optionally only calls up to
 * `until` (an ISO timestamp the caller validated).
 */
export function identifyLinks(until?: string): string {
  return `SELECT anonymousId, arg_max(userId, timestamp) AS userId FROM events
  WHERE type = 'identify' AND userId IS NOT NULL AND anonymousId IS NOT NULL${until ? ` AND timestamp <= TIMESTAMP '${until}'` : ''}
  GROUP BY anonymousId`;
}

/** An order's amount from `Order Completed` properties: `total`, else `revenue`, else `subtotal`. */
export const ORDER_TOTAL = ['total', 'revenue', 'subtotal'].map((k) => `try_cast(json_extract_string(properties, '$.${k}') AS DOUBLE)`).join(', ');

/**
 * Who a customer is, in SQL shared by every customer-level query: the userId, else the
 * anonymousId; an `identify` that links an anonymousId to a userId merges that anonymousId's whole
 * history (before and after the identify) into the userId. Use as a CTE named `customer_events`.
 */
export const CUSTOMER_EVENTS = `
WITH links AS (${identifyLinks()})
SELECT e.*, coalesce(e.userId, l.userId, e.anonymousId) AS customer_id
FROM events e LEFT JOIN links l ON l.anonymousId = e.anonymousId`;

/** Per customer: whether their latest event grants marketing consent (no consent recorded: no). Needs `customer_events`. */
export const MARKETING_CONSENT = `
SELECT customer_id, arg_max(coalesce(try_cast(json_extract_string(context, '$.consent.marketing') AS BOOLEAN), false), timestamp) AS marketing
FROM customer_events GROUP BY customer_id`;
