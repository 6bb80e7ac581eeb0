/**
 * `createEncore(config)`: the facade. It validates config at the edge, builds Segment-compatible
 * envelopes, runs plugins, applies consent and hands events to the delivery pipeline (`queue/`).
 * Video, Web Vitals, segments and SPA page views are plugin factories loaded with dynamic imports,
 * so an app that only tracks events does not bundle them.
 */
import type {
  AttachVideoOptions,
  CallOptions,
  ConsentPurposes,
  Encore,
  EncoreApi,
  EncoreConfigInput,
  EncoreEvent,
  EncorePlugin,
  EventType,
  FlushResult,
  LocalState,
  Properties,
  SegmentInfo,
  VideoHandle,
  VideoMeta,
} from '../types';
import type { EncoreConfig } from './schema';
import type { DropReason } from '../types';
import type { Delivery } from '../queue/types';
import { parseConfig, THROWS_ON_INVALID_CONFIG } from './config';
import { EncoreConfigError } from './errors';
import { sanitize, type SanitizeReport } from './sanitize';
import { campaignFrom, deviceContext } from './context';
import { pageContext } from '../lib/page-context';
import { createIdentity } from './identity';
import { createEmitter } from '../lib/emitter';
import { uuid } from '../lib/uuid';
import { namespace } from '../lib/namespace';
import { LIBRARY_NAME, VERSION } from '../version';
import { createDelivery } from '../queue/index';
import { attachVideoLazily, autoVideoLazily } from '../video/lazy';

export { namespace };

/** An event larger than this after sanitizing is dropped (`too_large`). */
export const MAX_EVENT_BYTES = 32 * 1024;

type Purposes = { [K in keyof ConsentPurposes]: boolean | undefined };
const PURPOSES: Array<keyof ConsentPurposes> = ['analytics', 'personalization', 'marketing'];
const NO_VIDEO: VideoHandle = { update() {}, detach() {} };
const ZERO: FlushResult = { sent: 0, failed: 0, remaining: 0 };

/**
 * Creates an Encore instance. Development builds throw {@link EncoreConfigError} for an invalid
 * config; production builds log it once with `console.error` and return an inert instance.
 * No member of the instance throws into the page.
 *
 * @example
 * const encore = createEncore({ endpoint: 'https://collector.example.com/v1/batch', writeKey: 'shop-1' });
 * encore.track('Product Viewed', { product_id: 'SKU1', category: 'running' });
 */
/* @__NO_SIDE_EFFECTS__ */
export function createEncore(input: EncoreConfigInput): Encore {
  let config: EncoreConfig;
  try {
    config = parseConfig(input);
  } catch (e) {
    if (THROWS_ON_INVALID_CONFIG || !(e instanceof EncoreConfigError)) throw e;
    console.error(`[encore] ${e.message}. Encore is disabled on this page.`);
    return inert();
  }
  return createClient(config);
}

function createClient(config: EncoreConfig): Encore {
  const ns = namespace(config.endpoint, config.writeKey);
  const plugins: EncorePlugin[] = [];
  const device = deviceContext();
  const cleanups: Array<() => void> = [];
  const videos = new Set<VideoHandle>();
  let segments: SegmentInfo[] = [];
  let segmentIds: string[] | undefined;
  let stopped = false;
  /** Events queued before the lazily loaded features arrived, shown to them once they do. */
  let early: EncoreEvent[] | undefined = [];

  const debug = (...args: unknown[]) => config.debug && console.debug('[encore]', ...args);
  const report = (error: unknown, where?: string) => {
    // A new Error: DOMException messages are read-only, and the original stays as `cause`.
    const msg = error instanceof Error ? error.message : String(error);
    const err = Error(where ? `${where}: ${msg}` : msg, { cause: error });
    debug(err);
    emitter.emit('error', err);
  };
  const emitter = createEmitter(report);

  // Consent: each purpose is true, false or undecided (pending).
  const purposes: Purposes = initialPurposes(config.consent);
  const granted = (): ConsentPurposes => ({
    analytics: purposes.analytics === true,
    personalization: purposes.personalization === true,
    marketing: purposes.marketing === true && !gpc(),
  });
  const queueState = () => (purposes.analytics === undefined ? 'pending' : purposes.analytics ? 'granted' : 'denied');

  const identity = createIdentity(ns, () => purposes.analytics === true);
  if (purposes.analytics === true) identity.persistNow();
  const delivery: Delivery = createDelivery({
    config,
    ns,
    emitFlush_: (n) => emitter.emit('flush', n),
    emitDrop_: (n) => emitter.emit('drop', n),
    report,
  });
  // Local state is only used by lazily loaded features, so its implementation loads with them:
  // each method (get, set, delete, destroy) loads it on first use, then forwards.
  type Local = LocalState & { destroy(): Promise<void> };
  let local: Promise<Local> | undefined;
  const store = {} as Local;
  for (const k of ['get', 'set', 'delete', 'destroy'] as const)
    store[k] = (...a: unknown[]) =>
      (local ??= import('../queue/state').then((m) => m.createLocalState(ns, () => purposes.analytics === true && purposes.personalization === true, report))).then(
        (s) => (s[k] as (...a: unknown[]) => Promise<never>)(...a),
      );
  void delivery.setConsent_(queueState());

  function envelope(type: EventType, fields: Partial<EncoreEvent>, opts: CallOptions | undefined): EncoreEvent {
    const t = opts?.timestamp;
    let at = t == null ? Date.now() : +new Date(t);
    if (!(at > 0)) at = Date.now();
    const page = { ...pageContext(), ...(opts?.page && sanitize(opts.page)) };
    const campaign = campaignFrom(page.search);
    const consent = granted();
    const ev: EncoreEvent = {
      messageId: typeof opts?.messageId === 'string' && opts.messageId.length <= 100 ? opts.messageId : uuid(),
      type,
      ...fields,
      userId: identity.userId,
      anonymousId: identity.anonymousId,
      timestamp: new Date(at).toISOString(),
      context: {
        ...(opts?.context ? sanitize(opts.context) : undefined),
        library: { name: LIBRARY_NAME, version: VERSION },
        page,
        ...device,
        session: { id: identity.sessionId(at, campaign && JSON.stringify(campaign)), seq: 0 },
        consent,
      },
    };
    if (campaign) ev.context.campaign = campaign;
    if (consent.personalization && segmentIds) ev.context.traits = { segments: segmentIds };
    return ev;
  }

  function clean(props: unknown, what: string): Properties {
    const rep: SanitizeReport | undefined = config.debug ? { fixes: [] } : undefined;
    const out = sanitize(props, rep);
    if (rep?.fixes.length) debug(`${what}: sanitized`, rep.fixes);
    return out;
  }

  const drop = (reason: DropReason, ev: EncoreEvent, detail?: string) => {
    delivery.countDrop_(reason);
    emitter.emit('drop', { reason, count: 1, messageIds: [ev.messageId], detail });
  };

  function enqueue(ev: EncoreEvent | null) {
    if (stopped) return;
    if (purposes.analytics === false) return delivery.countDrop_('consent_denied');
    for (const p of plugins) {
      try {
        const r = p.beforeEnqueue?.(ev!);
        if (r === null) return drop('plugin', ev!, p.name);
        if (r && typeof r === 'object') ev = r;
      } catch (e) {
        report(e, p.name);
      }
    }
    const bytes = byteLength(ev!);
    if (bytes > MAX_EVENT_BYTES) return drop('too_large', ev!, `${bytes} bytes`);
    debug(ev);
    if (early && early.length < 100) early.push(ev!);
    delivery.enqueue_(ev!);
  }

  const setConsent = (p: Partial<ConsentPurposes>) => {
    const wasAnalytics = purposes.analytics;
    for (const k of PURPOSES) if (typeof p[k] === 'boolean') purposes[k] = p[k];
    const a = purposes.analytics;
    if (a && !wasAnalytics) identity.persistNow();
    if (a === false) {
      identity.forget();
      instance.setSegments([]);
    }
    if (!a || purposes.personalization === false) void store.destroy().catch(report);
    // Events held while consent was pending are stamped with the consent now given.
    void delivery.setConsent_(queueState(), granted()).catch(report);
    emitter.emit('consent', granted());
  };

  const emitIdentity = () => emitter.emit('identity', { userId: identity.userId, anonymousId: identity.anonymousId });

  const instance: EncoreApi = {
    version: VERSION,
    config,
    store,
    track(event: string, properties?: Properties, opts?: CallOptions) {
      if (typeof event !== 'string' || !event) throw TypeError('event name');
      enqueue(envelope('track', { event: event.slice(0, 200), properties: clean(properties, event) }, opts));
    },
    page(name?: string | null, properties?: Properties, opts?: CallOptions) {
      const ev = envelope('page', {}, opts);
      if (typeof name === 'string' && name) ev.name = name.slice(0, 200);
      ev.properties = { ...ev.context.page, ...clean(properties, 'page') };
      enqueue(ev);
    },
    identify(userId: string | null, traits?: Properties, opts?: CallOptions) {
      if (userId !== null && userId !== undefined && (typeof userId !== 'string' || !userId)) throw TypeError('user id');
      identity.identify(userId === undefined ? identity.userId : userId, traits && clean(traits, 'identify'));
      enqueue(envelope('identify', { traits: { ...identity.traits } }, opts));
      emitIdentity();
    },
    reset() {
      identity.reset();
      emitIdentity();
    },
    consent: setConsent,
    flush: () => (stopped ? Promise.resolve(ZERO) : delivery.flush().catch((e) => (report(e, 'flush'), ZERO))),
    attachVideo(target: HTMLVideoElement | string, meta: VideoMeta, options?: AttachVideoOptions) {
      if (stopped) return NO_VIDEO;
      const h = attachVideoLazily(instance, target, meta, options);
      // Held only while attached, so pages that attach many videos over time do not accumulate them.
      videos.add(h);
      return { update: h.update, detach: () => (videos.delete(h), h.detach()) };
    },
    segments: () => (granted().personalization ? segments.slice() : []),
    use(plugin: EncorePlugin) {
      if (typeof plugin?.name !== 'string') throw TypeError('plugin');
      plugins.push(plugin);
      try {
        void Promise.resolve(plugin.setup?.(instance)).catch((e) => report(e, plugin.name));
      } catch (e) {
        report(e, plugin.name);
      }
      return instance;
    },
    on(name, listener) {
      emitter.on(name, listener as (p: unknown) => void);
      return instance;
    },
    off(name, listener) {
      emitter.off(name, listener as (p: unknown) => void);
      return instance;
    },
    async shutdown() {
      if (stopped) return;
      // Detaching open videos ends their views, so their summaries go out with the final flush.
      for (const c of cleanups.splice(0)) c();
      for (const v of videos) v.detach();
      videos.clear();
      for (const p of plugins.splice(0)) await Promise.resolve(p.teardown?.()).catch((e) => report(e, p.name));
      stopped = true;
      await delivery.flush().catch(report);
      await delivery.destroy().catch(report);
      emitter.clear();
    },
    emit: (name, payload) => emitter.emit(name, payload),
    consentState: granted,
    identity: () => ({ anonymousId: identity.anonymousId, userId: identity.userId, traits: { ...identity.traits } }),
    setSegments(list: SegmentInfo[]) {
      segments = Array.isArray(list) ? list.filter((s) => typeof s?.id === 'string') : [];
      segmentIds = segments.length ? segments.map((s) => s.id) : undefined;
    },
    report,
  };

  // No member throws into the page: each one reports what went wrong through on('error') instead.
  for (const k of ['track', 'page', 'identify', 'reset', 'consent', 'attachVideo', 'use', 'shutdown'] as const) {
    const fn = instance[k] as (...a: unknown[]) => unknown;
    (instance as unknown as Record<string, unknown>)[k] = (...a: unknown[]) => {
      try {
        return fn(...a);
      } catch (e) {
        report(e, k);
        return k === 'use' ? instance : k === 'attachVideo' ? NO_VIDEO : k === 'shutdown' ? Promise.resolve() : undefined;
      }
    };
  }

  // Built-in features: plugin factories, loaded lazily so apps that only track do not bundle them.
  // Features see the events tracked before they loaded (observation only: those are already queued).
  const feature = <M>(load: () => Promise<M>, make: (m: M) => EncorePlugin) =>
    load().then(
      (m) => {
        if (stopped) return;
        const plugin = make(m);
        instance.use(plugin);
        for (const ev of early ?? []) {
          try {
            plugin.beforeEnqueue?.(structuredClone(ev));
          } catch (e) {
            report(e, `plugin ${plugin.name}`);
          }
        }
      },
      (e) => report(e, 'feature'),
    );
  const features = [feature(() => import('../segments/index'), (m) => m.segmentsPlugin())];
  if (config.webVitals) features.push(feature(() => import('../vitals/index'), (m) => m.vitalsPlugin()));
  if (config.autoPage) features.push(feature(() => import('../spa/index'), (m) => m.autoPagePlugin()));
  // Google Consent Mode v2 as the consent source: pending until the page's first consent command.
  if (config.consent === 'gtag') features.push(feature(() => import('../datalayer/consent-mode'), (m) => m.gtagConsentPlugin()));
  void Promise.all(features).then(() => (early = undefined));
  if (config.autoVideo) {
    const selector = config.autoVideo === true ? 'video[data-encore-video]' : config.autoVideo;
    cleanups.push(autoVideoLazily(instance, selector));
  }
  for (const p of config.plugins as unknown as EncorePlugin[]) instance.use(p);

  return instance;
}

function initialPurposes(c: EncoreConfig['consent']): Purposes {
  if (typeof c !== 'string') return { ...c } as Purposes;
  const v = c === 'granted' ? true : c === 'denied' ? false : undefined;
  return { analytics: v, personalization: v, marketing: v };
}

/** Global Privacy Control: a request not to sell or share, so marketing is off whatever else says. */
const gpc = () => (globalThis.navigator as Navigator & { globalPrivacyControl?: boolean } | undefined)?.globalPrivacyControl === true;

function byteLength(ev: EncoreEvent): number {
  const json = JSON.stringify(ev);
  // Only pay for exact UTF-8 counting when multi-byte text could push it over the limit.
  return json.length * 3 <= MAX_EVENT_BYTES ? json.length : new TextEncoder().encode(json).length;
}

/** What a production page gets for an invalid config: every member a harmless no-op. */
function inert(): Encore {
  const self = { version: VERSION } as Record<string, unknown>;
  for (const k of ['track', 'page', 'identify', 'reset', 'consent']) self[k] = () => {};
  self.flush = () => Promise.resolve(ZERO);
  self.shutdown = () => Promise.resolve();
  self.attachVideo = () => NO_VIDEO;
  self.segments = () => [];
  self.use = self.on = self.off = () => self;
  return self as unknown as Encore;
}
