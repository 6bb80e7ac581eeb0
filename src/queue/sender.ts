/**
 * The send path of the delivery pipeline: draining the shared queue in batches, retries with
 * backoff, 413 splitting, 4xx bisection and per-event rejection, and trimming a full queue. It is
 * loaded with a dynamic import by the tab that sends (the elected leader, or a page calling
 * `flush()`), so pages that only write events (other tabs, pages that close at once, pending
 * consent) never load it. Its state lives in delivery.ts and is reached through `Host`.
 */
import type { DropReason, EncoreEvent, FlushResult } from '../types';
import { backoffDelay, parseRetryAfter } from './backoff';
import type { Leader } from './leader';
import { COMMERCE, idOf } from './records';
import type { DeliveryHooks, EventStore, StoredEvent } from './types';

/** A collector's answer: status (0 for a network error or timeout), its Retry-After header, parsed 2xx JSON. */
export interface Answer {
  s: number;
  r?: string | null;
  j?: { rejected?: Array<{ messageId?: unknown }> };
}

/** What the send path needs from the pipeline (delivery.ts). Functions read its current state. */
export interface Host {
  /** The client's hooks: config, notifications, error reporting. */
  h: DeliveryHooks;
  /** The store and the election while this tab may send (consent granted, not destroyed); else nothing. */
  live(): [EventStore, Leader] | undefined;
  /** The store as it is now (none once consent was withdrawn and the database deleted). */
  store(): EventStore | null;
  /** Drop counts waiting to ride on the next batch (the current object: mutated here when they are sent). */
  dropped(): Record<string, number>;
  mirror: Map<string, StoredEvent>;
  busy: Set<string>;
  beaconed: Map<string, number>;
  /** Writes events tracked in this task; resolves when every write so far is done. */
  write(): Promise<void>;
  settle(list: Array<StoredEvent | EncoreEvent>, reason?: DropReason): Promise<number>;
  /** Tells the other tabs: [0, true] wake the leader, [1, ids] these are being sent. */
  say(m: [0, boolean] | [1, string[]]): void;
  schedule(ms: number): void;
  /** POSTs these records as one batch body. */
  post(rows: StoredEvent[]): Promise<Answer>;
  overhead(): number;
  /** How many events wait (stored, or held while consent is pending). */
  remaining(): Promise<number>;
}

/* @__NO_SIDE_EFFECTS__ */
export function createSender(q: Host) {
  const { config: cfg, report, emitFlush } = q.h;
  const { maxAttempts, baseDelayMs, maxDelayMs } = cfg.retry;
  const { mirror, busy, beaconed } = q;

  /**
   * Enforces the count and byte bounds: oldest non-commerce events go first, then oldest commerce.
   * One trim at a time, each from the queue's size when it starts, so trims that waited together
   * (for this chunk to load, or for each other) never drop the same events twice.
   */
  let trimming: Promise<void> = Promise.resolve();
  const trim = (s: EventStore) =>
    (trimming = trimming.then(async () => {
      let [c, b] = await s.size();
      c -= cfg.maxQueueEvents;
      b -= cfg.maxQueueBytes;
      if (c < 1 && b < 1) return;
      // Only the oldest part of the queue is read; a queue still over trims again on the next write.
      const rows = (await s.head(Math.max(c, 0) + 256))
        .filter((r) => !busy.has(idOf(r)))
        .sort((x, y) => +COMMERCE.test(x.e.event!) - +COMMERCE.test(y.e.event!)); // stable: oldest first within each
      await q.settle(
        rows.filter((r) => (c > 0 || b > 0) && (c--, (b -= r.b), 1)),
        'queue_full',
      );
    }).catch((e) => report(e, 'queue')));

  // One drain at a time: a drain asked for while one runs runs once after it, shared by every caller meanwhile.
  let current: Promise<FlushResult> | null = null;
  let next: Promise<FlushResult> | null = null;
  function drain(explicit = false): Promise<FlushResult> {
    return current
      ? (next ||= current.then(() => ((next = null), drain(explicit))))
      : (current = drainOnce(explicit).finally(() => (current = null)));
  }

  async function drainOnce(explicit: boolean): Promise<FlushResult> {
    const res: FlushResult = { sent: 0, failed: 0, remaining: 0 };
    let posted = false;
    try {
      await q.write(); // events tracked in this task are written (and eligible) before we look
      for (let l; (l = q.live()) && navigator.onLine; ) {
        const [store, leader] = l;
        if (!(await leader.ok())) {
          if (explicit) q.say([0, true]);
          break;
        }
        const rows = await store.head(cfg.batchSize + beaconed.size);
        const now = Date.now();
        const old: StoredEvent[] = [];
        const big: StoredEvent[] = [];
        const batch: StoredEvent[] = [];
        const room = q.overhead();
        let bytes = room;
        let wait = 0;
        for (const r of rows) {
          mirror.set(idOf(r), r);
          if (beaconed.has(idOf(r))) continue;
          if (now - Date.parse(r.e.timestamp) > cfg.maxEventAgeMs) old.push(r);
          else if (r.n! > now) {
            wait = r.n!;
            break;
          } else if (r.b + room > cfg.maxBatchBytes) big.push(r);
          else if (batch.length >= cfg.batchSize || (bytes += r.b + 1) > cfg.maxBatchBytes) break;
          else batch.push(r);
        }
        const gone = (await q.settle(old, 'too_old')) + (await q.settle(big, 'too_large'));
        res.failed += gone;
        if (!batch.length) {
          if (wait) q.schedule(wait - now);
          if (gone) continue;
          break;
        }
        posted = true;
        if (!(await deliver(batch, res))) break;
      }
      res.remaining = await q.remaining();
    } catch (x) {
      report(x, 'queue');
    }
    if (posted || explicit) emitFlush({ ...res, transport: 'fetch' });
    return res;
  }

  /**
   * Sends one batch, splitting it on 413 (down to single events) and bisecting it on other 4xx so
   * that only the events the collector refuses are dropped. Resolves false when the batch (or a
   * part of it) must wait for a retry, which stops this drain.
   */
  async function deliver(recs: StoredEvent[], res: FlushResult): Promise<boolean> {
    const ids = recs.map(idOf);
    ids.forEach((id) => busy.add(id));
    q.say([1, ids]);
    // Drop counts ride on the first event of the next batch until one is accepted.
    const dropped = q.dropped();
    let carry: Record<string, number> | 0 = Object.keys(dropped).length && { ...dropped };

    const send = async (part: StoredEvent[]): Promise<boolean> => {
      const c = carry;
      const first = part[0]!;
      const { s, r, j } = await q.post(c ? [{ ...first, e: { ...first.e, context: { ...first.e.context, dropped: c } } }, ...part.slice(1)] : part);
      if (s > 199 && s < 300) {
        if (c) {
          const d = q.dropped();
          for (const k in c) if (!((d[k]! -= c[k]!) > 0)) delete d[k];
          carry = 0;
        }
        const bad = part.filter((x) => j?.rejected?.some?.((y) => y?.messageId === idOf(x)));
        res.failed += await q.settle(bad, 'rejected');
        res.sent += await q.settle(part.filter((x) => !bad.includes(x)));
        return true;
      }
      if (!s || s === 408 || s === 425 || s === 429 || s > 499) {
        // Retryable: the batch stays, with its attempts and earliest retry stored (survives reloads).
        res.failed += part.length;
        await q.settle(
          part.filter((x) => ++x.a >= maxAttempts),
          'retry_exhausted',
        );
        // Retry-After is a floor ("0" must not become a tight loop). The drain resumes after the
        // delay even when the batch is gone (exhausted), for the events behind it.
        const delay = Math.max(parseRetryAfter(r) || 0, backoffDelay(Math.min(first.a, maxAttempts), baseDelayMs, maxDelayMs));
        const keep = part.filter((x) => ((x.n = Date.now() + delay), x.a < maxAttempts));
        // The store as it is now: consent may have been withdrawn (and the database deleted) meanwhile.
        if (keep.length) await q.store()?.put(keep);
        q.schedule(delay);
        return false;
      }
      if (!part[1]) {
        res.failed += await q.settle(part, s === 413 ? 'too_large' : 'rejected');
        return true;
      }
      const mid = Math.ceil(part.length / 2);
      return (await send(part.slice(0, mid))) && send(part.slice(mid));
    };

    try {
      return await send(recs);
    } finally {
      ids.forEach((id) => busy.delete(id));
    }
  }

  return { drain, trim };
}

export type Sender = ReturnType<typeof createSender>;
