import { committed, deleteDb, EVENTS, META, openDb, promisifyRequest, useStore } from './idb';
import type { EventStore, StoredEvent } from './types';

/** An IndexedDB operation not settled in this long is treated as failed (the store falls back to memory). */
const STALL_MS = 10_000;

/**
 * Events in the `events` object store of `encore-<ns>`; the autoIncrement key is the event's
 * `context.session.seq`, stamped on every read so it stays stable across retries and tabs. The
 * byte total lives in `meta` and changes in the same transaction as the events, so `size_()` is a
 * count plus one read, never a cursor over the queue (a scan of 10,000 events is a long task).
 *
 * If IndexedDB is missing, throws, stays blocked, does not answer for 10 s or a write fails
 * (quota, private mode, corrupted database), every later operation runs from memory for the rest
 * of the page's life and the failure is reported once; the failed operation is redone in memory,
 * so a failed write loses no event. The memory queue is `mine`, the pipeline's map of this tab's unconfirmed events (by
 * messageId, in tracking order): the pipeline adds and removes there anyway. In memory, keys
 * continue the `encore:<ns>:seq` localStorage counter.
 */
export function openStore(ns: string, report: (e: unknown, where?: string) => void, mine: Map<string, StoredEvent>): EventStore {
  let dbp: Promise<IDBDatabase> | 0 = 0;
  let last = 0;
  const seqKey = `encore:${ns}:seq`;
  const db = () => (dbp ||= openDb(ns, () => (dbp = 0)));
  // idb-keyval custom stores over the one connection; event writes change the byte total in `meta`
  // in the same transaction.
  const events = useStore(db, [EVENTS, META], 'relaxed');
  const stamp = (r: StoredEvent, k = r.k!) => {
    r.e.context.session.seq = r.k = k;
    if (k > last) last = k;
    return r;
  };
  const rows = () => [...mine.values()].filter((r) => r.k);
  const memSize = (): [number, number] => [rows().length, rows().reduce((a, r) => a + r.b, 0)];
  /** Runs `idb`, or `memory` once fallen back (falling back when `idb` fails). */
  const op: EventStore['withFallback_'] = async <T>(idb: () => Promise<T>, memory: () => T): Promise<T> => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    if (!s.inMemory_)
      try {
        // An operation that never settles counts as failed: WebKit can keep a transaction that a
        // page began as it unloaded open after the page is gone, which blocks every later write
        // in that database (docs/browsers.md).
        const stalled = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`IndexedDB did not answer in ${STALL_MS / 1000} s`)), STALL_MS)));
        return await Promise.race([idb(), stalled]);
      } catch (e) {
        if (!s.inMemory_) {
          s.inMemory_ = true;
          s.close_();
          report(e, 'queue');
        }
      } finally {
        clearTimeout(timer);
      }
    return memory();
  };
  /** Adds `delta` to the stored byte total, in the transaction of `o`; the new total lands in `[0]`. */
  const bump = (o: IDBObjectStore, delta: number) => {
    const m = o.transaction.objectStore(META);
    const q = m.get('b');
    const out = [0];
    q.onsuccess = () => m.put((out[0] = Math.max(0, (q.result || 0) + delta)), 'b');
    return out;
  };

  const s: EventStore = {
    withFallback_: op,
    db_: db,
    add_: (recs, strict) =>
      op(
        () =>
          (strict ? useStore(db, [EVENTS, META], 'strict') : events)('readwrite', (o) => {
            const b = bump(o, recs.reduce((a, r) => a + r.b, 0));
            for (const r of recs) {
              const q = o.add(r);
              q.onsuccess = () => stamp(r, q.result as number);
            }
            // The size after this write, every tab's events included (for the bounds).
            const n = o.count();
            return committed(o).then((): [number, number] => [n.result, b[0]!]);
          }),
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
    head_: (limit) =>
      op(
        async () => (await events('readonly', (o) => promisifyRequest<StoredEvent[]>(o.getAll(null, limit)))).map((r) => stamp(r)),
        () => rows().slice(0, limit || undefined),
      ),
    // In memory the pipeline holds the stored objects themselves: updates are done, and it
    // removes settled events from `mine` itself.
    put_: (recs) => op<unknown>(() => events('readwrite', (o) => (recs.forEach((r) => o.put(r)), committed(o))), () => 0),
    // The byte total loses what this tab believes it deletes. Only if two tabs delete the same
    // event (a rare race: a trim and the leader) does it end up too low, never too high, and it
    // is exact again whenever the queue empties (it cannot go below 0).
    delete_: (recs) =>
      op<unknown>(
        () =>
          events('readwrite', (o) => {
            bump(o, -recs.reduce((a, r) => a + r.b, 0));
            for (const r of recs) o.delete(r.k!);
            return committed(o);
          }),
        () => 0,
      ),
    size_: () =>
      op(
        () =>
          events('readonly', (o) => {
            const n = o.count();
            const b = o.transaction.objectStore(META).get('b');
            return committed(o).then((): [number, number] => [n.result, b.result || 0]);
          }),
        memSize,
      ),
    close_() {
      if (dbp) dbp.then((d) => d.close(), () => {});
      dbp = 0;
    },
    destroy_() {
      s.close_();
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
