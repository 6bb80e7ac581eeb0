/**
 * `dataLayer()`: the plugin that turns a store's GA4 e-commerce pushes to `window.dataLayer` into
 * Encore's Segment e-commerce events. It reads what was pushed before Encore loaded and every push
 * after (GTM's replaced push included, see hook.ts), counts each `transaction_id` once (orders.ts),
 * and reports malformed pushes through `on('error')` without ever throwing into the page.
 *
 * Reading what an entry means (translate.ts: the entry forms and the GA4 mapping, most of the
 * bridge's code) loads as a lazy chunk at setup; entries pushed until it has arrived wait, in order.
 */
import type { EncoreApi, EncoreEvent, EncorePlugin } from '../types';
import { namespace } from '../lib/namespace';
import { watchDataLayer, type DataLayerHook } from './hook';
import { seenOrders } from './orders';

type Reader = typeof import('./translate');

export interface DataLayerOptions {
  /** The global array to read, as GTM's `dataLayerName` ['dataLayer']. */
  name?: string;
  /**
   * Also push Encore's video events to the dataLayer as GA4's `video_start`, `video_progress` and
   * `video_complete` (with `item_category`), while analytics consent is granted [false].
   */
  pushVideoEvents?: boolean;
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
  /** Set at setup, for beforeEnqueue. */
  let client: EncoreApi | undefined;
  /** The lazy chunk (translate.ts), once loaded. */
  let reader: Reader | undefined;
  /** Video events seen before it loaded, to push once it has (pushVideoEvents). */
  const early: EncoreEvent[] = [];
  const pushVideo = (event: EncoreEvent) => {
    const entry = client!.consentState().analytics ? reader!.videoToGa4(event) : undefined;
    try {
      if (entry) ((globalThis as any)[name] as unknown[]).push(entry); // through GTM's push, when it has replaced it
    } catch (e) {
      client!.report(e, 'dataLayer');
    }
  };
  return {
    name: 'datalayer',
    type: 'feature',
    setup(api: EncoreApi) {
      client = api;
      const orders = seenOrders(namespace(api.config.endpoint, api.config.writeKey), () => api.consentState().analytics);
      const onConsent = (c: { analytics: boolean }) => orders.consentChanged(c.analytics);
      api.on('consent', onConsent);
      off = () => api.off('consent', onConsent);
      const waiting: unknown[] = [];
      const read = (entry: unknown) => {
        const mapped = reader!.translate(entry);
        if ('reason' in mapped) return api.report(Error(mapped.reason), 'dataLayer');
        for (const call of mapped.calls) {
          if (call.event === 'Order Completed' && !orders.add(call.properties.order_id as string)) {
            if (api.config.debug) console.debug('[encore] dataLayer: order already counted', call.properties.order_id);
            continue;
          }
          api.track(call.event, call.properties);
        }
      };
      // Watch at once (so nothing pushed from now on is missed); read once the chunk is here.
      hook = watchDataLayer(name, (entry) => (reader ? read(entry) : waiting.push(entry)), api.report);
      import('./translate').then(
        (m) => {
          if (!hook) return; // torn down meanwhile
          reader = m;
          for (const entry of waiting.splice(0)) read(entry);
          early.splice(0).forEach(pushVideo);
        },
        (e) => {
          // Nothing can be read without it: stop watching rather than keep every push waiting.
          api.report(e, 'dataLayer');
          hook?.detach();
          hook = undefined;
          waiting.length = 0;
          early.length = 0;
        },
      );
    },
    beforeEnqueue(event) {
      if (options.pushVideoEvents && hook && event.event?.startsWith('Video ')) reader ? pushVideo(event) : early.push(event);
      return event;
    },
    teardown() {
      hook?.detach();
      hook = undefined;
      off?.();
    },
  };
}
