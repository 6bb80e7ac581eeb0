import type { ResilientStore } from './resilient';

/** Decides which tab flushes the shared queue. */
export interface Leader {
  /** Resolves whether this tab may send now (renews the lease where there is one). */
  confirm(): Promise<boolean>;
  stop(): void;
}

const LEASE_MS = 10_000;

/**
 * One flusher per site: a Web Lock `encore-flush-<ns>` held for the tab's life (queued tabs take
 * over when the holder goes away, even if it crashed), or, where `navigator.locks` is missing, an
 * IndexedDB lease that expires after 10 s and is renewed before each batch. With a memory store
 * each tab owns its queue, so it always leads.
 */
export function elect(ns: string, store: ResilientStore, onLead: () => void): Leader {
  const id = Math.random().toString(36).slice(2);
  let stopped = false;
  let locked = false;
  let release: (() => void) | undefined;
  let timer: ReturnType<typeof setInterval> | undefined;
  const ac = new AbortController();
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;

  if (locks && store.kind === 'indexeddb') {
    locks
      .request(`encore-flush-${ns}`, { signal: ac.signal }, () => {
        if (stopped) return;
        locked = true;
        onLead();
        return new Promise<void>((r) => (release = r));
      })
      .catch(() => {
        /* aborted on stop */
      });
  } else if (store.kind === 'indexeddb') {
    let had = false;
    const tick = () =>
      store.lease(id, LEASE_MS).then((mine) => {
        if (mine && !had && !stopped) onLead();
        had = mine;
      });
    void tick();
    timer = setInterval(tick, LEASE_MS / 3);
  } else queueMicrotask(onLead);

  return {
    async confirm() {
      if (stopped) return false;
      if (store.kind === 'memory') return true;
      if (locks) return locked;
      return store.lease(id, LEASE_MS);
    },
    stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      ac.abort();
      release?.();
      locked = false;
      if (!locks && store.kind === 'indexeddb') void store.lease(id, 0, true).catch(() => {});
    },
  };
}
