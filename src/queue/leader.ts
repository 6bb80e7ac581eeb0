import type { EventStore } from './types';

/** Decides which tab flushes the shared queue. */
export interface Leader {
  /** Whether this tab may send now (renews the lease where there is one). */
  ok(): boolean | Promise<boolean>;
  stop(): void;
}

/**
 * One flusher per site: the Web Lock `encore-flush-<ns>`, held for the tab's life (queued tabs take
 * over when the holder goes away, even if it crashed), or, where `navigator.locks` is missing, an
 * IndexedDB lease (lease.ts, loaded only then). From memory each tab owns its queue, so it leads.
 */
export function elect(ns: string, s: EventStore, onLead: () => void): Leader {
  const locks = navigator.locks;
  const ac = new AbortController();
  const signal = ac.signal;
  let held: boolean | (() => void) = false;
  let renew: (() => Promise<boolean>) | undefined;
  if (s.inMemory_) queueMicrotask(onLead);
  else if (locks)
    locks
      .request('encore-flush-' + ns, { signal }, () => (signal.aborted ? 0 : (onLead(), new Promise<void>((r) => (held = r)))))
      .catch(() => {}); // aborted on stop
  else void import('./lease').then((m) => signal.aborted || (renew = m.leaseElect(s, onLead, signal)));
  return {
    ok: () => !signal.aborted && (!!s.inMemory_ || (locks ? !!held : !!renew && renew())),
    stop() {
      ac.abort();
      if (typeof held === 'function') held();
      held = false;
    },
  };
}
