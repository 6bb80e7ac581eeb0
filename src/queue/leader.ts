import type { EventStore } from './types';

/** Decides which tab flushes the shared queue. */
export interface Leader {
  /** Whether this tab may send now (renews the lease where there is one). */
  ok(): boolean | Promise<boolean>;
  stop(): void;
}

const LEASE = 10_000;

/**
 * One flusher per site: the Web Lock `encore-flush-<ns>`, held for the tab's life (queued tabs take
 * over when the holder goes away, even if it crashed), or, where `navigator.locks` is missing, an
 * IndexedDB lease that expires after 10 s, renewed every ~3 s and before each batch. From memory
 * each tab owns its queue, so it always leads.
 */
export function elect(ns: string, s: EventStore, onLead: () => void): Leader {
  const id = Math.random() + '';
  const locks = navigator.locks;
  const ac = new AbortController();
  let held: boolean | (() => void) = false;
  let timer: ReturnType<typeof setInterval> | undefined;
  if (s.m) queueMicrotask(onLead);
  else if (locks)
    locks
      .request('encore-flush-' + ns, { signal: ac.signal }, () =>
        ac.signal.aborted ? 0 : (onLead(), new Promise<void>((r) => (held = r))),
      )
      .catch(() => {}); // aborted on stop
  else {
    const tick = () => s.lease(id, LEASE).then((mine) => (mine && !held && !ac.signal.aborted && onLead(), (held = mine)));
    void tick();
    timer = setInterval(tick, LEASE / 3);
  }
  return {
    ok: () => !ac.signal.aborted && (!!s.m || (locks ? !!held : s.lease(id, LEASE))),
    stop() {
      clearInterval(timer);
      ac.abort();
      if (typeof held === 'function') held();
      held = false;
      if (!locks) s.lease(id, 0);
    },
  };
}
