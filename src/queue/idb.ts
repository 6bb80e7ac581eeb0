/** A tiny IndexedDB wrapper: Encore's own database `encore-<ns>` with the stores the queue needs. */

export const EVENTS = 'events';
export const STATE = 'state';
export const META = 'meta';

export type Durability = 'strict' | 'relaxed' | 'default';

/** Database name for a namespace. */
export const dbName = (ns: string): string => 'encore-' + ns;

/**
 * Opens (creating on first use) the database. Rejects when IndexedDB is missing, throws, or the
 * open stays blocked past `timeoutMs`. Connections close themselves on `versionchange` so another
 * tab can delete the database (consent denial) without waiting for this one.
 */
export function openDb(ns: string, onClose?: () => void, timeoutMs = 4000): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(dbName(ns), 1);
    let late = false;
    const timer = setTimeout(() => {
      late = true;
      reject(new Error('IndexedDB blocked'));
    }, timeoutMs);
    req.onupgradeneeded = () => {
      const db = req.result;
      // The key IS the event's per-device `context.session.seq`: autoIncrement never reuses a key.
      db.createObjectStore(EVENTS, { keyPath: 'key', autoIncrement: true });
      db.createObjectStore(STATE);
      db.createObjectStore(META);
    };
    req.onsuccess = () => {
      clearTimeout(timer);
      const db = req.result;
      if (late) return db.close();
      db.onversionchange = () => {
        db.close();
        onClose?.();
      };
      db.onclose = () => onClose?.();
      resolve(db);
    };
    req.onerror = () => {
      clearTimeout(timer);
      reject(req.error ?? new Error('IndexedDB failed'));
    };
  });
}

/**
 * Runs `body` in one transaction on one object store; resolves with the value passed to `set`
 * once the transaction has committed (not merely when the requests succeeded).
 */
export function transact<T = void>(
  db: IDBDatabase,
  store: string,
  mode: IDBTransactionMode,
  body: (s: IDBObjectStore, set: (v: T) => void, meta: () => IDBObjectStore) => void,
  durability: Durability = 'default',
  withMeta = false,
): Promise<T> {
  return new Promise((resolve, reject) => {
    let out: T;
    const t = db.transaction(withMeta ? [store, META] : store, mode, { durability });
    t.oncomplete = () => resolve(out);
    t.onerror = t.onabort = () => reject(t.error ?? new Error('IndexedDB aborted'));
    body(t.objectStore(store), (v) => (out = v), () => t.objectStore(META));
  });
}

/** Deletes the database; resolves even when blocked for long (other tabs are asked to close). */
export function deleteDb(ns: string): Promise<void> {
  return new Promise((resolve) => {
    try {
      const req = indexedDB.deleteDatabase(dbName(ns));
      req.onsuccess = req.onerror = () => resolve();
      // Blocked: connections elsewhere get versionchange and close; success follows.
      setTimeout(resolve, 3000);
    } catch {
      resolve();
    }
  });
}

/** Whether `indexedDB` can be used at all (it may be missing or a throwing getter). */
export function hasIndexedDB(): boolean {
  try {
    return typeof indexedDB.open === 'function'; // throws where it is missing or a throwing getter
  } catch {
    return false;
  }
}
