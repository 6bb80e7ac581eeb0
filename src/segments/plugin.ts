/**
 * The segments feature: watches events on their way to the queue, keeps a small local history
 * (only with personalization consent) and turns it into interest and lifecycle segments.
 */
import type { EncoreApi, EncoreEvent, EncorePlugin } from '../types';
import { DEFAULTS, emptyHistory, evaluate, normalizeCategory, order, touch, view, watch, type History, type ScoringOptions } from './scoring';

/** Options of {@link segmentsPlugin}; every field defaults as documented in `docs/segments.md`. */
export interface SegmentsOptions extends Partial<ScoringOptions> {
  /** Delay before history is written after a change, ms (pending writes also happen at page hide). */
  writeDelayMs?: number;
}

const KEY = 'segments';
const ENTERED = 'Segment Entered';
const EXITED = 'Segment Exited';

/**
 * Local interest segments (`interest:<category>`) and lifecycle stages (`lifecycle:<stage>`).
 * The client loads it lazily and calls `instance.use(segmentsPlugin())`. Without personalization
 * consent nothing is observed, stored or emitted, and `segments()` is empty.
 */
/* @__NO_SIDE_EFFECTS__ */
export function segmentsPlugin(options: SegmentsOptions = {}): EncorePlugin {
  const o: ScoringOptions = { ...DEFAULTS, ...options };
  let api: EncoreApi | undefined;
  let h: History | undefined;
  /** Events seen before history finished loading. */
  let early: EncoreEvent[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let anonymousId: string | undefined;
  /** Bumped whenever memory is forgotten, so a load that started earlier is discarded. */
  let generation = 0;
  let stopped = false;

  // The store keeps nothing without both purposes, and events do not flow without analytics.
  const allowed = () => {
    const c = !stopped && api?.consentState();
    return !!c && c.personalization && c.analytics;
  };

  const write = () => {
    clearTimeout(timer);
    timer = undefined;
    if (h && allowed()) api!.store.set(KEY, h).catch((e) => api!.report(e, 'segments'));
  };
  // A pending write is done at once when the page may be going away (visibilitychange, pagehide):
  // the debounce must not lose the last second of activity.
  const onHide = () => {
    if (timer !== undefined) write();
  };
  const HIDE_EVENTS = ['visibilitychange', 'pagehide'];

  const publish = () => {
    if (!h || !api) return;
    const { segments, crossings } = evaluate(h, Date.now(), o);
    api.setSegments(segments);
    for (const c of crossings) {
      api.track(c.entered ? ENTERED : EXITED, { segment: c.segment, score: c.score });
      api.emit('segment', c);
    }
    // A crossing is written at once, so the next page does not announce it again.
    if (crossings.length) write();
    else timer ??= setTimeout(write, options.writeDelayMs ?? 1000);
  };

  /** Forgets what memory holds (consent withdrawn, reset); the client deletes the store itself. */
  const forget = () => {
    clearTimeout(timer);
    timer = h = undefined;
    early = [];
    generation++;
    api?.setSegments([]);
  };

  const load = async () => {
    if (!allowed()) return;
    const gen = ++generation;
    let stored: History | undefined;
    try {
      stored = await api!.store.get<History>(KEY);
    } catch (e) {
      api!.report(e, 'segments');
    }
    // Consent may have changed, or memory been forgotten, while we waited.
    if (gen !== generation || !allowed()) return;
    h = { ...emptyHistory(), ...(stored?.c ? stored : {}) };
    early.forEach(apply);
    early = [];
    publish();
  };

  /** Updates history from one event. */
  const apply = (e: EncoreEvent) => {
    const p = e.properties ?? {};
    const cat = normalizeCategory(p.category);
    // The call time (snippet replays carry earlier ones), never in the future.
    const t = Math.min(Date.parse(e.timestamp) || Date.now(), Date.now());
    touch(h!, e.context?.session?.id, t);
    if (e.type !== 'track') return;
    if (e.event === 'Video View Summary') watch(h!, cat, Number(p.watch_time_ms), t, o);
    else if (e.event === 'Product Viewed') view(h!, cat, t, o);
    else if (e.event === 'Order Completed') {
      const id = p.order_id ?? p.checkout_id;
      order(h!, id == null ? undefined : String(id), Number(p.revenue ?? p.total) || 0, t);
    }
  };

  /** After `reset()` (a new anonymous id) history starts again, and the old one is deleted. */
  const checkIdentity = (id: string | undefined) => {
    if (anonymousId && id !== anonymousId && allowed()) {
      forget();
      h = emptyHistory();
      api!.store.delete(KEY).catch((e) => api!.report(e, 'segments'));
    }
    anonymousId = id;
  };
  const onIdentity = (n: unknown) => checkIdentity((n as { anonymousId?: string } | undefined)?.anonymousId);

  const onConsent = () => {
    if (!allowed()) forget();
    else if (!h) void load();
  };

  return {
    name: 'encore-segments',
    type: 'feature',
    setup(a) {
      api = a;
      anonymousId = a.identity().anonymousId;
      a.on('consent', onConsent);
      a.on('identity', onIdentity);
      for (const t of HIDE_EVENTS) addEventListener(t, onHide);
      return load();
    },
    beforeEnqueue(e) {
      try {
        // Our own events come back through here: never observe them (no loops).
        if (e.event === ENTERED || e.event === EXITED || !allowed()) return e;
        checkIdentity(e.anonymousId);
        if (!h) {
          if (early.length < 100) early.push(e);
        } else {
          apply(e);
          // Tracking from inside the pipeline would re-enter it: publish once this event is queued.
          queueMicrotask(publish);
        }
      } catch (err) {
        api?.report(err, 'segments');
      }
      return e;
    },
    teardown() {
      write();
      stopped = true;
      api?.off('consent', onConsent);
      api?.off('identity', onIdentity);
      for (const t of HIDE_EVENTS) removeEventListener(t, onHide);
    },
  };
}
