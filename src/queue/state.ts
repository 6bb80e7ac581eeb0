import type { LocalState } from '../types';
import { hasIndexedDB, openDb, STATE, transact } from './idb';

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
  let dbp: Promise<IDBDatabase | null> | null = null;
  let broken = !hasIndexedDB();
  const db = () =>
    broken
      ? Promise.resolve(null)
      : (dbp ??= openDb(ns, () => (dbp = null)).catch((e) => {
          broken = true;
          report?.(e, 'state: IndexedDB unavailable, using memory');
          return null;
        }));
  const run = async <T>(mode: IDBTransactionMode, body: (s: IDBObjectStore, set: (v: T) => void) => void): Promise<T | typeof mem> => {
    const d = await db();
    if (!d) return mem;
    try {
      return await transact<T>(d, STATE, mode, body, 'relaxed');
    } catch (e) {
      report?.(e, 'state');
      return mem;
    }
  };
  return {
    async get<T>(key: string) {
      if (!canWrite()) return mem.get(key) as T | undefined;
      const v = await run<T | undefined>('readonly', (s, set) => {
        const q = s.get(key);
        q.onsuccess = () => set(q.result as T | undefined);
      });
      return (v === mem ? mem.get(key) : v) as T | undefined;
    },
    async set(key, value) {
      if (!canWrite()) return;
      mem.set(key, value);
      await run('readwrite', (s) => void s.put(value, key));
    },
    async delete(key) {
      mem.delete(key);
      if (canWrite()) await run('readwrite', (s) => void s.delete(key));
    },
    async destroy() {
      mem.clear();
      if (dbp) await run('readwrite', (s) => void s.clear());
      this.close();
    },
    close() {
      const p = dbp;
      dbp = null;
      p?.then((d) => d?.close(), () => {});
    },
  };
}
