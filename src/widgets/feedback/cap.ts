/**
 * Frequency capping: a survey shows at most once per period on this device. The last time it was
 * shown (and the orders already asked about) live in localStorage under `encore:survey:<surveyId>`,
 * through Encore's never-throwing storage helper. Written only with analytics consent (the survey
 * shows only then), and removed when that consent is withdrawn.
 */
import { readLocal, removeLocal, writeLocal } from '../../lib/storage';

export const DAY_MS = 86_400_000;
const MAX_ORDERS = 20;

/** What is kept per survey. */
export interface CapRecord {
  /** When the survey was last shown, epoch ms. */
  at: number;
  /** Order ids (or purchase times) a days-after-order survey already asked about. */
  orders?: string[];
}

export const capKey = (surveyId: string) => `encore:survey:${surveyId}`;

/** The stored record; anything malformed counts as never shown. */
export function readCap(surveyId: string): CapRecord | undefined {
  const r = readLocal<CapRecord>(capKey(surveyId));
  return r && typeof r == 'object' && typeof r.at == 'number' ? { at: r.at, orders: Array.isArray(r.orders) ? r.orders.filter((o) => typeof o == 'string') : [] } : undefined;
}

/** True while the period since the last showing has not passed (a clock set back counts as passed). */
export function isCapped(record: CapRecord | undefined, periodDays: number, now: number): boolean {
  return !!record && periodDays > 0 && now >= record.at && now - record.at < periodDays * DAY_MS;
}

/** Records a showing at `now` (and the order it asked about). */
export function recordShown(surveyId: string, now: number, order?: string): void {
  const orders = readCap(surveyId)?.orders ?? [];
  if (order && !orders.includes(order)) orders.push(order);
  writeLocal(capKey(surveyId), { at: now, orders: orders.slice(-MAX_ORDERS) });
}

export const forgetCap = (surveyId: string) => removeLocal(capKey(surveyId));

/** An order the days-after-order trigger may ask about. */
export interface DueOrder {
  key: string;
  orderId?: string;
  category?: string;
}

/**
 * The newest order at least `days` old that has not been asked about. Purchases of one order share
 * its `order_id`; purchases without one are told apart by their time.
 */
export function dueOrder(purchases: Array<{ at: number; order_id?: string; category?: string }>, days: number, now: number, asked: string[] = []): DueOrder | undefined {
  let best: { at: number; due: DueOrder } | undefined;
  for (const p of purchases) {
    if (!p || typeof p.at != 'number' || now - p.at < days * DAY_MS) continue;
    const orderId = typeof p.order_id == 'string' && p.order_id ? p.order_id : undefined;
    const key = orderId ?? `at:${p.at}`;
    if (asked.includes(key) || (best && best.at >= p.at)) continue;
    best = { at: p.at, due: { key, orderId, category: typeof p.category == 'string' ? p.category : undefined } };
  }
  return best?.due;
}
