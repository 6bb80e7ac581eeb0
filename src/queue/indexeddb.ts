import { deleteDb, EVENTS, META, openDb, transact } from './idb';
import { stamp } from './memory';
import type { EventStore, StoredEvent } from './types';

/** The IndexedDB store also holds the flush lease used where Web Locks are missing. */
export interface IndexedDBStore extends EventStore {
  /** Takes or renews the lease for `owner` (or releases it); resolves whether `owner` holds it. */
  lease(owner: string, ttlMs: number, release?: boolean): Promise<boolean>;
  close(): void;
}

/**
 * Events in the `events` object store of `encore-<ns>`. The autoIncrement key is the event's
 * `context.session.seq`, stamped on every read, so it stays stable across retries and tabs.
 *
 * Durability: adds holding a commerce event use `strict` (flushed to disk before commit: an order
 * survives an OS crash); everything else uses `relaxed`, which survives a closed or crashed tab and
 * commits sooner, making the event eligible to send sooner. A lost delete only causes a resend
 * that the collector deduplicates on messageId.
 */
export function indexedDBStore(ns: string): IndexedDBStore {
  let dbp: Promise<IDBDatabase> | null = null;
  const db = () =>
    (dbp ??= openDb(ns, () => (dbp = null)).catch((e) => {
      dbp = null;
      throw e;
    }));
  const rw = async <T = void>(
    body: (s: IDBObjectStore, set: (v: T) => void, meta: () => IDBObjectStore) => void,
    d: 'strict' | 'relaxed' = 'relaxed',
    store = EVENTS,
  ) => transact<T>(await db(), store, 'readwrite', body, d, store === EVENTS);
  /**
   * The byte total lives in `meta` and changes in the same transaction as the events, so it is
   * exact across tabs and `size()` costs two requests instead of a cursor over the whole queue
   * (a scan of 10,000 events is a long task).
   */
  const addBytes = (meta: IDBObjectStore, delta: number) => {
    const q = meta.get('bytes');
    q.onsuccess = () => meta.put(Math.max(0, ((q.result as number) || 0) + delta), 'bytes');
  };

  return {
    kind: 'indexeddb',
    async add(records) {
      const strict = records.some((r) => r.priority);
      await rw(
        (s, _, meta) => {
          addBytes(meta(), records.reduce((a, r) => a + r.bytes, 0));
          for (const r of records) {
            delete r.key;
            const q = s.add(r);
            q.onsuccess = () => {
              r.key = q.result as number;
              stamp(r);
            };
          }
        },
        strict ? 'strict' : 'relaxed',
      );
      return records;
    },
    async head(limit) {
      const rows = await transact<StoredEvent[]>(await db(), EVENTS, 'readonly', (s, set) => {
        const q = s.getAll(null, Number.isFinite(limit) ? limit : undefined);
        q.onsuccess = () => set(q.result);
      });
      return rows.map(stamp);
    },
    update(records) {
      return rw((s) => {
        for (const r of records) s.put(r);
      });
    },
    remove(keys) {
      return rw((s, _, meta) => {
        let left = keys.length;
        let gone = 0;
        for (const k of keys) {
          // Read before deleting: the byte total must lose exactly what is deleted (another tab
          // may have deleted the same event already).
          const q = s.get(k);
          q.onsuccess = () => {
            const r = q.result as StoredEvent | undefined;
            if (r) {
              gone += r.bytes || 0;
              s.delete(k);
            }
            if (!--left && gone) addBytes(meta(), -gone);
          };
        }
      });
    },
    async size() {
      return transact<{ count: number; bytes: number }>(
        await db(),
        EVENTS,
        'readonly',
        (s, set, meta) => {
          const out = { count: 0, bytes: 0 };
          set(out);
          const c = s.count();
          c.onsuccess = () => (out.count = c.result);
          const b = meta().get('bytes');
          b.onsuccess = () => (out.bytes = (b.result as number) || 0);
        },
        'default',
        true,
      );
    },
    lease(owner, ttlMs, release) {
      return rw<boolean>(
        (s, set) => {
          const q = s.get('lease');
          q.onsuccess = () => {
            const l = q.result as { owner: string; exp: number } | undefined;
            const now = Date.now();
            const free = !l || l.exp < now || l.owner === owner;
            if (free) s.put({ owner, exp: release ? 0 : now + ttlMs }, 'lease');
            set(free && !release);
          };
        },
        'relaxed',
        META,
      );
    },
    close() {
      const p = dbp;
      dbp = null;
      p?.then((d) => d.close(), () => {});
    },
    async destroy() {
      this.close();
      await deleteDb(ns);
    },
  };
}
