import type { DropReason, EncoreEvent, FlushResult } from '../types';
import { deleteDb } from './idb';
import { elect, type Leader } from './leader';
import { openStore } from './store';
import { COMMERCE, idOf } from './records';
import { spill, takeSpilled, unspill } from './spill';
import type { Host, Sender } from './sender';
import { HIDE_LIMIT, post, utf8, type Answer } from './transport';
import { hideBatch, watchLifecycle } from './hide';
import { announceDenied, channelName, DENIED, DROPS, SENDING, SETTLED, WAKE, type TabMessage } from './tabs';
import type { Delivery, DeliveryHooks, EventStore, StoredEvent } from './types';

/** When the send path's chunk did not load, the next attempt is this much later (or at the next flush). */
const RELOAD_MS = 30_000;

/** Events per IndexedDB write: about 10 ms of work (cloning each into the store) on a phone-class core. */
const SLICE = 100;

/**
 * The durable delivery pipeline (see docs/delivery.md): every event is written to IndexedDB in the
 * task that tracked it, sent in batches by the one tab holding the flush lock, and removed only
 * after the collector accepted it.
 */
/* @__NO_SIDE_EFFECTS__ */
export function createDelivery(hooks: DeliveryHooks): Delivery {
  const { config: cfg, ns, report } = hooks;
  const c0 = cfg.consent;
  let consent = typeof c0 === 'string' ? c0 : c0.analytics === false ? 'denied' : c0.analytics ? 'granted' : 'pending';
  let store: EventStore | null = null;
  let ready: Promise<unknown> | null = null;
  let leader: Leader | null = null;
  let leading = false;
  let chan: BroadcastChannel | null = null;
  let dead = false;
  /** After pagehide (until pageshow): this tab does not lead. */
  let away = false;
  /** Events tracked while consent is pending: memory only. */
  let held: EncoreEvent[] = [];
  /** Events not written yet: this task's, or a burst's later slices. */
  let pending: EncoreEvent[] = [];
  /** The write of what is pending, slice after slice, while one runs. */
  let writing: Promise<void> | 0 = 0;
  /** Queue size [count, bytes]: counted locally between refreshes from storage. */
  let size: [number, number] = [0, 0];
  let dropped: Record<string, number> = {};
  /**
   * This tab's unconfirmed events from the start of their write (and those it read as leader), for
   * the page-hide beacon; also the queue itself once storage fell back to memory.
   */
  const mirror = new Map<string, StoredEvent>();
  /** Ids being sent right now, by this tab or (announced) by the leader. */
  const busy = new Set<string>();
  /** Ids this tab beaconed (and when): not sent again by this tab until it is visible again. */
  const beaconed = new Map<string, number>();
  /** Ids of this tab's events in the page-hide spill (spill.ts), until their write commits. */
  const spilled = new Set<string>();
  /** This page queued events a closed page spilled: they go at once, as other pages' leftovers do. */
  let adopted = false;
  let timer: ReturnType<typeof setTimeout> | 0 = 0;
  let timerAt = 0;

  const leads = () => store?.inMemory_ || leading;
  const say = (m: TabMessage) => chan?.postMessage(m);
  const record = (e: EncoreEvent): StoredEvent => ({ e, b: utf8(JSON.stringify(e)) + 12 /* room for the seq */, a: 0 });
  const overhead = () => 80 + utf8(JSON.stringify([cfg.writeKey, dropped]));
  const bodyOf = (rows: StoredEvent[]) => JSON.stringify({ batch: rows.map((r) => r.e), sentAt: new Date().toISOString(), writeKey: cfg.writeKey });

  function countDrop(reason: DropReason, count = 1) {
    dropped[reason] = (dropped[reason] || 0) + count;
    // Followers never send batches: hand the counts to the leader.
    if (!leads() && chan) say([DROPS, dropped]), (dropped = {});
  }

  /**
   * Removes events from storage and from this tab's view, tells the other tabs, and with a
   * `reason` counts and reports them as dropped. Resolves how many.
   */
  async function settle(list: Array<StoredEvent | EncoreEvent>, reason?: DropReason): Promise<number> {
    const ids = list.map(idOf);
    if (!ids.length) return 0;
    const stored = (list as StoredEvent[]).filter((r) => r.k);
    if (stored.length) await store?.delete_(stored);
    for (const id of ids) mirror.delete(id), beaconed.delete(id);
    say([SETTLED, ids]);
    if (reason) countDrop(reason, ids.length), hooks.emitDrop_({ reason, count: ids.length, messageIds: ids });
    return ids.length;
  }

  function schedule(ms: number) {
    const at = Date.now() + ms;
    if (dead || (timer && timerAt <= at)) return;
    clearTimeout(timer);
    timerAt = at;
    timer = setTimeout(() => {
      timer = 0;
      void drain();
    }, ms);
  }

  /** A follower wakes the leader; the leader sends now or after the interval. */
  const wake = (now: boolean) =>
    leads() ? (now || !cfg.flushIntervalMs ? void drain() : schedule(cfg.flushIntervalMs)) : say([WAKE, now]);

  function connect() {
    if (leader || dead || away || consent !== 'granted' || !store) return;
    const s = store;
    try {
      chan = new BroadcastChannel(channelName(ns));
      chan.onmessage = ({ data: [type, payload] }: MessageEvent<TabMessage>) => {
        // A hidden leader's timers are throttled (up to once a minute): woken, it sends at once.
        if (type === WAKE) leads() && wake(payload || document.hidden);
        else if (type === SENDING) for (const id of payload) busy.add(id);
        else if (type === SETTLED) for (const id of payload) busy.delete(id), mirror.delete(id);
        else if (type === DROPS) for (const reason in payload) dropped[reason] = (dropped[reason] || 0) + payload[reason]!;
        else void deny(true); // DENIED
      };
    } catch {
      /* no BroadcastChannel: tabs work on their own */
    }
    leader = elect(ns, s, () => {
      leading = true;
      // Events other pages left behind (earlier loads, closed tabs) go now; ours wait for the interval.
      s.size_().then(([n]) => void (n > mirror.size || adopted ? ((adopted = false), drain()) : n && schedule(cfg.flushIntervalMs)));
    });
  }

  function disconnect() {
    leader?.stop();
    chan?.close();
    leader = chan = null;
    leading = false;
    clearTimeout(timer);
    timer = 0;
  }

  /** Opens the store (creating the database) once consent is granted, then joins the election. */
  async function start() {
    // Events a closed page spilled at its hide are queued again, once per opening of the store.
    await (ready ||= (store = openStore(ns, report, mirror)).size_().then(() => {
      for (const e of takeSpilled(ns)) enqueue(e), (adopted = true);
    }));
    connect();
  }

  // ---- enqueue: synchronous and cheap; one transaction per task, started in that task ----

  function enqueue(e: EncoreEvent) {
    if (dead) return;
    if (consent === 'denied') return void settle([e], 'consent_denied');
    if (consent === 'pending') return void (held.push(e) > cfg.maxQueueEvents && settle([held.shift()!], 'queue_full'));
    if (pending.push(e) === 1) queueMicrotask(write);
  }

  /**
   * Writes what is pending, `SLICE` events per transaction: the first slice in this task, each next
   * one in the task where the previous one committed, so a burst of thousands of track() calls
   * makes no long task. Until their slice is written the page-hide body covers them from `pending`.
   * Resolves when nothing is left to write.
   */
  function write(): Promise<void> {
    // The loop awaits before it ends, so `writing` is set before the loop clears it.
    if (!writing && pending.length)
      writing = (async () => {
        while (pending.length) await persist(pending.splice(0, SLICE));
        writing = 0;
      })();
    return writing || Promise.resolve();
  }

  async function persist(evs: EncoreEvent[]) {
    const recs: StoredEvent[] = [];
    try {
      for (const e of evs)
        try {
          const r = record(e);
          mirror.set(e.messageId, r);
          recs.push(r);
        } catch (x) {
          void settle([e], 'invalid');
          report(x, 'queue');
        }
      await start();
      const s = store;
      if (consent !== 'granted' || !s) {
        // Consent changed between track() and this write.
        for (const e of evs) mirror.delete(e.messageId);
        if (consent === 'pending') held.push(...evs);
        else void settle(evs, 'consent_denied');
        return;
      }
      size = await s.add_(recs, recs.some((r) => COMMERCE.test(r.e.event!)));
      const committed = recs.map(idOf).filter((id) => spilled.delete(id));
      if (committed.length) unspill(ns, committed);
      // Trimming is in the send path's chunk; if it cannot load, the next write trims.
      if (size[0] > cfg.maxQueueEvents || size[1] > cfg.maxQueueBytes) await send().then((sender) => sender.trim_(s), (e) => report(e, 'queue'));
      wake(adopted || recs.some((r) => r.e.event === 'Order Completed') || size[0] >= cfg.batchSize);
      if (leads()) adopted = false; // sent now; a follower keeps the flag for when it leads
    } catch (x) {
      report(x, 'queue');
    }
  }

  // ---- dispatch: only the tab that sends loads the send path (sender.ts) ----

  const host: Host = {
    hooks_: hooks,
    live_: () => (consent === 'granted' && store && leader && !dead ? [store, leader] : undefined),
    store_: () => store,
    dropped_: () => dropped,
    mirror_: mirror,
    busy_: busy,
    beaconed_: beaconed,
    write_: write,
    settle_: settle,
    wakeLeader_: () => say([WAKE, true]),
    announceSending_: (ids) => say([SENDING, ids]),
    schedule_: schedule,
    post_: (rows) => post(cfg.endpoint, bodyOf(rows)) as Promise<Answer>,
    overhead_: overhead,
    remaining_: async () => (store ? (await store.size_())[0] : held.length),
  };
  let sender: Promise<Sender> | undefined;
  /** Loads the send path once; a failed load (offline, or a deploy that removed the chunk) is tried again on the next call. */
  const send = () =>
    (sender ||= import('./sender')
      .then((m) => m.createSender(host))
      .catch((e) => {
        sender = undefined;
        throw e;
      }));
  /**
   * Sends what is stored: in the tab that leads, when asked to (a follower's flush() wakes the
   * leader), and without Web Locks in any tab (sending starts by taking an expired lease).
   */
  const drain = (explicit?: boolean): Promise<FlushResult> =>
    (explicit || leads() || !navigator.locks ? send() : Promise.reject()).then(
      (sender) => sender.drain_(explicit),
      (e) => {
        const res = { sent: 0, failed: 0, remaining: size[0] };
        if (e) {
          report(e, 'queue');
          schedule(RELOAD_MS);
          if (explicit) hooks.emitFlush_({ ...res, transport: 'fetch' });
        }
        return res;
      },
    );

  // ---- page lifecycle ----

  /**
   * Synchronously hands the oldest events this tab knows of and no tab is sending to sendBeacon,
   * in one body ≤ 60 KB: stored ones first, then writes not committed yet, then events tracked in
   * this task (an event tracked just before the page goes away is in none of the others). Each
   * event goes out once per hide. They stay stored (or are written) and are sent again on the
   * next load or when this page is visible again, unless a keepalive answer confirmed them: at
   * least once; collectors dedupe on messageId. No IndexedDB transaction starts here: WebKit can
   * keep one begun at pagehide open after the page is gone, which blocks every write of the next
   * page in the tab (docs/browsers.md).
   */
  function beacon() {
    if (consent !== 'granted' || dead) return;
    // The overhead counts the dropped counts too, which a beacon does not carry: an upper bound.
    const batch = hideBatch(mirror.values(), pending.map(record), (id) => busy.has(id) || beaconed.has(id), Math.min(HIDE_LIMIT, cfg.maxBatchBytes), overhead());
    if (!batch.length) return;
    const at = Date.now();
    for (const r of batch) beaconed.set(idOf(r), at);
    const stored = batch.filter((r) => r.k);
    // Not committed yet: the body alone may not survive the tab closing.
    const unstored = batch.filter((r) => !r.k).map((r) => r.e);
    if (unstored.length) spill(ns, unstored), unstored.forEach((e) => spilled.add(e.messageId));
    const answer = post(cfg.endpoint, bodyOf(batch), true);
    // The page lived on and the collector answered: these are confirmed.
    if (answer) answer.then((a) => void (a.status_ > 199 && a.status_ < 300 && settle(stored)));
    hooks.emitFlush_({ sent: batch.length, failed: 0, remaining: Math.max(0, size[0] - batch.length), transport: answer ? 'keepalive' : 'beacon' });
  }

  const unwatch = watchLifecycle({
    hidden_: beacon,
    visible_: () => (beaconed.clear(), void drain()),
    leaving_() {
      // Let another tab lead (and keep the page eligible for the back/forward cache).
      away = true;
      disconnect();
    },
    restored_() {
      away = false;
      beaconed.clear();
      connect();
    },
    online_: () => void drain(),
  });

  // ---- consent ----

  async function deny(fromOtherTab?: boolean) {
    consent = 'denied';
    const evs = [...held, ...pending];
    held = pending = [];
    // Tell the other tabs first: they stop and close their connections to the database.
    if (!fromOtherTab) announceDenied(ns);
    disconnect();
    await writing;
    evs.push(...takeSpilled(ns));
    const s = store;
    store = ready = null;
    const all: Array<StoredEvent | EncoreEvent> = [...evs, ...(s ? await s.head_(0) : [])];
    if (s) fromOtherTab ? s.close_() : await s.destroy_();
    else if (!fromOtherTab) await deleteDb(ns);
    mirror.clear();
    dropped = {};
    await settle(all, 'consent_denied');
  }

  return {
    enqueue_: enqueue,
    flush: () => drain(true),
    countDrop_: countDrop,
    async setConsent_(state, purposes) {
      try {
        if (dead) return;
        if (state === 'denied') return await deny();
        consent = state;
        if (state === 'pending') return disconnect();
        for (const e of held.splice(0)) {
          if (purposes) e.context.consent = { ...purposes };
          enqueue(e);
        }
        // A client that switches to 'pending' right after creating us never creates the database.
        await 0;
        if (consent === 'granted') await start();
      } catch (e) {
        report(e, 'queue');
      }
    },
    async destroy() {
      if (dead) return;
      try {
        write();
        if (consent === 'granted' && store) await drain(true);
      } catch {
        /* destroying anyway */
      }
      dead = true;
      unwatch();
      disconnect();
      store?.close_();
    },
  };
}
