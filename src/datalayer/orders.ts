/**
 * The transaction ids already sent as `Order Completed`, so a `purchase` pushed again (a reloaded
 * thank-you page, gtag and GTM both pushing it) counts once. Kept in this page's memory and, with
 * analytics consent, in one bounded localStorage entry per instance namespace (`encore:<ns>:orders`,
 * the newest `MAX_ORDERS` ids). Consent denied deletes the entry.
 */
import { readLocal, removeLocal, writeLocal } from '../lib/storage';

export const MAX_ORDERS = 50;

export interface SeenOrders {
  /** Records `id`; false when it was already seen (on this page or, with consent, an earlier one). */
  add(id: string): boolean;
  /** Writes what is in memory when storage is allowed, deletes the entry when it is not. */
  consentChanged(analytics: boolean): void;
}

export function seenOrders(ns: string, canStore: () => boolean): SeenOrders {
  const key = `encore:${ns}:orders`;
  const stored = () => {
    const v = canStore() ? readLocal<unknown>(key) : undefined;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  };
  let ids: string[] = stored();
  const save = () => canStore() && writeLocal(key, ids);
  return {
    add(id) {
      // Another tab may have completed it since this page loaded.
      for (const s of stored()) if (!ids.includes(s)) ids.push(s);
      if (ids.includes(id)) return false;
      ids.push(id);
      ids = ids.slice(-MAX_ORDERS);
      save();
      return true;
    },
    consentChanged(analytics) {
      if (analytics) {
        ids = [...new Set([...stored(), ...ids])].slice(-MAX_ORDERS);
        save();
      } else removeLocal(key);
    },
  };
}
