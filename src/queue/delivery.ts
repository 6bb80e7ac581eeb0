import type { DropReason, EncoreEvent, FlushResult } from '../types';
import { backoffDelay, isRetryable } from './backoff';
import { utf8Length } from './bytes';
import { priorityOf, URGENT } from './commerce';
import { deleteDb, hasIndexedDB } from './idb';
import { elect, type Leader } from './leader';
import { resilientStore, type ResilientStore } from './resilient';
import { post, rejectedIds, sendOnHide } from './transport';
import type { Delivery, DeliveryHooks, StoredEvent } from './types';

type Consent = 'granted' | 'pending' | 'denied';

/** Messages between tabs on BroadcastChannel `encore-<ns>`. */
type Msg =
  | { t: 'wake'; u: boolean } // a follower stored events (u: send now)
  | { t: 'fly' | 'done'; ids: string[] } // the leader is sending / has settled these
  | { t: 'drop'; d: Record<string, number> } // a follower's drop counts, to ride on the leader's next batch
  | { t: 'deny' }; // consent denied in another tab: stop and let the database go

/** Page-hide bodies stay under the 64 KiB budget sendBeacon and keepalive share. */
const HIDE_LIMIT = 60_000;
/** Room for the seq number stamped after the size was measured. */
const SEQ_ROOM = 12;

const initialConsent = (c: DeliveryHooks['config']['consent']): Consent =>
  typeof c === 'string' ? c : c.analytics === false ? 'denied' : c.analytics ? 'granted' : 'pending';

/**
 * The durable delivery pipeline (see docs/delivery.md): every event is written to IndexedDB in the
 * task that tracked it, sent in batches by the one tab holding the flush lock, and removed only
 * after the collector accepted it.
 */
/* @__NO_SIDE_EFFECTS__ */
export function createDelivery(hooks: DeliveryHooks): Delivery {
  const cfg = hooks.config;
  const url = cfg.endpoint;
  const ns = hooks.ns;
  let consent = initialConsent(cfg.consent);
  let store: ResilientStore | null = null;
  let ready: Promise<void> | null = null;
  let leader: Leader | null = null;
  let leading = false;
  let chan: BroadcastChannel | null = null;
  let destroyed = false;
  let hidden = false;
  /** Events tracked while consent is pending: memory only. */
  let held: EncoreEvent[] = [];
  /** Events waiting for this task's microtask write. */
  let pending: EncoreEvent[] = [];
  let writing: Promise<void> = Promise.resolve();
  /** Records of writes that have not committed yet (the page-hide beacon carries them too). */
  const unwritten = new Set<StoredEvent>();
  /** Queue size: counted locally between refreshes from storage (before trimming, after flushes). */
  const est = { count: 0, bytes: 0 };
  const dropped: Record<string, number> = {};
  /** This tab's unconfirmed events, for the synchronous page-hide beacon. */
  const mirror = new Map<string, StoredEvent>();
  const inflight = new Set<string>();
  /** Ids another tab (the leader) is sending. */
  const remote = new Set<string>();
  /** Ids this tab beaconed while hidden (and when): not resent by this tab until it is visible again. */
  const beaconed = new Map<string, number>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let timerAt = Infinity;
  const offs: Array<() => void> = [];

  const isLeading = () => store?.kind === 'memory' || leading;
  const online = () => typeof navigator === 'undefined' || navigator.onLine !== false;
  const say = (m: Msg) => {
    try {
      chan?.postMessage(m);
    } catch {
      /* channel closed */
    }
  };
  const idOf = (r: StoredEvent) => r.event.messageId;

  function countDrop(reason: DropReason, count = 1) {
    dropped[reason] = (dropped[reason] ?? 0) + count;
    if (!isLeading() && chan) {
      // Followers never send batches: hand the counts to the leader.
      say({ t: 'drop', d: { ...dropped } });
      for (const k in dropped) delete dropped[k];
    }
  }

  function drop(reason: DropReason, rows: StoredEvent[] | string[]) {
    if (!rows.length) return;
    const ids = rows.map((r) => (typeof r === 'string' ? r : idOf(r)));
    for (const id of ids) mirror.delete(id);
    countDrop(reason, ids.length);
    hooks.emitDrop({ reason, count: ids.length, messageIds: ids });
  }

  function schedule(ms: number) {
    if (destroyed) return;
    const at = Date.now() + ms;
    if (timer !== undefined && timerAt <= at) return;
    clearTimeout(timer);
    timerAt = at;
    timer = setTimeout(() => {
      timer = undefined;
      timerAt = Infinity;
      void drain();
    }, Math.max(0, ms));
  }

  /** A follower wakes the leader; the leader sends now or after the interval. */
  function wake(now: boolean) {
    if (isLeading()) now || cfg.flushIntervalMs === 0 ? void drain() : schedule(cfg.flushIntervalMs);
    else say({ t: 'wake', u: now });
  }

  function onMsg(e: MessageEvent<Msg>) {
    const m = e.data;
    if (m.t === 'wake') {
      // A hidden leader's timers are throttled (up to once a minute): send at once instead.
      if (isLeading()) wake(m.u || document.visibilityState === 'hidden');
    } else if (m.t === 'fly') for (const id of m.ids) remote.add(id);
    else if (m.t === 'done')
      for (const id of m.ids) {
        remote.delete(id);
        mirror.delete(id);
      }
    else if (m.t === 'drop') {
      for (const k in m.d) dropped[k] = (dropped[k] ?? 0) + (m.d[k] ?? 0);
    } else if (m.t === 'deny') void deny(true);
  }

  function connect() {
    if (leader || destroyed || consent !== 'granted' || !store) return;
    try {
      chan = new BroadcastChannel('encore-' + ns);
      chan.onmessage = onMsg;
    } catch {
      chan = null;
    }
    leader = elect(ns, store, () => {
      leading = true;
      // Events another page left behind (earlier loads, closed tabs) go now; our own wait for the interval.
      store?.size().then(
        (s) => (s.count > mirror.size ? void drain() : s.count && schedule(cfg.flushIntervalMs)),
        () => {},
      );
    });
  }

  function disconnect() {
    leader?.stop();
    leader = null;
    leading = false;
    chan?.close();
    chan = null;
    clearTimeout(timer);
    timer = undefined;
    timerAt = Infinity;
  }

  /** Opens the store (creating the database) once consent is granted, then joins the election. */
  async function start() {
    ready ??= (async () => {
      store = resilientStore(ns, hooks.report);
      Object.assign(est, await store.size());
    })();
    await ready;
    if (!hidden) connect();
  }

  // ---- enqueue: synchronous and cheap; one transaction per task, started in that task ----

  function enqueue(event: EncoreEvent) {
    try {
      if (destroyed) return;
      if (consent === 'denied') return drop('consent_denied', [event.messageId]);
      if (consent === 'pending') {
        held.push(event);
        if (held.length > cfg.maxQueueEvents) drop('queue_full', [held.shift()!.messageId]);
        return;
      }
      if (pending.push(event) === 1) queueMicrotask(write);
    } catch (e) {
      hooks.report(e, 'queue');
    }
  }

  function write() {
    const evs = pending;
    pending = [];
    if (evs.length) writing = persist(evs);
  }

  const record = (event: EncoreEvent): StoredEvent => ({
    event,
    bytes: utf8Length(JSON.stringify(event)) + SEQ_ROOM,
    attempts: 0,
    priority: priorityOf(event.event),
  });

  async function persist(evs: EncoreEvent[]) {
    const recs: StoredEvent[] = [];
    try {
      for (const event of evs) {
        try {
          const r = record(event);
          const at = beaconed.get(event.messageId);
          if (at) r.beaconAt = at;
          recs.push(r);
          unwritten.add(r);
        } catch (e) {
          drop('invalid', [event.messageId]);
          hooks.report(e, 'queue');
        }
      }
      await start();
      if (consent !== 'granted' || !store) {
        // Consent changed between track() and this write.
        if (consent === 'pending') held.push(...evs);
        else drop('consent_denied', evs.map((e) => e.messageId));
        return;
      }
      const rows = await store.add(recs);
      for (const r of recs) unwritten.delete(r);
      // Beaconed while the write was running: mark them in storage too (resent on the next load anyway).
      const late = rows.filter((r) => !r.beaconAt && beaconed.has(idOf(r)));
      if (late.length) store.update(late.map((r) => ({ ...r, beaconAt: beaconed.get(idOf(r)) }))).catch(() => {});
      for (const r of rows) {
        mirror.set(idOf(r), r);
        est.count++;
        est.bytes += r.bytes;
      }
      if (est.count > cfg.maxQueueEvents || est.bytes > cfg.maxQueueBytes) await trim();
      wake(rows.some((r) => r.event.event === URGENT) || est.count >= cfg.batchSize);
    } catch (e) {
      hooks.report(e, 'queue');
    } finally {
      for (const r of recs) unwritten.delete(r);
    }
  }

  /** Enforces the count and byte bounds: oldest non-commerce events go first, then oldest commerce. */
  async function trim() {
    const s = store!;
    // Other tabs add and remove too: check the real size (cheap: a count and a stored total).
    Object.assign(est, await s.size());
    const overC = est.count - cfg.maxQueueEvents;
    let c = overC;
    let b = est.bytes - cfg.maxQueueBytes;
    if (c <= 0 && b <= 0) return;
    // Only the oldest part of the queue is read; a queue that is still over after this trims again
    // on the next write.
    const rows = (await s.head(Math.max(overC, 0) + 256)).filter((r) => !inflight.has(idOf(r)) && !remote.has(idOf(r)));
    const victims: StoredEvent[] = [];
    for (const p of [0, 1])
      for (const r of rows)
        if ((c > 0 || b > 0) && r.priority === p) {
          victims.push(r);
          c--;
          b -= r.bytes;
        }
    await settle(victims, []);
    drop('queue_full', victims);
  }

  /** Removes settled (accepted or dropped) records from storage and from the mirror. */
  async function settle(rows: StoredEvent[], gone: string[]) {
    if (!rows.length) return;
    await store?.remove(rows.map((r) => r.key!));
    for (const r of rows) {
      mirror.delete(idOf(r));
      beaconed.delete(idOf(r));
      gone.push(idOf(r));
      est.count--;
      est.bytes -= r.bytes;
    }
  }

  // ---- dispatch: only the leader; one drain at a time ----

  const overhead = () =>
    64 + (cfg.writeKey ? utf8Length(cfg.writeKey) + 16 : 0) + utf8Length(JSON.stringify(dropped));
  const bodyOf = (batch: EncoreEvent[]) =>
    JSON.stringify({ batch, sentAt: new Date().toISOString(), writeKey: cfg.writeKey });

  let current: Promise<FlushResult> | null = null;
  let next: Promise<FlushResult> | null = null;
  function drain(explicit = false): Promise<FlushResult> {
    if (!current) {
      current = drainOnce(explicit).finally(() => (current = null));
      return current;
    }
    // A drain is running: run one more after it, shared by every caller meanwhile.
    return (next ??= current.then(() => {
      next = null;
      return drain(explicit);
    }));
  }

  async function drainOnce(explicit: boolean): Promise<FlushResult> {
    const res: FlushResult = { sent: 0, failed: 0, remaining: 0 };
    let posted = false;
    try {
      write(); // events tracked in this task are written (and eligible) before we look
      await writing;
      while (consent === 'granted' && store && leader && !destroyed && online()) {
        if (!(await leader.confirm())) {
          if (explicit) say({ t: 'wake', u: true });
          break;
        }
        const s = store;
        const rows = await s.head(cfg.batchSize + beaconed.size);
        const now = Date.now();
        const old: StoredEvent[] = [];
        const big: StoredEvent[] = [];
        const batch: StoredEvent[] = [];
        const room = overhead();
        let bytes = room;
        let wait = 0;
        for (const r of rows) {
          const id = idOf(r);
          mirror.set(id, r);
          if (beaconed.has(id)) continue;
          if (now - Date.parse(r.event.timestamp) > cfg.maxEventAgeMs) old.push(r);
          else if ((r.notBefore ?? 0) > now) {
            wait = r.notBefore!;
            break;
          } else if (r.bytes + room > cfg.maxBatchBytes) big.push(r);
          else if (batch.length >= cfg.batchSize || bytes + r.bytes + 1 > cfg.maxBatchBytes) break;
          else {
            batch.push(r);
            bytes += r.bytes + 1;
          }
        }
        const gone: string[] = [];
        await settle(old, gone);
        await settle(big, gone);
        drop('too_old', old);
        drop('too_large', big);
        res.failed += gone.length;
        if (gone.length) say({ t: 'done', ids: gone });
        if (!batch.length) {
          if (wait) schedule(wait - now);
          if (gone.length) continue;
          break;
        }
        posted = true;
        if (!(await deliver(batch, res))) break;
      }
      if (store) {
        Object.assign(est, await store.size());
        res.remaining = est.count;
      } else res.remaining = held.length;
    } catch (e) {
      hooks.report(e, 'queue');
    }
    if (posted || explicit) hooks.emitFlush({ ...res, transport: 'fetch' });
    return res;
  }

  /**
   * Sends one batch, splitting it on 413 (down to single events) and bisecting it on other 4xx so
   * that only the events the collector refuses are dropped. Resolves false when the batch (or a part
   * of it) must wait for a retry, which stops this drain.
   */
  async function deliver(recs: StoredEvent[], res: FlushResult): Promise<boolean> {
    const ids = recs.map(idOf);
    const gone: string[] = [];
    for (const id of ids) inflight.add(id);
    say({ t: 'fly', ids });
    // Drop counts ride on the first event of the next batch until one is accepted.
    let carry: Record<string, number> | null = Object.keys(dropped).length ? { ...dropped } : null;

    const send = async (part: StoredEvent[]): Promise<boolean> => {
      const c = carry;
      const batch = part.map((r) => r.event);
      if (c) batch[0] = { ...batch[0]!, context: { ...batch[0]!.context, dropped: c } };
      const r = await post(url, bodyOf(batch));
      if (r.status >= 200 && r.status < 300) {
        if (c) {
          for (const k in c) if ((dropped[k] = (dropped[k] ?? 0) - c[k]!) <= 0) delete dropped[k];
          carry = null;
        }
        const rej = rejectedIds(r.body);
        const bad = part.filter((x) => rej.has(idOf(x)));
        await settle(part, gone);
        drop('rejected', bad);
        res.sent += part.length - bad.length;
        res.failed += bad.length;
        return true;
      }
      if (isRetryable(r.status)) {
        await retryLater(part, r.retryAfterMs, res, gone);
        return false;
      }
      if (part.length === 1) {
        await settle(part, gone);
        drop(r.status === 413 ? 'too_large' : 'rejected', part);
        res.failed++;
        return true;
      }
      const mid = Math.ceil(part.length / 2);
      return (await send(part.slice(0, mid))) && send(part.slice(mid));
    };

    try {
      return await send(recs);
    } finally {
      for (const id of ids) inflight.delete(id);
      say({ t: 'done', ids: gone });
    }
  }

  async function retryLater(part: StoredEvent[], retryAfterMs: number | undefined, res: FlushResult, gone: string[]) {
    const dead: StoredEvent[] = [];
    const keep: StoredEvent[] = [];
    let attempts = 0;
    for (const r of part) {
      r.attempts++;
      if (r.attempts >= cfg.retry.maxAttempts) dead.push(r);
      else {
        keep.push(r);
        attempts = Math.max(attempts, r.attempts);
      }
    }
    res.failed += part.length;
    await settle(dead, gone);
    drop('retry_exhausted', dead);
    // Retry-After is a floor: "0" must not turn into a tight retry loop. The drain resumes after
    // the delay even when this batch is gone (exhausted), for the events behind it.
    const delay = Math.max(retryAfterMs ?? 0, backoffDelay(attempts || cfg.retry.maxAttempts, cfg.retry.baseDelayMs, cfg.retry.maxDelayMs));
    for (const r of keep) r.notBefore = Date.now() + delay;
    if (keep.length) await store?.update(keep);
    schedule(delay);
  }

  // ---- page lifecycle ----

  /**
   * Synchronously hands the oldest events this tab knows of (not being sent by any tab) to
   * sendBeacon in one body ≤ 60 KB. They stay stored, marked `beaconAt`, and are sent again
   * through the normal path on the next load or when this page is visible again, unless a
   * keepalive answer confirmed them. Delivery is at least once; collectors dedupe on messageId.
   */
  function beacon() {
    if (consent !== 'granted' || destroyed) return;
    const limit = Math.min(HIDE_LIMIT, cfg.maxBatchBytes);
    // Stored events (oldest first), then writes not committed yet, then events tracked in this
    // task: an event tracked just before the page goes away is otherwise in none of them.
    const fresh: StoredEvent[] = [];
    for (const e of pending) {
      try {
        fresh.push(record(e));
      } catch {
        /* dropped as invalid by its write */
      }
    }
    const rows = [...[...mirror.values()].filter((r) => r.key).sort((a, b) => a.key! - b.key!), ...unwritten, ...fresh].filter(
      (r) => !inflight.has(idOf(r)) && !remote.has(idOf(r)) && !beaconed.has(idOf(r)),
    );
    const batch: StoredEvent[] = [];
    let bytes = overhead();
    for (const r of rows) {
      if (bytes + r.bytes + 1 > limit) break;
      batch.push(r);
      bytes += r.bytes + 1;
    }
    let json = bodyOf(batch.map((r) => r.event));
    while (batch.length && utf8Length(json) > limit) {
      batch.pop();
      json = bodyOf(batch.map((r) => r.event));
    }
    if (!batch.length) return;
    const { transport, answer } = sendOnHide(url, json);
    const at = Date.now();
    for (const r of batch) {
      beaconed.set(idOf(r), at);
      r.beaconAt = at;
    }
    const stored = batch.filter((r) => r.key);
    if (stored.length) store?.update(stored.map((r) => ({ ...r, beaconAt: at }))).catch(() => {});
    answer?.then(
      (res) => {
        // The page lived on and the collector answered: these are confirmed.
        if (res.ok) settle(batch.filter((r) => r.key), []).catch(() => {});
      },
      () => {},
    );
    hooks.emitFlush({ sent: batch.length, failed: 0, remaining: Math.max(0, est.count - batch.length), transport });
  }

  const onVisibility = () => {
    if (document.visibilityState === 'hidden') beacon();
    else {
      beaconed.clear();
      void drain();
    }
  };
  const onPageHide = () => {
    beacon();
    // Let another tab lead (and keep the page eligible for the back/forward cache).
    hidden = true;
    disconnect();
  };
  const onPageShow = (e: PageTransitionEvent) => {
    if (!e.persisted) return;
    hidden = false;
    beaconed.clear();
    if (consent === 'granted' && store) connect();
  };
  const onOnline = () => void drain();

  if (typeof window !== 'undefined' && typeof document !== 'undefined') {
    const listen = (t: EventTarget, type: string, fn: (e: any) => void) => {
      t.addEventListener(type, fn);
      offs.push(() => t.removeEventListener(type, fn));
    };
    // Also on window (bubbling, so after every listener on document): events that other
    // visibilitychange listeners track during the hide (web-vitals reports there) still go out.
    listen(document, 'visibilitychange', onVisibility);
    listen(window, 'visibilitychange', onVisibility);
    listen(window, 'pagehide', onPageHide);
    listen(window, 'pageshow', onPageShow);
    listen(window, 'online', onOnline);
  }

  // The client may switch to 'pending' right after creating us: decide in a microtask, so no
  // database is created for a visitor who has not consented.
  queueMicrotask(() => {
    if (consent === 'granted' && !destroyed) void start().catch((e) => hooks.report(e, 'queue'));
  });

  // ---- consent ----

  async function deny(fromOtherTab: boolean) {
    consent = 'denied';
    const n = held.length + pending.length;
    const ids = [...held, ...pending].map((e) => e.messageId);
    held = [];
    pending = [];
    if (!fromOtherTab) {
      // Tell the other tabs first: they stop and close their connections to the database.
      try {
        const c = chan ?? new BroadcastChannel('encore-' + ns);
        c.postMessage({ t: 'deny' } satisfies Msg);
        if (c !== chan) c.close();
      } catch {
        /* no BroadcastChannel: versionchange still closes their connections */
      }
    }
    disconnect();
    await writing.catch(() => {});
    let stored = 0;
    const s = store;
    store = null;
    ready = null;
    if (s) {
      try {
        const rows = await s.head(Infinity);
        stored = rows.length;
        for (const r of rows) ids.push(idOf(r));
      } catch {
        /* counted as 0 */
      }
      if (fromOtherTab) s.close();
      else await s.destroy();
    } else if (!fromOtherTab && hasIndexedDB()) await deleteDb(ns);
    mirror.clear();
    for (const k in dropped) delete dropped[k];
    if (n + stored) {
      dropped.consent_denied = n + stored;
      hooks.emitDrop({ reason: 'consent_denied', count: n + stored, ...(ids.length ? { messageIds: ids } : {}) });
    }
  }

  return {
    enqueue,
    flush: () => drain(true),
    countDrop,
    async setConsent(state, purposes) {
      try {
        if (destroyed) return;
        if (state === 'denied') return await deny(false);
        consent = state;
        if (state === 'pending') return disconnect();
        const h = held;
        held = [];
        for (const e of h) {
          if (purposes) e.context.consent = { ...purposes };
          enqueue(e);
        }
        await start();
      } catch (e) {
        hooks.report(e, 'queue');
      }
    },
    async destroy() {
      if (destroyed) return;
      try {
        write();
        if (consent === 'granted' && store) await drain(true);
      } catch {
        /* destroying anyway */
      }
      destroyed = true;
      for (const off of offs.splice(0)) off();
      disconnect();
      store?.close();
    },
  };
}
