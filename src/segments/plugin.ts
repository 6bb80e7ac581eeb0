/**
 * The segments feature: watches events on their way to the queue, keeps a small local history
 * (only with personalization consent) and turns it into interest and lifecycle segments.
 */
import type { EncoreApi, EncoreEvent, EncorePlugin } from '../types';
import { DEFAULTS, emptyHistory, evaluate, normalizeCategory, observe, touch, type History, type Observation, type ScoringOptions } from './scoring';

/** Options of {@link segmentsPlugin}; every field defaults as documented in `docs/segments.md`. */
export interface SegmentsOptions extends Partial<ScoringOptions> {
  /** Delay before history is written after a change, ms (writes are also flushed at page hide). */
  writeDelayMs?: number;
}

const KEY = 'segments';
const ENTERED = 'Segment Entered';
const EXITED = 'Segment Exited';

/** Reads what segments care about from one event; undefined when the event says nothing. */
function toObservation(e: EncoreEvent): Observation | undefined {
  const p = e.properties ?? {};
  const cat = normalizeCategory(p.category);
  if (e.type === 'track') {
    if (e.event === 'Video View Summary') return { k: 'watch', cat, ms: Number(p.watch_time_ms) || 0 };
    if (e.event === 'Product Viewed') return { k: 'view', cat };
    if (e.event === 'Order Completed') {
      const id = p.order_id ?? p.checkout_id;
      return { k: 'order', id: id == null ? undefined : String(id), value: Number(p.revenue ?? p.total) || 0 };
    }
  }
  return { k: 'activity' };
}

/**
 * Local interest segments (`interest:<category>`) and lifecycle stages (`lifecycle:<stage>`).
 * The client loads it lazily and calls `instance.use(segmentsPlugin())`. Without personalization
 * consent nothing is stored, observed or emitted, and `segments()` is empty.
 */
/* @__NO_SIDE_EFFECTS__ */
export function segmentsPlugin(options: SegmentsOptions = {}): EncorePlugin {
  const o: ScoringOptions = { ...DEFAULTS, ...options };
  const writeDelay = options.writeDelayMs ?? 1000;
  let api: EncoreApi | undefined;
  let h: History | undefined;
  /** Observations made before history finished loading. */
  let early: Array<[Observation, number, string | undefined]> = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let anonymousId: string | undefined;
  let generation = 0;
  let stopped = false;
  /** What was last given to `setSegments`, to skip identical updates. */
  let published = '';

  const allowed = () => !stopped && !!api && api.consentState().personalization;

  const write = () => {
    clearTimeout(timer);
    timer = undefined;
    if (h && allowed()) api!.store.set(KEY, h).catch((e) => api!.report(e, 'segments.write'));
  };
  const onHide = () => {
    if (timer !== undefined && document.visibilityState === 'hidden') write();
  };

  const publish = (now: number) => {
    if (!h || !api) return;
    const { segments, crossings } = evaluate(h, now, o);
    const key = JSON.stringify(segments);
    if (key !== published) api.setSegments(segments);
    published = key;
    for (const c of crossings) {
      api.track(c.entered ? ENTERED : EXITED, { segment: c.segment, score: c.score });
      api.emit('segment', c);
    }
    if (timer === undefined) timer = setTimeout(write, writeDelay);
  };

  /** Forgets everything held in memory (consent withdrawn, reset). The client deletes the store. */
  const forget = () => {
    clearTimeout(timer);
    timer = undefined;
    h = undefined;
    early = [];
    generation++;
    published = '';
    api?.setSegments([]);
  };

  const load = async () => {
    if (!allowed()) return;
    const gen = ++generation;
    let stored: History | undefined;
    try {
      stored = await api!.store.get<History>(KEY);
    } catch (e) {
      api!.report(e, 'segments.read');
    }
    // Consent may have changed, or a newer load started, while we waited.
    if (gen !== generation || !allowed()) return;
    h = stored && typeof stored === 'object' && stored.c ? { ...emptyHistory(), ...stored } : emptyHistory();
    for (const [ob, t, sid] of early) apply(ob, t, sid);
    early = [];
    publish(Date.now());
  };

  const apply = (ob: Observation, t: number, sid: string | undefined) => {
    touch(h!, sid, t);
    observe(h!, ob, t, o);
  };

  const onConsent = () => {
    if (!allowed()) forget();
    else if (!h) void load();
  };

  return {
    name: 'encore-segments',
    type: 'feature',
    setup(a) {
      api = a;
      a.on('consent', onConsent);
      addEventListener('visibilitychange', onHide);
      return load();
    },
    beforeEnqueue(e) {
      try {
        // Our own events come back through here: never observe them (no loops).
        if (e.event === ENTERED || e.event === EXITED || !allowed()) return e;
        // After `reset()` the store is already empty; drop what memory still holds.
        if (anonymousId && e.anonymousId !== anonymousId) {
          forget();
          h = emptyHistory();
        }
        anonymousId = e.anonymousId;
        const ob = toObservation(e);
        if (!ob) return e;
        const t = Math.min(Date.parse(e.timestamp) || Date.now(), Date.now());
        const sid = e.context?.session?.id;
        if (!h) {
          if (early.length < 100) early.push([ob, t, sid]);
        }
        else {
          apply(ob, t, sid);
          // Tracking from inside the pipeline would re-enter it: publish once this event is queued.
          queueMicrotask(() => publish(Date.now()));
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
      removeEventListener('visibilitychange', onHide);
    },
  };
}
