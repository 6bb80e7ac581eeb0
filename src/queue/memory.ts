import type { EventStore, StoredEvent } from './types';

/** Stamps the store key onto the event as its per-device sequence number. */
export function stamp(r: StoredEvent): StoredEvent {
  const s = r.event.context.session;
  r.event.context.session = { ...s, seq: r.key as number };
  return r;
}

/**
 * Next sequence numbers from the `encore:<ns>:seq` localStorage counter, so `seq` stays monotonic
 * per device across reloads even without IndexedDB. Falls back to a page-local counter.
 */
function counter(ns: string | undefined, after: number): (n: number) => number {
  let local = after;
  const key = `encore:${ns}:seq`;
  return (n) => {
    let start = local;
    try {
      if (ns) start = Math.max(start, Number(localStorage.getItem(key)) || 0);
    } catch {
      /* storage blocked: page-local counter */
    }
    local = start + n;
    try {
      if (ns) localStorage.setItem(key, String(local));
    } catch {
      /* ignored */
    }
    return start + 1;
  };
}

/**
 * An in-memory EventStore: the fallback when IndexedDB is missing or fails, and the store of the
 * unit tests. With `ns`, sequence numbers continue a per-device localStorage counter; `after`
 * keeps them above keys handed out by a store this one replaces.
 */
export function memoryStore(ns?: string, after = 0): EventStore {
  let rows: StoredEvent[] = [];
  const next = counter(ns, after);
  const copy = (r: StoredEvent): StoredEvent => ({ ...r });
  return {
    kind: 'memory',
    async add(records) {
      let k = next(records.length);
      for (const r of records) {
        r.key = k++;
        rows.push(copy(stamp(r)));
      }
      return records;
    },
    async head(limit) {
      return rows.slice(0, limit).map(copy);
    },
    async update(records) {
      const by = new Map(records.map((r) => [r.key, r]));
      rows = rows.map((r) => (by.has(r.key) ? copy(by.get(r.key)!) : r));
    },
    async remove(keys) {
      const gone = new Set(keys);
      rows = rows.filter((r) => !gone.has(r.key as number));
    },
    async size() {
      let bytes = 0;
      for (const r of rows) bytes += r.bytes;
      return { count: rows.length, bytes };
    },
    async destroy() {
      rows = [];
      try {
        if (ns) localStorage.removeItem(`encore:${ns}:seq`);
      } catch {
        /* ignored */
      }
    },
  };
}
