import { committed, META, useStore } from './idb';
import type { EventStore } from './types';

const LEASE = 10_000;

/**
 * The flusher election where Web Locks are missing (loaded only there): an IndexedDB lease that
 * expires after 10 s, renewed every ~3 s and before each batch (the returned function), released
 * when `signal` aborts. A request that outlives the lease could overlap with a new leader's.
 */
export function leaseElect(s: EventStore, onLead: () => void, signal: AbortSignal): () => Promise<boolean> {
  const id = Math.random();
  let mine = false;
  const meta = useStore(s.db_, [META], 'relaxed');
  /** Takes or renews the lease in `meta` for `ms` (0 releases it); resolves whether this tab holds it. */
  const renew = (ms = LEASE) =>
    s.withFallback_(
      () =>
        meta('readwrite', (m) => {
          let held = false;
          const q = m.get('l');
          q.onsuccess = () => {
            const l = q.result;
            const now = Date.now();
            if (!l || l[1] < now || l[0] === id) {
              m.put([id, now + ms], 'l');
              held = ms > 0;
            }
          };
          return committed(m).then(() => held);
        }),
      () => true, // from memory each tab owns its queue
    );
  const tick = () => renew().then((m) => (m && !mine && !signal.aborted && onLead(), (mine = m)));
  const timer = setInterval(tick, LEASE / 3);
  signal.onabort = () => {
    clearInterval(timer);
    renew(0);
  };
  void tick();
  return renew;
}
