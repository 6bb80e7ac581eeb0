import type { DropReason, EncoreEvent, FlushResult } from '../types';
import { deleteDb } from './idb';
import { elect, type Leader } from './leader';
import { openStore } from './store';
import { COMMERCE, idOf } from './records';
import { spill, takeSpilled, unspill } from './spill';
import type { Answer, Host, Sender } from './sender';
import type { Delivery, DeliveryHooks, EventStore, StoredEvent } from './types';

/**
 * Messages between tabs on BroadcastChannel `encore-<ns>`:
 * [0, urgent] a follower stored events (wake the leader); [1, ids] the leader is sending these;
 * [2, ids] the leader settled these; [3, counts] a follower's drop counts, to ride on the leader's
 * next batch; [4] consent was denied in another tab: stop and let the database go.
 */
type Msg = [0, boolean] | [1 | 2, string[]] | [3, Record<string, number>] | [4];

/** When the send path's chunk did not load, the next attempt is this much later (or at the next flush). */
const RELOAD_MS = 30_000;

/** Events per IndexedDB write: about 10 ms of work (cloning each into the store) on a phone-class core. */
const SLICE = 100;

/** Page-hide bodies stay under the 64 KiB budget sendBeacon and keepalive share. */
const HIDE_LIMIT = 60_000;

const utf8 = (s: string) => new TextEncoder().encode(s).length;

const noop = () => {};

/**
 * POSTs a batch body without cookies. A string body is sent as `text/plain;charset=UTF-8`, a
 * CORS-simple type: no preflight (which cannot finish at page hide). While the page hides:
 * sendBeacon (returns 0), or a keepalive fetch when the beacon is refused (over the 64 KiB
 * in-flight budget, or missing). Never rejects. The answer carries the raw `Retry-After` header,
 * which the send path parses; cross-origin collectors must expose it (`Access-Control-Expose-Headers`).
 */
function post(url: string, body: string, hide?: boolean): Promise<Answer> | 0 {
  try {
    if (hide && navigator.sendBeacon(url, body)) return 0;
  } catch {
    /* keepalive then */
  }
  return fetch(url, { method: 'POST', body, credentials: 'omit', keepalive: hide, signal: AbortSignal.timeout(30_000) }).then(
    async (r) => ({ s: r.status, r: r.headers.get('Retry-After'), j: r.ok ? await r.json().catch(noop) : 0 }),
    () => ({ s: 0 }),
  );
}

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

  const leads = () => store?.m || leading;
  const say = (m: Msg) => chan?.postMessage(m);
  const record = (e: EncoreEvent): StoredEvent => ({ e, b: utf8(JSON.stringify(e)) + 12 /* room for the seq */, a: 0 });
  const overhead = () => 80 + utf8(JSON.stringify([cfg.writeKey, dropped]));
  const bodyOf = (rows: StoredEvent[]) => JSON.stringify({ batch: rows.map((r) => r.e), sentAt: new Date().toISOString(), writeKey: cfg.writeKey });

  function countDrop(reason: DropReason, count = 1) {
    dropped[reason] = (dropped[reason] || 0) + count;
    // Followers never send batches: hand the counts to the leader.
    if (!leads() && chan) say([3, dropped]), (dropped = {});
  }

  /**
   * Removes events from storage and from this tab's view, tells the other tabs, and with a
   * `reason` counts and reports them as dropped. Resolves how many.
   */
  async function settle(list: Array<StoredEvent | EncoreEvent>, reason?: DropReason): Promise<number> {
    const ids = list.map(idOf);
    if (!ids.length) return 0;
    const stored = (list as StoredEvent[]).filter((r) => r.k);
    if (stored.length) await store?.del(stored);
    for (const id of ids) mirror.delete(id), beaconed.delete(id);
    say([2, ids]);
    if (reason) countDrop(reason, ids.length), hooks.emitDrop({ reason, count: ids.length, messageIds: ids });
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
    leads() ? (now || !cfg.flushIntervalMs ? void drain() : schedule(cfg.flushIntervalMs)) : say([0, now]);

  function connect() {
    if (leader || dead || away || consent !== 'granted' || !store) return;
    const s = store;
    try {
      chan = new BroadcastChannel('encore-' + ns);
      chan.onmessage = ({ data: [t, d] }: MessageEvent<Msg>) => {
        // A hidden leader's timers are throttled (up to once a minute): woken, it sends at once.
        if (t === 0) leads() && wake(d || document.hidden);
        else if (t === 1) d.forEach((id) => busy.add(id));
        else if (t === 2) d.forEach((id) => (busy.delete(id), mirror.delete(id)));
        else if (t === 3) for (const k in d) dropped[k] = (dropped[k] || 0) + d[k]!;
        else void deny(true);
      };
    } catch {
      /* no BroadcastChannel: tabs work on their own */
    }
    leader = elect(ns, s, () => {
      leading = true;
      // Events other pages left behind (earlier loads, closed tabs) go now; ours wait for the interval.
      s.size().then(([n]) => void (n > mirror.size || adopted ? ((adopted = false), drain()) : n && schedule(cfg.flushIntervalMs)));
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
    await (ready ||= (store = openStore(ns, report, mirror)).size().then(() => {
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
          r.t = beaconed.get(e.messageId); // beaconed before its write: stored as such
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
      size = await s.add(recs, recs.some((r) => COMMERCE.test(r.e.event!)));
      const committed = recs.map(idOf).filter((id) => spilled.delete(id));
      if (committed.length) unspill(ns, committed);
      // Beaconed while the write ran: mark them in storage too.
      const late = recs.filter((r) => !r.t && (r.t = beaconed.get(idOf(r))));
      if (late.length) s.put(late);
      // Trimming is in the send path's chunk; if it cannot load, the next write trims.
      if (size[0] > cfg.maxQueueEvents || size[1] > cfg.maxQueueBytes) await send().then((x) => x.trim(s), (e) => report(e, 'queue'));
      wake(adopted || recs.some((r) => r.e.event === 'Order Completed') || size[0] >= cfg.batchSize);
      if (leads()) adopted = false; // sent now; a follower keeps the flag for when it leads
    } catch (x) {
      report(x, 'queue');
    }
  }

  // ---- dispatch: only the tab that sends loads the send path (sender.ts) ----

  const host: Host = {
    h: hooks,
    live: () => (consent === 'granted' && store && leader && !dead ? [store, leader] : undefined),
    store: () => store,
    dropped: () => dropped,
    mirror,
    busy,
    beaconed,
    write,
    settle,
    say,
    schedule,
    post: (rows) => post(cfg.endpoint, bodyOf(rows)) as Promise<Answer>,
    overhead,
    remaining: async () => (store ? (await store.size())[0] : held.length),
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
      (x) => x.drain(explicit),
      (e) => {
        const res = { sent: 0, failed: 0, remaining: size[0] };
        if (e) {
          report(e, 'queue');
          schedule(RELOAD_MS);
          if (explicit) hooks.emitFlush({ ...res, transport: 'fetch' });
        }
        return res;
      },
    );

  // ---- page lifecycle ----

  /**
   * Synchronously hands the oldest events this tab knows of and no tab is sending to sendBeacon,
   * in one body ≤ 60 KB: stored ones first, then writes not committed yet, then events tracked in
   * this task (an event tracked just before the page goes away is in none of the others). Each
   * event goes out once per hide. They stay stored (or are written), marked `t`, and are sent
   * again on the next load or when this page is visible again, unless a keepalive answer
   * confirmed them: at least once; collectors dedupe on messageId.
   */
  function beacon() {
    if (consent !== 'granted' || dead) return;
    const limit = Math.min(HIDE_LIMIT, cfg.maxBatchBytes);
    const batch: StoredEvent[] = [];
    let bytes = overhead();
    const k = (r: StoredEvent) => r.k || 9e15; // writes not committed yet come after the stored events
    for (const r of [...[...mirror.values()].sort((x, y) => k(x) - k(y)), ...pending.map(record)])
      if (!busy.has(idOf(r)) && !beaconed.has(idOf(r))) {
        if ((bytes += r.b + 1) > limit) break;
        batch.push(r);
      }
    // The estimate is an upper bound (each size has room for its seq; the overhead counts the
    // dropped counts, which a beacon does not carry), so the body is within the limit.
    if (!batch.length) return;
    const at = Date.now();
    for (const r of batch) beaconed.set(idOf(r), (r.t = at));
    const stored = batch.filter((r) => r.k);
    if (stored.length) store?.put(stored);
    // Not committed yet: the body alone may not survive the tab closing.
    const unstored = batch.filter((r) => !r.k).map((r) => r.e);
    if (unstored.length) spill(ns, unstored), unstored.forEach((e) => spilled.add(e.messageId));
    const answer = post(cfg.endpoint, bodyOf(batch), true);
    // The page lived on and the collector answered: these are confirmed.
    if (answer) answer.then((a) => void (a.s > 199 && a.s < 300 && settle(stored)));
    hooks.emitFlush({ sent: batch.length, failed: 0, remaining: Math.max(0, size[0] - batch.length), transport: answer ? 'keepalive' : 'beacon' });
  }

  const onVisibility = () => (document.hidden ? beacon() : (beaconed.clear(), void drain()));
  const listeners: Array<[EventTarget, string, (e: any) => void]> = [
    [document, 'visibilitychange', onVisibility],
    // Again on window, after every listener on document: events that other visibilitychange
    // listeners track during the hide (web-vitals reports there) go out too.
    [window, 'visibilitychange', onVisibility],
    [
      window,
      'pagehide',
      () => {
        beacon();
        // Let another tab lead (and keep the page eligible for the back/forward cache).
        away = true;
        disconnect();
      },
    ],
    [
      window,
      'pageshow',
      (e: PageTransitionEvent) => {
        if (e.persisted) (away = false), beaconed.clear(), connect();
      },
    ],
    [window, 'online', () => drain()],
  ];
  for (const [t, n, f] of listeners) t.addEventListener(n, f);

  // ---- consent ----

  async function deny(fromOtherTab?: boolean) {
    consent = 'denied';
    const evs = [...held, ...pending];
    held = pending = [];
    // Tell the other tabs first: they stop and close their connections to the database.
    if (!fromOtherTab)
      try {
        const c = new BroadcastChannel('encore-' + ns); // ours closes below, before this arrives
        c.postMessage([4]);
        c.close();
      } catch {
        /* no BroadcastChannel: versionchange still closes their connections */
      }
    disconnect();
    await writing;
    evs.push(...takeSpilled(ns));
    const s = store;
    store = ready = null;
    const all: Array<StoredEvent | EncoreEvent> = [...evs, ...(s ? await s.head(0) : [])];
    if (s) fromOtherTab ? s.close() : await s.destroy();
    else if (!fromOtherTab) await deleteDb(ns);
    mirror.clear();
    dropped = {};
    await settle(all, 'consent_denied');
  }

  return {
    enqueue,
    flush: () => drain(true),
    countDrop,
    async setConsent(state, purposes) {
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
      for (const [t, n, f] of listeners) t.removeEventListener(n, f);
      disconnect();
      store?.close();
    },
  };
}
