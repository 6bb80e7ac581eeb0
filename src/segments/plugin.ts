/**
 * The segments feature: watches events on their way to the queue, keeps a small local history
 * (only with personalization consent) and turns it into interest and lifecycle segments.
 */
import type { EncoreApi, EncoreEvent, EncorePlugin } from '../types';
import { emptyHistory, evaluate, observe, type History } from './scoring';

const KEY = 'segments';
const ENTERED = 'Segment Entered';
const EXITED = 'Segment Exited';

/**
 * Local interest segments (`interest:<category>`) and lifecycle stages (`lifecycle:<stage>`).
 * The client loads it lazily and calls `instance.use(segmentsPlugin())`. Without personalization
 * consent nothing is observed, stored or emitted, and `segments()` is empty.
 */
/* @__NO_SIDE_EFFECTS__ */
export function segmentsPlugin(): EncorePlugin {
  let api: EncoreApi;
  // Invariant: history is in memory only while both purposes are granted (the consent listener
  // forgets it otherwise), so writes need no consent check of their own.
  let h: History | undefined;
  /**
   * Events seen before history finished loading. Replaced (not emptied) whenever memory is
   * forgotten, so a load that started earlier sees it is stale.
   */
  let early: EncoreEvent[] = [];
  let anonymousId: string | undefined;
  /** A publish is queued: events tracked in one task are evaluated and written once. */
  let queued = false;

  // The store keeps nothing without both purposes, and events do not flow without analytics.
  const allowed = () => {
    const c = api.consentState();
    return c.personalization && c.analytics;
  };


  const publish = () => {
    queued = false;
    if (!h) return;
    const [segments, crossings] = evaluate(h, Date.now());
    api.setSegments(segments);
    for (const c of crossings) {
      const { entered, ...props } = c;
      api.track(entered ? ENTERED : EXITED, props);
      api.emit('segment', c);
    }
    // Written at once (one small value, at most once per observed event): nothing is lost when the
    // page goes away, and the next page does not announce a crossing again.
    api.store.set(KEY, h).catch(api.report);
  };

  /** Forgets what memory holds (consent withdrawn, reset, teardown); the client deletes the store itself. */
  const forget = () => {
    h = undefined;
    early = [];
    api.setSegments([]);
  };

  /** Reads the stored history (only with consent: see `onConsent`). */
  const load = async () => {
    const seen = early;
    const stored = await api.store.get<History>(KEY).catch(api.report);
    // Memory may have been forgotten (consent withdrawn, reset) while we waited.
    if (seen != early) return;
    h = { ...emptyHistory(), ...stored };
    for (const e of seen) observe(h, e);
    early = [];
    publish();
  };

  /**
   * Called with the `identity` notification and with every event (both carry `anonymousId`): after
   * `reset()` (a new anonymous id) history starts again, and the old one is deleted.
   */
  const onIdentity = (n: { anonymousId?: string }) => {
    if (anonymousId && n.anonymousId != anonymousId && allowed()) {
      forget();
      h = emptyHistory();
      api.store.delete(KEY).catch(api.report);
    }
    anonymousId = n.anonymousId;
  };

  /** Also the start: loads history when allowed, else makes sure nothing is held. */
  const onConsent = () => (allowed() ? (h ? undefined : load()) : forget());

  /** Adds (`on`) or removes (`off`) the listeners. */
  const listen = (m: 'on' | 'off') => {
    api[m]('consent', onConsent);
    api[m]('identity', onIdentity);
  };

  return {
    name: 'encore-segments',
    type: 'feature',
    setup(a) {
      api = a;
      anonymousId = a.identity().anonymousId;
      listen('on');
      return onConsent();
    },
    // The client isolates a throwing plugin (reported, event unchanged), so there is no try here.
    beforeEnqueue(e) {
      // Our own events come back through here: never observe them (no loops).
      if (e.event != ENTERED && e.event != EXITED && allowed()) {
        onIdentity(e);
        if (!h) early.length < 100 && early.push(e);
        else {
          observe(h, e);
          // Tracking from inside the pipeline would re-enter it: publish once this event is queued.
          if (!queued) queueMicrotask(publish), (queued = true);
        }
      }
      return e;
    },
    teardown() {
      forget();
      listen('off');
    },
  };
}
