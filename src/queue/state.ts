import type { LocalState } from '../types';
import { openDb, plain, run, STATE } from './idb';

/** LocalState plus lifecycle. */
export interface ClosableLocalState extends LocalState {
  /** Deletes every stored value (memory and the `state` object store) and closes the connection. */
  destroy(): Promise<void>;
  /** Closes the connection, keeping the data. */
  close(): void;
}

/**
 * A consent-gated key-value store in the same database as the queue (`encore-<ns>`, object store
 * `state`), with a memory fallback when IndexedDB is missing or fails. While `canWrite()` is false
 * it touches no storage at all (reading device storage needs consent too, and opening would create
 * the database): writes resolve without effect and reads see only this page's memory.
 */
/* @__NO_SIDE_EFFECTS__ */
export function createLocalState(ns: string, canWrite: () => boolean, report?: (e: unknown, where?: string) => void): ClosableLocalState {
  const mem = new Map<string, unknown>();
  let dbp: Promise<IDBDatabase | void> | 0 = 0;
  /** The request's result, or `mem` when IndexedDB is unavailable (then memory answers). */
  const op = async (mode: IDBTransactionMode, body: (s: IDBObjectStore) => IDBRequest): Promise<unknown> => {
    try {
      const db = await (dbp ||= openDb(ns, () => (dbp = 0)).catch((e) => void report?.(plain(e), 'state')));
      if (db) return (await run(db, STATE, mode, (t) => body(t.objectStore(STATE)), 'relaxed')).result;
    } catch (e) {
      report?.(plain(e), 'state');
    }
    return mem;
  };
  const s: ClosableLocalState = {
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
      s.close();
    },
    close() {
      if (dbp) dbp.then((d) => d?.close());
      dbp = 0;
    },
  };
  return s;
}
