/**
 * `recordPurchase()`: adds an order to a purchase history without the plugin (e.g. when the order
 * is known from server data rather than tracked on the page).
 */
import { warn } from './warn';
import { localPurchaseHistory, orderId, orderProducts, type PurchaseHistory } from './history';

export interface RecordPurchaseOptions {
  /** Where to record; default a `localStorage` history gated by `personalization`. */
  history?: PurchaseHistory;
  /** Personalization consent for the default history. Without it nothing is stored. */
  personalization?: boolean;
  /** Purchase time (epoch ms or ISO); default now. */
  at?: number | string;
}

/**
 * Records an order: `Order Completed` properties (`{ products: [...] }`) or a product list
 * (`{ product_id, sku, category }`). Never throws; resolves when written (or skipped without consent).
 */
export async function recordPurchase(order: unknown, options: RecordPurchaseOptions = {}): Promise<void> {
  try {
    const history = options.history ?? localPurchaseHistory({ personalization: !!options.personalization });
    const at = typeof options.at === 'string' ? Date.parse(options.at) : options.at;
    await history.record(orderProducts(order), at != null && Number.isFinite(at) ? at : Date.now(), orderId(order));
  } catch (e) {
    warn(e);
  }
}
