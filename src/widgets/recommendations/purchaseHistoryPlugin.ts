/**
 * `purchaseHistoryPlugin()`: an Encore plugin that sees every `Order Completed` on its way to the
 * queue and adds the products to the shopper's local purchase history (Encore's consent-gated
 * `api.store`), so recommendations and replenishment reminders on later visits know what was bought.
 */
import type { EncoreApi, EncoreEvent, EncorePlugin } from '../../types';
import { orderId, orderProducts, stateHistory, type PurchaseHistory } from './history';

/** The plugin, which is also the history the widget reads (`renderRecommendations(el, { history })`). */
export type PurchaseHistoryPlugin = EncorePlugin & PurchaseHistory;

/** Creates the purchase-history plugin. Use one per Encore instance. */
/* @__NO_SIDE_EFFECTS__ */
export function purchaseHistoryPlugin(): PurchaseHistoryPlugin {
  let api: EncoreApi | undefined;
  const history = stateHistory(
    () => api?.store,
    () => !!api?.consentState().personalization,
    (e) => api?.report(e, 'purchase history'),
  );
  return {
    ...history,
    name: 'encore-purchase-history',
    type: 'enrichment',
    setup(a) {
      api = a;
    },
    beforeEnqueue(event: EncoreEvent) {
      if (event.type === 'track' && event.event === 'Order Completed') {
        const at = Date.parse(event.timestamp);
        void history.record(orderProducts(event.properties), Number.isFinite(at) ? at : Date.now(), orderId(event.properties));
      }
      return event;
    },
    teardown() {
      api = undefined;
    },
    api: () => api,
  };
}
