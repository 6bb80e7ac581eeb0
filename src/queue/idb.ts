/** A tiny IndexedDB layer: Encore's own database `encore-<ns>` and transactions that resolve on commit. */

export const EVENTS = 'events';
export const STATE = 'state';
export const META = 'meta';

const name = (ns: string) => 'encore-' + ns;

/** A plain Error for reporting: a DOMException's message is read-only, and reporters prefix it. */
export const plain = (e: any): Error => Error(e?.message ?? e);

/**
 * Opens (creating on first use) the database. Rejects when IndexedDB is missing or throws, or the
 * open stays blocked for 4 s. Connections close on `versionchange` so another tab can delete the
 * database (consent denial); `onClose` lets the owner reopen later.
 */
export function openDb(ns: string, onClose: () => void): Promise<IDBDatabase> {
  return new Promise((ok, ko) => {
    const r = indexedDB.open(name(ns), 1);
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
 * Runs `body` in one transaction; resolves with what `body` returned (requests, whose `result` is
 * then final) once the transaction has committed, not merely when its requests succeeded.
 */
export function run<T>(
  db: IDBDatabase,
  stores: string | string[],
  mode: IDBTransactionMode,
  body: (t: IDBTransaction) => T,
  durability?: IDBTransactionDurability,
): Promise<T> {
  return new Promise((ok, ko) => {
    const t = db.transaction(stores, mode, { durability });
    const out = body(t);
    t.oncomplete = () => ok(out);
    t.onerror = t.onabort = () => ko(t.error);
  });
}

/** Deletes the database; resolves even when blocked for long (other tabs are asked to close). */
export const deleteDb = (ns: string): Promise<unknown> =>
  new Promise((ok) => {
    try {
      const r = indexedDB.deleteDatabase(name(ns));
      r.onsuccess = r.onerror = ok;
      setTimeout(ok, 3000);
    } catch {
      ok(0);
    }
  });
