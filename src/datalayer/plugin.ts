/**
 * `dataLayer()`: the plugin that turns a store's GA4 e-commerce pushes to `window.dataLayer` into
 * Encore's Segment e-commerce events. It reads what was pushed before Encore loaded and every push
 * after (GTM's replaced push included, see hook.ts), counts each `transaction_id` once (orders.ts),
 * and reports malformed pushes through `on('error')` without ever throwing into the page.
 */
import type { EncoreApi, EncorePlugin } from '../types';
import { namespace } from '../lib/namespace';
import { readEntry } from './commands';
import { mapEcommerce } from './ecommerce';
import { watchDataLayer, type DataLayerHook } from './hook';
import { seenOrders } from './orders';

export interface DataLayerOptions {
  /** The global array to read, as GTM's `dataLayerName` ['dataLayer']. */
  name?: string;
}

/**
 * Reads GA4 e-commerce events from the dataLayer.
 *
 * @example
 * import { dataLayer } from 'encore-sdk/datalayer';
 * encore.use(dataLayer());
 */
/* @__NO_SIDE_EFFECTS__ */
export function dataLayer(options: DataLayerOptions = {}): EncorePlugin {
  const name = options.name ?? 'dataLayer';
  let hook: DataLayerHook | undefined;
  let off: (() => void) | undefined;
  return {
    name: 'datalayer',
    type: 'feature',
    setup(api: EncoreApi) {
      const orders = seenOrders(namespace(api.config.endpoint, api.config.writeKey), () => api.consentState().analytics);
      const onConsent = (c: { analytics: boolean }) => orders.consentChanged(c.analytics);
      api.on('consent', onConsent);
      off = () => api.off('consent', onConsent);
      hook = watchDataLayer(name, (entry) => {
        const cmd = readEntry(entry);
        if (cmd.kind === 'malformed') return api.report(Error(cmd.reason), 'dataLayer');
        if (cmd.kind !== 'event') return;
        const mapped = mapEcommerce(cmd.name, cmd.params);
        if ('reason' in mapped) return api.report(Error(mapped.reason), 'dataLayer');
        for (const call of mapped.calls) {
          if (call.event === 'Order Completed' && !orders.add(call.properties.order_id as string)) {
            if (api.config.debug) console.debug('[encore] dataLayer: order already counted', call.properties.order_id);
            continue;
          }
          api.track(call.event, call.properties);
        }
      }, api.report);
    },
    teardown() {
      hook?.detach();
      off?.();
    },
  };
}
