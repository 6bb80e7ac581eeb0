import type { LocalState } from '../types';
import { committed, openDb, promisifyRequest, STATE, useStore } from './idb';

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
  let dbp: Promise<IDBDatabase> | 0 = 0;
  const store = useStore(() => (dbp ||= openDb(ns, () => (dbp = 0))), [STATE], 'relaxed');
  /** Once IndexedDB failed (reported once), memory answers for the rest of the page's life. */
  let failed = false;
  /**
   * Runs `body` on the `state` store (an idb-keyval custom store); resolves `mem` when IndexedDB is
   * unavailable. The same calls as idb-keyval's get/set/del/clear, written out: importing those
   * would put idb-keyval's default store (which opens a `keyval-store` database) in the first file.
   */
  const op = (mode: IDBTransactionMode, body: (o: IDBObjectStore) => Promise<unknown>): Promise<unknown> =>
    failed ? Promise.resolve(mem) : store(mode, body).catch((e) => ((failed = true), report(e, 'state'), mem));
  return {
    async get<T>(key: string) {
      const v = canWrite() ? await op('readonly', (o) => promisifyRequest(o.get(key))) : mem;
      return (v === mem ? mem.get(key) : v) as T | undefined;
    },
    async set(key, value) {
      if (canWrite()) {
        mem.set(key, value);
        await op('readwrite', (o) => (o.put(value, key), committed(o)));
      }
    },
    async delete(key) {
      mem.delete(key);
      if (canWrite()) await op('readwrite', (o) => (o.delete(key), committed(o)));
    },
    async destroy() {
      mem.clear();
      if (dbp) await op('readwrite', (o) => (o.clear(), committed(o)));
      if (dbp) dbp.then((d) => d.close(), () => {});
      dbp = 0;
    },
  };
}
