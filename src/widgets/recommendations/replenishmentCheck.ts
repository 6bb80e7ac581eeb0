/**
 * `checkReplenishment()`: on a return visit, finds the refills that are due and tells automation
 * once per due cycle: a `Replenishment Due` event and the `replenishment-due` notification. The
 * "once" is kept in the consent-gated history, so without personalization consent nothing is due.
 */
import type { Encore, EncoreApi } from '../../types';
import type { PurchaseHistory } from './history';
import { dueCycleKey, dueReplenishments } from './replenish';
import type { Catalog, DueReplenishment } from './types';

export interface ReplenishmentCheckOptions {
  catalog: Catalog;
  history: PurchaseHistory;
  /** Where `Replenishment Due` is tracked; default the history plugin's instance. */
  encore?: Encore;
  /** Days ahead of the due date a reminder starts; default 14. */
  leadDays?: number;
  now?: number;
}

/** Tracks `Replenishment Due` for each due refill not yet announced; resolves with all that are due. */
export async function checkReplenishment(options: ReplenishmentCheckOptions): Promise<DueReplenishment[]> {
  const { history } = options;
  if (!history.personal()) return [];
  const due = dueReplenishments(options.catalog.products, await history.list(), options.now ?? Date.now(), options.leadDays);
  const api: EncoreApi | undefined = history.api?.();
  const encore = options.encore ?? api;
  for (const d of due) {
    if (!(await history.claimDue(dueCycleKey(d)))) continue;
    const payload = {
      product_id: d.product.id,
      sku: d.product.sku,
      last_purchased_at: new Date(d.lastPurchasedAt).toISOString(),
      due_at: new Date(d.dueAt).toISOString(),
    };
    encore?.track('Replenishment Due', { ...payload, reorder_product_id: d.reorder.id, reorder_sku: d.reorder.sku, interval_days: Math.round(d.intervalDays) });
    api?.emit('replenishment-due', payload);
  }
  return due;
}
