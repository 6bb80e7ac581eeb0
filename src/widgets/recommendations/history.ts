/**
 * The shopper's local purchase history. It is personal data: it is read and written only with
 * personalization consent, and deleted when that consent is withdrawn. Two backings share one
 * shape: Encore's consent-gated `api.store` (through {@link purchaseHistoryPlugin}) and
 * `localStorage` (`encore-purchases`, through {@link localPurchaseHistory}) for pages without the plugin.
 */
import type { EncoreApi, LocalState, Properties } from '../../types';
import type { Purchase, PurchasedProduct } from './types';

/** What the widget needs from a purchase history. */
export interface PurchaseHistory {
  /** True when personalization consent allows using the history. */
  personal(): boolean;
  /** Stored purchases, oldest first; `[]` without consent. */
  list(): Promise<Purchase[]>;
  /** Adds purchased products (no-op without consent, or when `orderId` was recorded before). `at` defaults to now. */
  record(products: PurchasedProduct[], at?: number, orderId?: string): Promise<void>;
  /** Products of the order completed on this page, kept in memory only. */
  lastOrder(): PurchasedProduct[] | undefined;
  /** Claims a due cycle: resolves true the first time for `key`, false after (and without consent). */
  claimDue(key: string): Promise<boolean>;
  /** The Encore instance (plugin API) the history belongs to, when it is a plugin. */
  api?(): EncoreApi | undefined;
}

const MAX_PURCHASES = 200;
const MAX_DUE_KEYS = 50;
const K_PURCHASES = 'recs.purchases';
const K_DUE = 'recs.due';

/** The `order_id` of `Order Completed` properties, when there is one. */
export function orderId(order: unknown): string | undefined {
  const id = (order as Properties | null)?.order_id;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}

/** Products from `Order Completed` properties (`{ products: [...] }`) or a product list. */
export function orderProducts(order: unknown): PurchasedProduct[] {
  const list = Array.isArray(order) ? order : Array.isArray((order as Properties | null)?.products) ? ((order as Properties).products as unknown[]) : [];
  const out: PurchasedProduct[] = [];
  for (const p of list) {
    if (!p || typeof p !== 'object') continue;
    const o = p as Properties;
    const id = o.product_id ?? o.id;
    const product_id = typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
    const sku = typeof o.sku === 'string' ? o.sku : undefined;
    if (!product_id && !sku) continue;
    out.push({
      product_id,
      sku,
      category: typeof o.category === 'string' ? o.category : undefined,
      name: typeof o.name === 'string' ? o.name : undefined,
    });
  }
  return out;
}

/**
 * A history over any async key-value state. `state()` may be undefined (not set up yet) and
 * `personal()` is asked on every call, so consent changes take effect at once.
 */
export function stateHistory(state: () => LocalState | undefined, personal: () => boolean, onError?: (e: unknown) => void): PurchaseHistory {
  let last: PurchasedProduct[] | undefined;
  // Writes are chained so two quick orders do not overwrite each other's read-modify-write.
  let chain: Promise<unknown> = Promise.resolve();
  const safely = async <T>(fn: (s: LocalState) => Promise<T>, fallback: T): Promise<T> => {
    const s = state();
    if (!s || !personal()) return fallback;
    try {
      return await fn(s);
    } catch (e) {
      onError?.(e);
      return fallback;
    }
  };
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const p = chain.then(fn, fn);
    chain = p.catch(() => undefined);
    return p;
  };
  const read = (s: LocalState) => s.get<Purchase[]>(K_PURCHASES).then((v) => (Array.isArray(v) ? v.filter(validPurchase) : []));
  return {
    personal,
    list: () => safely(read, [] as Purchase[]),
    record(products, at = Date.now(), orderId) {
      last = products;
      return serial(() =>
        safely(async (s) => {
          const list = await read(s);
          // Reloaded confirmation pages and at-least-once replays must not look like repeat purchases.
          if (orderId && list.some((p) => p.order_id === orderId)) return;
          for (const p of products) {
            const product_id = p.product_id ?? p.sku;
            if (product_id) list.push({ product_id, sku: p.sku, category: p.category, at, order_id: orderId });
          }
          await s.set(K_PURCHASES, list.slice(-MAX_PURCHASES));
        }, undefined),
      );
    },
    lastOrder: () => last,
    claimDue(key) {
      return serial(() =>
        safely(async (s) => {
          const keys = ((await s.get<string[]>(K_DUE)) ?? []).filter((k) => typeof k === 'string');
          if (keys.includes(key)) return false;
          keys.push(key);
          await s.set(K_DUE, keys.slice(-MAX_DUE_KEYS));
          return true;
        }, false),
      );
    },
  };
}

function validPurchase(p: unknown): p is Purchase {
  return !!p && typeof (p as Purchase).product_id === 'string' && typeof (p as Purchase).at === 'number';
}

/** Options of {@link localPurchaseHistory}. */
export interface LocalHistoryOptions {
  /** Personalization consent (a value or a function asked on every call). Without it nothing is stored. */
  personalization: boolean | (() => boolean);
  /** localStorage key; default `encore-purchases`. */
  key?: string;
}

/**
 * A purchase history in `localStorage` for pages that do not use {@link purchaseHistoryPlugin}.
 * Withdrawn consent deletes what was stored.
 */
export function localPurchaseHistory(options: LocalHistoryOptions): PurchaseHistory {
  const key = options.key ?? 'encore-purchases';
  const consent = () => (typeof options.personalization === 'function' ? options.personalization() : options.personalization);
  const ls = (): Storage | undefined => {
    try {
      return localStorage;
    } catch {
      return undefined;
    }
  };
  const personal = () => {
    const ok = !!consent();
    if (!ok) ls()?.removeItem(key);
    return ok;
  };
  const load = (s: Storage): Properties => {
    try {
      const v = JSON.parse(s.getItem(key) ?? '{}');
      return v && typeof v === 'object' ? v : {};
    } catch {
      return {};
    }
  };
  const state: LocalState = {
    get: async <T>(k: string) => {
      const s = ls();
      return (s ? load(s)[k] : undefined) as T | undefined;
    },
    set: async (k, v) => {
      const s = ls();
      if (s) s.setItem(key, JSON.stringify({ ...load(s), [k]: v }));
    },
    // Never called by the history; withdrawn consent removes the whole record instead.
    delete: async () => undefined,
  };
  return stateHistory(() => state, personal);
}
