/**
 * The send path of the delivery pipeline: draining the shared queue in batches, retries with
 * backoff, 413 splitting, 4xx bisection and per-event rejection, and trimming a full queue. It is
 * loaded with a dynamic import by the tab that sends (the elected leader, or a page calling
 * `flush()`), so pages that only write events (other tabs, pages that close at once, pending
 * consent) never load it. Its state lives in delivery.ts and is reached through `Host`.
 */
import type { DropReason, EncoreEvent, FlushResult } from '../types';
import { isRetryable, parseRetryAfter, retryDelay } from './backoff';
import type { Leader } from './leader';
import { COMMERCE, idOf } from './records';
import type { Answer } from './transport';
import type { DeliveryHooks, EventStore, StoredEvent } from './types';

/** What the send path needs from the pipeline (delivery.ts). Functions read its current state. */
export interface Host {
  /** The client's hooks: config, notifications, error reporting. */
  hooks_: DeliveryHooks;
  /** The store and the election while this tab may send (consent granted, not destroyed); else nothing. */
  live_(): [EventStore, Leader] | undefined;
  /** The store as it is now (none once consent was withdrawn and the database deleted). */
  store_(): EventStore | null;
  /** Drop counts waiting to ride on the next batch (the current object: mutated here when they are sent). */
  dropped_(): Record<string, number>;
  mirror_: Map<string, StoredEvent>;
  busy_: Set<string>;
  beaconed_: Map<string, number>;
  /** Writes events tracked in this task; resolves when every write so far is done. */
  write_(): Promise<void>;
  settle_(list: Array<StoredEvent | EncoreEvent>, reason?: DropReason): Promise<number>;
  /** Asks the tab that leads to send now (tabs.ts). */
  wakeLeader_(): void;
  /** Tells the other tabs that these event ids are being sent. */
  announceSending_(ids: string[]): void;
  schedule_(ms: number): void;
  /** POSTs these records as one batch body. */
  post_(rows: StoredEvent[]): Promise<Answer>;
  overhead_(): number;
  /** How many events wait (stored, or held while consent is pending). */
  remaining_(): Promise<number>;
}

/* @__NO_SIDE_EFFECTS__ */
export function createSender(q: Host) {
  const { config: cfg, report, emitFlush_: emitFlush } = q.hooks_;
  const { maxAttempts, baseDelayMs, maxDelayMs } = cfg.retry;
  const { mirror_: mirror, busy_: busy, beaconed_: beaconed } = q;

  /**
   * Enforces the count and byte bounds: oldest non-commerce events go first, then oldest commerce.
   * One trim at a time, each from the queue's size when it starts, so trims that waited together
   * (for this chunk to load, or for each other) never drop the same events twice.
   */
  let trimming: Promise<void> = Promise.resolve();
  const trim = (s: EventStore) =>
    (trimming = trimming.then(async () => {
      let [c, b] = await s.size_();
      c -= cfg.maxQueueEvents;
      b -= cfg.maxQueueBytes;
      if (c < 1 && b < 1) return;
      // Only the oldest part of the queue is read; a queue still over trims again on the next write.
      const rows = (await s.head_(Math.max(c, 0) + 256))
        .filter((r) => !busy.has(idOf(r)))
        .sort((x, y) => +COMMERCE.test(x.e.event!) - +COMMERCE.test(y.e.event!)); // stable: oldest first within each
      await q.settle_(
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
      await q.write_(); // events tracked in this task are written (and eligible) before we look
      for (let l; (l = q.live_()) && navigator.onLine; ) {
        const [store, leader] = l;
        if (!(await leader.ok())) {
          if (explicit) q.wakeLeader_();
          break;
        }
        const rows = await store.head_(cfg.batchSize + beaconed.size);
        const now = Date.now();
        const old: StoredEvent[] = [];
        const big: StoredEvent[] = [];
        const batch: StoredEvent[] = [];
        const room = q.overhead_();
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
        const gone = (await q.settle_(old, 'too_old')) + (await q.settle_(big, 'too_large'));
        res.failed += gone;
        if (!batch.length) {
          if (wait) q.schedule_(wait - now);
          if (gone) continue;
          break;
        }
        posted = true;
        if (!(await deliver(batch, res))) break;
      }
      res.remaining = await q.remaining_();
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
    q.announceSending_(ids);
    // Drop counts ride on the first event of the next batch until one is accepted.
    const dropped = q.dropped_();
    let carry: Record<string, number> | 0 = Object.keys(dropped).length && { ...dropped };

    const send = async (part: StoredEvent[]): Promise<boolean> => {
      const c = carry;
      const first = part[0]!;
      const { status_: status, retryAfter_: retryAfter, body_: body } = await q.post_(c ? [{ ...first, e: { ...first.e, context: { ...first.e.context, dropped: c } } }, ...part.slice(1)] : part);
      if (status > 199 && status < 300) {
        if (c) {
          const d = q.dropped_();
          for (const k in c) if (!((d[k]! -= c[k]!) > 0)) delete d[k];
          carry = 0;
        }
        const bad = part.filter((x) => body?.rejected?.some?.((y) => y?.messageId === idOf(x)));
        res.failed += await q.settle_(bad, 'rejected');
        res.sent += await q.settle_(part.filter((x) => !bad.includes(x)));
        return true;
      }
      if (isRetryable(status)) {
        // Retryable: the batch stays, with its attempts and earliest retry stored (survives reloads).
        res.failed += part.length;
        await q.settle_(
          part.filter((x) => ++x.a >= maxAttempts),
          'retry_exhausted',
        );
        // The drain resumes after the delay even when the batch is gone (exhausted), for the events behind it.
        const delay = retryDelay(parseRetryAfter(retryAfter), Math.min(first.a, maxAttempts), baseDelayMs, maxDelayMs);
        const keep = part.filter((x) => ((x.n = Date.now() + delay), x.a < maxAttempts));
        // The store as it is now: consent may have been withdrawn (and the database deleted) meanwhile.
        if (keep.length) await q.store_()?.put_(keep);
        q.schedule_(delay);
        return false;
      }
      if (!part[1]) {
        res.failed += await q.settle_(part, status === 413 ? 'too_large' : 'rejected');
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

  return { drain_: drain, trim_: trim };
}

export type Sender = ReturnType<typeof createSender>;
