/**
 * The page-hide spill: events the page-hide body carries before their IndexedDB write committed
 * (tracked during the hide, e.g. by web-vitals' visibilitychange listener) are also written to
 * localStorage, synchronously, under `encore:<ns>:late`. A browser may drop that body as the tab
 * closes (Firefox does, now and then, for a beacon sent that late) and a write started during
 * unload need not commit; the spill is what survives. Once the write commits the entries are
 * removed; whatever is left is queued again by the next page that opens the queue. At least once:
 * an event may then arrive twice, with one messageId.
 */
import type { EncoreEvent } from '../types';
import { readLocal, removeLocal, writeLocal } from '../lib/storage';

/** At most this many spilled events are kept (the newest). */
const MAX_SPILLED = 100;

const keyOf = (ns: string) => `encore:${ns}:late`;
const read = (ns: string): EncoreEvent[] => {
  const events = readLocal<EncoreEvent[]>(keyOf(ns));
  return Array.isArray(events) ? events.filter((e) => typeof e?.messageId === 'string') : [];
};

export function spill(ns: string, events: EncoreEvent[]): void {
  writeLocal(keyOf(ns), [...read(ns), ...events].slice(-MAX_SPILLED));
}

/** Removes the events with these ids (their write committed). */
export function unspill(ns: string, ids: string[]): void {
  const left = read(ns).filter((e) => !ids.includes(e.messageId));
  left.length ? writeLocal(keyOf(ns), left) : removeLocal(keyOf(ns));
}

/** Takes every spilled event out of localStorage (to queue them again, or to drop them on consent denial). */
export function takeSpilled(ns: string): EncoreEvent[] {
  const events = read(ns);
  removeLocal(keyOf(ns));
  return events;
}
