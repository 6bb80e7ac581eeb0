/**
 * Replenishment due dates, pure (the clock is an argument). A product's usage period
 * (`replenishDays`) gives the first due date; once the shopper has bought it more than once, their
 * own rhythm (mean of their last intervals) replaces it, because people use things at their own pace.
 */
import type { CatalogProduct, DueReplenishment, Purchase } from './types';

export const DAY_MS = 86_400_000;

/** How many recent intervals the shopper's own rhythm averages. */
const RECENT_INTERVALS = 3;

/**
 * The interval in days: the mean of the shopper's last intervals between purchases when known
 * (purchases less than a day apart count as one), else the usage period.
 *
 * @param times - purchase times of the product (epoch ms), any order.
 * @param usageDays - the product's usage period.
 */
export function replenishInterval(times: number[], usageDays?: number): number | undefined {
  const sorted = [...times].sort((a, b) => a - b);
  const gaps: number[] = [];
  let prev = sorted[0];
  for (const at of sorted) {
    const gap = (at - prev!) / DAY_MS;
    // A second order within a day is the same need (a forgotten item), not a new cycle.
    if (gap >= 1) {
      gaps.push(gap);
      prev = at;
    }
  }
  const recent = gaps.slice(-RECENT_INTERVALS);
  if (recent.length) return recent.reduce((a, b) => a + b, 0) / recent.length;
  return usageDays;
}

/** Finds a product by id or sku. */
export function productIndex(products: CatalogProduct[]): Map<string, CatalogProduct> {
  const m = new Map<string, CatalogProduct>();
  for (const p of products) {
    if (p.sku && !m.has(p.sku)) m.set(p.sku, p);
  }
  for (const p of products) m.set(p.id, p);
  return m;
}

/**
 * Replenishments that are due within `leadDays` (or overdue by less than one interval: after that the
 * shopper has most likely moved on). One entry per product to reorder, the latest cycle wins.
 */
export function dueReplenishments(products: CatalogProduct[], purchases: Purchase[], now: number, leadDays = 14): DueReplenishment[] {
  const index = productIndex(products);
  const byReorder = new Map<string, DueReplenishment>();
  for (const product of products) {
    if (!product.replenishDays) continue;
    const reorder = (product.replenishWith && index.get(product.replenishWith)) || product;
    // Buying the refill restarts the cycle as much as buying the product itself does.
    const times = purchases
      .filter((p) => isSame(p, product) || (reorder !== product && isSame(p, reorder)))
      .map((p) => p.at);
    if (!times.length) continue;
    const interval = replenishInterval(times, product.replenishDays);
    if (!interval) continue;
    const last = Math.max(...times);
    const dueAt = last + interval * DAY_MS;
    if (dueAt - now > leadDays * DAY_MS || now - dueAt > interval * DAY_MS) continue;
    const prev = byReorder.get(reorder.id);
    if (!prev || prev.lastPurchasedAt < last) {
      byReorder.set(reorder.id, { product, reorder, lastPurchasedAt: last, dueAt, intervalDays: interval });
    }
  }
  return [...byReorder.values()].sort((a, b) => a.dueAt - b.dueAt);
}

/** The key of one due cycle: a new purchase starts a new cycle. */
export function dueCycleKey(d: DueReplenishment): string {
  return `${d.reorder.id}@${d.lastPurchasedAt}`;
}

export function isSame(p: { product_id?: string; sku?: string }, product: CatalogProduct): boolean {
  return p.product_id === product.id || (!!p.sku && p.sku === product.sku) || (!!product.sku && p.product_id === product.sku);
}
