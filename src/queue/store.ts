import { deleteDb, EVENTS, META, openDb, plain, run } from './idb';
import type { EventStore, StoredEvent } from './types';

/**
 * Events in the `events` object store of `encore-<ns>`; the autoIncrement key is the event's
 * `context.session.seq`, stamped on every read so it stays stable across retries and tabs. The
 * byte total lives in `meta` and changes in the same transaction as the events, so `size()` is a
 * count plus one read, never a cursor over the queue (a scan of 10,000 events is a long task).
 *
 * If IndexedDB is missing, throws, stays blocked or a write fails (quota, private mode, corrupted
 * database), every later operation runs from memory for the rest of the page's life and the
 * failure is reported once; the failed operation is redone in memory, so a failed write loses no
 * event. The memory queue is `mine`, the pipeline's map of this tab's unconfirmed events (by
 * messageId, in tracking order): the pipeline adds and removes there anyway. In memory, keys
 * continue the `encore:<ns>:seq` localStorage counter.
 */
export function openStore(ns: string, report: (e: unknown, where?: string) => void, mine: Map<string, StoredEvent>): EventStore {
  let dbp: Promise<IDBDatabase> | 0 = 0;
  let last = 0;
  const seqKey = `encore:${ns}:seq`;
  const stamp = (r: StoredEvent, k = r.k!) => {
    r.e.context.session.seq = r.k = k;
    if (k > last) last = k;
    return r;
  };
  const rows = () => [...mine.values()].filter((r) => r.k);
  const memSize = (): [number, number] => [rows().length, rows().reduce((a, r) => a + r.b, 0)];
  /** Runs `idb` on the database, or `memory` once fallen back (falling back when `idb` fails). */
  const op: EventStore['op'] = async <T>(idb: (db: IDBDatabase) => Promise<T>, memory: () => T): Promise<T> => {
    if (!s.m)
      try {
        return await idb(await (dbp ||= openDb(ns, () => (dbp = 0))));
      } catch (e) {
        if (!s.m) {
          s.m = true;
          s.close();
          report(plain(e), 'queue');
        }
      }
    return memory();
  };
  /** Adds `delta` to the stored byte total, in transaction `t`; the new total lands in `[0]`. */
  const bump = (t: IDBTransaction, delta: number) => {
    const m = t.objectStore(META);
    const q = m.get('b');
    const out = [0];
    q.onsuccess = () => m.put((out[0] = Math.max(0, (q.result || 0) + delta)), 'b');
    return out;
  };
  const rw = <T>(db: IDBDatabase, body: (t: IDBTransaction) => T, strict?: boolean) =>
    run(db, [EVENTS, META], 'readwrite', body, strict ? 'strict' : 'relaxed');

  const s: EventStore = {
    op,
    add: (recs, strict) =>
      op(
        async (db) => {
          const [n, b] = await rw(
            db,
            (t) => {
              const o = t.objectStore(EVENTS);
              const b = bump(t, recs.reduce((a, r) => a + r.b, 0));
              for (const r of recs) {
                const q = o.add(r);
                q.onsuccess = () => stamp(r, q.result as number);
              }
              // The size after this write, every tab's events included (for the bounds).
              return [o.count(), b] as const;
            },
            strict,
          );
          return [n.result, b[0]!];
        },
        () => {
          // Continue the device counter (other tabs and earlier loads) and the IndexedDB keys.
          let k = last;
          try {
            k = Math.max(k, +localStorage.getItem(seqKey)! || 0);
            localStorage.setItem(seqKey, '' + (k + recs.length));
          } catch {
            /* storage blocked: page-local counter */
          }
          for (const r of recs) stamp(r, ++k);
          return memSize();
        },
      ),
    head: (limit) =>
      op(
        async (db) => (await run(db, EVENTS, 'readonly', (t) => t.objectStore(EVENTS).getAll(null, limit))).result.map((r) => stamp(r)),
        () => rows().slice(0, limit || undefined),
      ),
    // In memory the pipeline holds the stored objects themselves: updates are done, and it
    // removes settled events from `mine` itself.
    put: (recs) => op<unknown>((db) => rw(db, (t) => recs.map((r) => t.objectStore(EVENTS).put(r))), () => 0),
    // The byte total loses what this tab believes it deletes. Only if two tabs delete the same
    // event (a rare race: a trim and the leader) does it end up too low, never too high, and it
    // is exact again whenever the queue empties (it cannot go below 0).
    del: (recs) =>
      op<unknown>(
        (db) =>
          rw(db, (t) => {
            bump(t, -recs.reduce((a, r) => a + r.b, 0));
            for (const r of recs) t.objectStore(EVENTS).delete(r.k!);
          }),
        () => 0,
      ),
    size: () =>
      op(
        async (db) => (await run(db, [EVENTS, META], 'readonly', (t) => [t.objectStore(EVENTS).count(), t.objectStore(META).get('b')])).map((q) => q.result || 0) as [number, number],
        memSize,
      ),
    close() {
      if (dbp) dbp.then((d) => d.close(), () => {});
      dbp = 0;
    },
    destroy() {
      s.close();
      try {
        localStorage.removeItem(seqKey);
      } catch {
        /* blocked */
      }
      return deleteDb(ns);
    },
  };
  return s;
}
