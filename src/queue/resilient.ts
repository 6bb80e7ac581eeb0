import { hasIndexedDB } from './idb';
import { indexedDBStore } from './indexeddb';
import { memoryStore } from './memory';
import type { EventStore, StoredEvent } from './types';

/** The store the pipeline uses: IndexedDB, switching to memory for the rest of the page's life on failure. */
export interface ResilientStore extends EventStore {
  /** IndexedDB lease (see `indexedDBStore`); always granted in memory, where each tab flushes its own queue. */
  lease(owner: string, ttlMs: number, release?: boolean): Promise<boolean>;
  close(): void;
}

/**
 * IndexedDB first. If it is missing, throws, stays blocked or a write fails (quota, private mode,
 * corrupted database), every later operation goes to a memory store and the failure is reported
 * once through `report` (which feeds `on('error')`). A failed write is retried in memory, so the
 * events it carried are not lost. Nothing here throws to the page.
 */
export function resilientStore(ns: string, report: (e: unknown, where?: string) => void): ResilientStore {
  const idb = hasIndexedDB() ? indexedDBStore(ns) : null;
  let mem: EventStore | null = null;
  let lastKey = 0;
  const fallback = (e: unknown) => {
    if (!mem) {
      mem = memoryStore(ns, lastKey);
      idb?.close();
      // Async: this may run inside createEncore(), before the page had a chance to call on('error').
      setTimeout(() => report(e, 'queue: memory fallback'), 0);
    }
    return mem;
  };
  if (!idb) fallback(new Error('no IndexedDB'));
  const seen = (rows: StoredEvent[]) => {
    for (const r of rows) if ((r.key ?? 0) > lastKey) lastKey = r.key!;
    return rows;
  };
  const call = async <K extends 'add' | 'head' | 'update' | 'remove' | 'size'>(
    op: K,
    ...args: Parameters<EventStore[K]>
  ): Promise<Awaited<ReturnType<EventStore[K]>>> => {
    if (!mem) {
      try {
        return await (idb![op] as any)(...args);
      } catch (e) {
        fallback(e);
      }
    }
    return (mem![op] as any)(...args);
  };
  return {
    get kind() {
      return mem ? 'memory' : 'indexeddb';
    },
    add: (records) => call('add', records).then(seen),
    head: (limit) => call('head', limit).then(seen),
    update: (records) => call('update', records),
    remove: (keys) => call('remove', keys),
    size: () => call('size'),
    async lease(owner, ttlMs, release) {
      if (mem) return true;
      try {
        return await idb!.lease(owner, ttlMs, release);
      } catch (e) {
        fallback(e);
        return true;
      }
    },
    close() {
      idb?.close();
    },
    async destroy() {
      await mem?.destroy();
      await idb?.destroy();
    },
  };
}
