/**
 * `cartPlugin()`: an Encore plugin that keeps the shopper's open cart locally from the events on
 * their way to the queue (`Product Added` / `Product Removed` add and take away, `Order Completed`
 * empties it), so the cart reminder can name what was left on the next visit. Like the purchase
 * history it is personal data: kept in Encore's consent-gated `api.store`, only with
 * personalization consent.
 */
import type { EncoreApi, EncoreEvent, EncorePlugin, Properties } from '../../types';

export interface CartItem {
  product_id: string;
  name?: string;
  price?: number;
  currency?: string;
  quantity: number;
}

export interface Cart {
  /** A new id for each cart: the reminder shows at most once per id. */
  id: string;
  items: CartItem[];
  /** Last cart activity, ms epoch. */
  updatedAt: number;
}

export type CartPlugin = EncorePlugin & {
  /** The open cart, or undefined (none, emptied, or no consent). */
  cart(): Promise<Cart | undefined>;
  /** Resolves true the first time for this cart id (and records it), false after. */
  claimReminder(cartId: string): Promise<boolean>;
  api(): EncoreApi | undefined;
};

const K_CART = 'recs.cart';
const K_REMINDED = 'recs.cart.reminded';
const MAX_ITEMS = 50;

const str = (v: unknown, max = 200) => (typeof v === 'string' || typeof v === 'number' ? String(v).slice(0, max) : undefined);
const quantityOf = (p: Properties) => (Number(p.quantity) > 0 ? Math.min(Math.floor(Number(p.quantity)), 999) : 1);

/** The cart after one event (pure: the clock is the event's time). */
export function nextCart(cart: Cart | undefined, event: EncoreEvent, newId: () => string): Cart | undefined | null {
  const p = event.properties ?? {};
  const at = Date.parse(event.timestamp) || Date.now();
  if (event.event === 'Order Completed') return null;
  const product_id = str(p.product_id) ?? str(p.sku);
  if (!product_id) return undefined;
  const items = (cart?.items ?? []).map((i) => ({ ...i }));
  const found = items.find((i) => i.product_id === product_id);
  if (event.event === 'Product Added') {
    if (found) found.quantity += quantityOf(p);
    else
      items.push({
        product_id,
        name: str(p.name),
        price: typeof p.price === 'number' && Number.isFinite(p.price) ? p.price : undefined,
        currency: str(p.currency, 3),
        quantity: quantityOf(p),
      });
  } else if (event.event === 'Product Removed') {
    if (!found) return undefined;
    found.quantity -= quantityOf(p);
  } else return undefined;
  const left = items.filter((i) => i.quantity > 0).slice(-MAX_ITEMS);
  if (!left.length) return null;
  return { id: cart?.id ?? newId(), items: left, updatedAt: at };
}

/** Creates the cart plugin. Use one per Encore instance (`encore.init({ plugins: [cartPlugin()] })`). */
/* @__NO_SIDE_EFFECTS__ */
export function cartPlugin(): CartPlugin {
  let api: EncoreApi | undefined;
  let chain: Promise<unknown> = Promise.resolve();
  const personal = () => !!api?.consentState().personalization;
  /** Serialized read-modify-write on the store (two quick adds must not overwrite each other). */
  const serial = <T>(fn: () => Promise<T>, fallback: T): Promise<T> => {
    const run = () => (api && personal() ? fn() : Promise.resolve(fallback));
    const p = chain.then(run, run).catch((e) => {
      api?.report(e, 'cart');
      return fallback;
    });
    chain = p;
    return p;
  };
  const read = async () => {
    const c = await api!.store.get<Cart>(K_CART);
    return c && typeof c.id === 'string' && Array.isArray(c.items) && c.items.length ? c : undefined;
  };
  return {
    name: 'encore-cart',
    type: 'enrichment',
    setup(a) {
      api = a;
    },
    beforeEnqueue(event) {
      if (event.type === 'track' && /^(Product Added|Product Removed|Order Completed)$/.test(event.event ?? '')) {
        void serial(async () => {
          const next = nextCart(await read(), event, () => crypto.randomUUID?.() ?? String(Math.random()).slice(2));
          if (next === null) await api!.store.delete(K_CART);
          else if (next) await api!.store.set(K_CART, next);
        }, undefined);
      }
      return event;
    },
    cart: () => serial(read, undefined),
    claimReminder: (cartId) =>
      serial(async () => {
        if ((await api!.store.get<string>(K_REMINDED)) === cartId) return false;
        await api!.store.set(K_REMINDED, cartId);
        return true;
      }, false),
    teardown() {
      api = undefined;
    },
    api: () => api,
  };
}
