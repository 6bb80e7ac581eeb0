/**
 * Encore's IndexedDB database `encore-<ns>`, read and written through idb-keyval: each object store
 * is an idb-keyval custom store (`useStore`) over one connection opened here, and requests and
 * commits become promises with idb-keyval's `promisifyRequest`. The opening stays our own code,
 * because idb-keyval's `createStore` cannot do what the queue needs (docs/delivery.md, "Storage"):
 * it creates one object store per database (the queue needs three in one, so one transaction can
 * change events and their byte total), waits forever on a blocked open, keeps its connection open
 * when another tab asks to delete the database (consent denial), and has no durability hint.
 */
import { promisifyRequest, type UseStore } from 'idb-keyval';

export { promisifyRequest };

export const EVENTS = 'events';
export const STATE = 'state';
export const META = 'meta';

/** The name of the queue's database, and of its tabs' BroadcastChannel (tabs.ts): `encore-<ns>`. */
export const storageName = (ns: string) => 'encore-' + ns;

/**
 * Opens (creating on first use) the database. Rejects when IndexedDB is missing or throws, or the
 * open stays blocked for 4 s. Connections close on `versionchange` so another tab can delete the
 * database (consent denial); `onClose` lets the owner reopen later.
 */
export function openDb(ns: string, onClose: () => void): Promise<IDBDatabase> {
  return new Promise((ok, ko) => {
    const r = indexedDB.open(storageName(ns), 1);
    const t = setTimeout(() => {
      r.onsuccess = () => r.result.close(); // too late: nobody uses it
      ko(Error('IndexedDB blocked'));
    }, 4000);
    r.onupgradeneeded = () => {
      const db = r.result;
      // The key IS the event's per-device `context.session.seq`: autoIncrement never reuses a key.
      db.createObjectStore(EVENTS, { keyPath: 'k', autoIncrement: true });
      db.createObjectStore(STATE);
      db.createObjectStore(META);
    };
    r.onsuccess = () => {
      clearTimeout(t);
      const db = r.result;
      db.onversionchange = db.onclose = () => {
        db.close();
        onClose();
      };
      ok(db);
    };
    r.onerror = () => {
      clearTimeout(t);
      ko(r.error);
    };
  });
}

/**
 * An idb-keyval custom store: each call runs `callback` on object store `stores[0]` in a new
 * transaction over all of `stores`, on the connection `db()` gives (reach the others with
 * `store.transaction.objectStore(...)`). `'relaxed'` durability lets the browser report a commit
 * before the disk flush; `'strict'` waits for it.
 */
export const useStore =
  (db: () => Promise<IDBDatabase>, stores: string[], durability: IDBTransactionDurability): UseStore =>
  (mode, callback) =>
    db().then((d) => callback(d.transaction(stores, mode, { durability }).objectStore(stores[0]!)));

/** Resolves once the transaction that `store` belongs to has committed (rejects if it aborts). */
export const committed = (store: IDBObjectStore): Promise<unknown> => promisifyRequest(store.transaction);

/** Deletes the database; resolves even when blocked for long (other tabs are asked to close). */
export const deleteDb = (ns: string): Promise<unknown> =>
  new Promise((ok) => {
    try {
      const r = indexedDB.deleteDatabase(storageName(ns));
      r.onsuccess = r.onerror = ok;
      setTimeout(ok, 3000);
    } catch {
      ok(0);
    }
  });
