/**
 * `attributionPlugin()`: carries the `rec_id` of a followed recommendation to the conversion
 * events, so a collector can attribute views, cart adds and orders to the recommendation that
 * led to them. The widget appends `?rec_id=…` to item links; this plugin reads it on landing,
 * keeps it for the tab session (sessionStorage, with analytics consent) and adds it to
 * `Product Viewed`, `Product Added` and `Order Completed`. After an order it is cleared: one
 * recommendation, one conversion.
 */
import type { EncoreApi, EncoreEvent, EncorePlugin } from '../../types';

export interface AttributionOptions {
  /** URL parameter; default `rec_id`. */
  param?: string;
  /** Events that get the `rec_id`; default Product Viewed, Product Added, Order Completed. */
  events?: string[];
}

const KEY = 'encore-rec-id';
const VALID = /^[\w.:-]{1,64}$/;

const session = (): Storage | undefined => {
  try {
    return sessionStorage;
  } catch {
    return undefined;
  }
};

/** Creates the attribution plugin. */
/* @__NO_SIDE_EFFECTS__ */
export function attributionPlugin(options: AttributionOptions = {}): EncorePlugin {
  const param = options.param ?? 'rec_id';
  const events = options.events ?? ['Product Viewed', 'Product Added', 'Order Completed'];
  let api: EncoreApi | undefined;
  let current: string | undefined;
  const allowed = () => !!api?.consentState().analytics;
  return {
    name: 'encore-attribution',
    type: 'enrichment',
    setup(a) {
      api = a;
      try {
        const fromUrl = new URL(location.href).searchParams.get(param);
        if (fromUrl && VALID.test(fromUrl)) {
          current = fromUrl;
          if (allowed()) session()?.setItem(KEY, fromUrl);
        } else {
          const stored = session()?.getItem(KEY);
          if (stored && VALID.test(stored)) current = stored;
        }
      } catch (e) {
        a.report(e, 'attribution');
      }
    },
    beforeEnqueue(event: EncoreEvent) {
      if (event.type !== 'track' || !current || !event.event || !events.includes(event.event)) return event;
      const props = event.properties ?? {};
      const out = props.rec_id ? event : { ...event, properties: { ...props, rec_id: current } };
      if (event.event === 'Order Completed') {
        current = undefined;
        session()?.removeItem(KEY);
      }
      return out;
    },
    teardown() {
      api = undefined;
    },
  };
}
