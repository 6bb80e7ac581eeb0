import type { LocalState } from '../types';
import { openDb, plain, run, STATE } from './idb';

/** LocalState plus its end: what the client calls when consent is withdrawn. */
export interface DestroyableLocalState extends LocalState {
  /** Deletes every stored value (memory and the `state` object store) and closes the connection. */
  destroy(): Promise<void>;
}

/**
 * A consent-gated key-value store in the same database as the queue (`encore-<ns>`, object store
 * `state`), with a memory fallback when IndexedDB is missing or fails. While `canWrite()` is false
 * it touches no storage at all (reading device storage needs consent too, and opening would create
 * the database): writes resolve without effect and reads see only this page's memory.
 */
/* @__NO_SIDE_EFFECTS__ */
export function createLocalState(ns: string, canWrite: () => boolean, report: (e: unknown, where?: string) => void): DestroyableLocalState {
  const mem = new Map<string, unknown>();
  let dbp: Promise<IDBDatabase | void> | 0 = 0;
  const fail = (e: unknown) => void report(plain(e), 'state');
  /** The request's result, or `mem` when IndexedDB is unavailable (then memory answers). */
  const op = (mode: IDBTransactionMode, body: (s: IDBObjectStore) => IDBRequest): Promise<unknown> =>
    (dbp ||= openDb(ns, () => (dbp = 0)).catch(fail))
      .then((db) => (db ? run(db, STATE, mode, (t) => body(t.objectStore(STATE)), 'relaxed').then((q) => q.result) : mem))
      .catch((e) => (fail(e), mem));
  return {
    async get<T>(key: string) {
      const v = canWrite() ? await op('readonly', (o) => o.get(key)) : mem;
      return (v === mem ? mem.get(key) : v) as T | undefined;
    },
    async set(key, value) {
      if (canWrite()) {
        mem.set(key, value);
        await op('readwrite', (o) => o.put(value, key));
      }
    },
    async delete(key) {
      mem.delete(key);
      if (canWrite()) await op('readwrite', (o) => o.delete(key));
    },
    async destroy() {
      mem.clear();
      if (dbp) await op('readwrite', (o) => o.clear());
      if (dbp) dbp.then((d) => d?.close());
      dbp = 0;
    },
  };
}
