import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { segmentsPlugin } from '../../../src/segments';
import type { ConsentPurposes, EncoreApi, EncoreEvent, EncorePlugin, SegmentInfo } from '../../../src/types';

const DAY = 864e5;

/** A small stand-in for the client: runs tracked events through the plugin like the pipeline does. */
function fakeApi(personalization = true) {
  const data = new Map<string, unknown>();
  const consent: ConsentPurposes = { analytics: true, personalization, marketing: false };
  let anonymousId = 'anon-1';
  const listeners = new Map<string, Set<(p: any) => void>>();
  const queued: EncoreEvent[] = [];
  const emitted: any[] = [];
  let segments: SegmentInfo[] = [];
  let plugin: EncorePlugin | undefined;
  let session = 'sess-1';
  let n = 0;
  const enqueue = (e: EncoreEvent) => {
    const out = plugin?.beforeEnqueue?.(e);
    if (out) queued.push({ ...out, context: { ...out.context, traits: { segments: segments.map((s) => s.id) } } });
  };
  const event = (type: EncoreEvent['type'], name: string | undefined, properties: Record<string, unknown> = {}): EncoreEvent => ({
    messageId: 'm' + ++n,
    type,
    event: type === 'track' ? name : undefined,
    name: type === 'page' ? name : undefined,
    properties,
    anonymousId,
    timestamp: new Date().toISOString(),
    context: { library: { name: 'encore', version: '0' }, page: { url: '', path: '', search: '', referrer: '', title: '' }, session: { id: session, seq: n } },
  });
  const api = {
    track: (name: string, props?: Record<string, unknown>) => enqueue(event('track', name, props)),
    page: (name?: string | null) => enqueue(event('page', name ?? undefined)),
    consentState: () => ({ ...consent }),
    identity: () => ({ anonymousId, userId: null, traits: {} }),
    setSegments: (s: SegmentInfo[]) => {
      segments = s;
    },
    segments: () => segments,
    emit: (name: string, payload: unknown) => emitted.push([name, payload]),
    on: (name: string, l: (p: any) => void) => {
      if (!listeners.has(name)) listeners.set(name, new Set());
      listeners.get(name)!.add(l);
      return api;
    },
    off: (name: string, l: (p: any) => void) => {
      listeners.get(name)?.delete(l);
      return api;
    },
    report: vi.fn(),
    store: {
      get: async (k: string) => structuredClone(data.get(k)),
      set: async (k: string, v: unknown) => {
        if (!consent.personalization) throw new Error('refused: no personalization consent');
        data.set(k, structuredClone(v));
      },
      delete: async (k: string) => void data.delete(k),
    },
  } as unknown as EncoreApi;
  return {
    api,
    data,
    queued,
    emitted,
    listeners,
    async use(p: EncorePlugin) {
      plugin = p;
      await p.setup?.(api);
    },
    setConsent(personalization: boolean) {
      consent.personalization = personalization;
      if (!personalization) data.clear();
      for (const l of listeners.get('consent') ?? []) l({ ...consent });
    },
    newSession(id: string) {
      session = id;
    },
    /** Like the client's reset(): a new anonymous id, announced (or not) through `identity`. */
    reset(announce = true) {
      anonymousId = 'anon-' + ++n;
      if (announce) for (const l of listeners.get('identity') ?? []) l({ userId: null, anonymousId });
    },
    tracked: (name: string) => queued.filter((e) => e.event === name),
  };
}

/** Lets queued microtasks (publishing) and store promises settle. */
const settle = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

describe('segmentsPlugin', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: Date.UTC(2026, 0, 1), toFake: ['Date', 'setTimeout', 'clearTimeout'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('enters interest:running from watch time and product views, once, and stamps it on later events', async () => {
    const f = fakeApi();
    const p = segmentsPlugin();
    await f.use(p);
    f.api.page();
    f.api.track('Video View Summary', { category: 'Running', watch_time_ms: 120_000 });
    await settle();
    expect(f.tracked('Segment Entered').map((e) => e.properties!.segment)).toEqual(['lifecycle:new']);
    f.api.track('Product Viewed', { category: 'running', product_id: 'p1' });
    await settle();
    const entered = f.tracked('Segment Entered').map((e) => e.properties);
    expect(entered).toContainEqual({ segment: 'interest:running', score: 3 });
    expect(f.emitted).toContainEqual(['segment', { segment: 'interest:running', score: 3, entered: true }]);
    expect(f.api.segments()[0]).toMatchObject({ id: 'interest:running', score: 3 });
    f.api.track('Product Viewed', { category: 'running' });
    await settle();
    // No duplicate entry, no loop from our own events.
    expect(f.tracked('Segment Entered').filter((e) => e.properties!.segment === 'interest:running')).toHaveLength(1);
    expect(f.queued.at(-1)!.context.traits!.segments).toContain('interest:running');
    await p.teardown?.();
  });

  it('persists one compact key at once after each change and restores it on the next page', async () => {
    const f = fakeApi();
    const p = segmentsPlugin();
    await f.use(p);
    // A crossing (entering lifecycle:new at start, interest:running here)...
    f.api.track('Video View Summary', { category: 'running', watch_time_ms: 300_000 });
    await settle();
    expect([...f.data.keys()]).toEqual(['segments']);
    expect((f.data.get('segments') as any).i).toHaveProperty('running');
    // ...and any other change, without waiting for a timer (nothing is lost if the page goes away).
    f.api.track('Product Viewed', { category: 'kitchen' });
    await settle();
    expect((f.data.get('segments') as any).pv).toBe(1);
    expect(JSON.stringify(f.data.get('segments')).length).toBeLessThan(300);
    await p.teardown?.();

    // Next page, a day later: the segment is there from the start and not entered again.
    vi.setSystemTime(Date.now() + DAY);
    const g = fakeApi();
    for (const [k, v] of f.data) g.data.set(k, v);
    const q = segmentsPlugin();
    await g.use(q);
    expect(g.api.segments().map((s) => s.id)).toEqual(['interest:running', 'lifecycle:engaged']);
    expect(g.tracked('Segment Entered').filter((e) => e.properties!.segment === 'interest:running')).toEqual([]);
    await q.teardown?.();
  });

  it('exits when the score decays below the exit threshold (on a later page)', async () => {
    const f = fakeApi();
    const p = segmentsPlugin();
    await f.use(p);
    f.api.track('Video View Summary', { category: 'running', watch_time_ms: 240_000 });
    await settle();
    await p.teardown?.();
    vi.setSystemTime(Date.now() + 21 * DAY);
    const g = fakeApi();
    for (const [k, v] of f.data) g.data.set(k, v);
    await g.use(segmentsPlugin());
    expect(g.tracked('Segment Exited').map((e) => e.properties)).toEqual([{ segment: 'interest:running', score: 1.41 }]);
    expect(g.api.segments().map((s) => s.id)).toEqual(['lifecycle:new']);
  });

  it('without personalization consent: nothing observed, stored or emitted', async () => {
    const f = fakeApi(false);
    const p = segmentsPlugin();
    await f.use(p);
    f.api.page();
    for (let i = 0; i < 5; i++) f.api.track('Product Viewed', { category: 'running' });
    await settle();
    await vi.advanceTimersByTimeAsync(5000);
    expect(f.data.size).toBe(0);
    expect(f.api.segments()).toEqual([]);
    expect(f.tracked('Segment Entered')).toEqual([]);
    expect(f.emitted).toEqual([]);
    expect(f.api.report).not.toHaveBeenCalled();
    await p.teardown?.();
  });

  it('forgets everything when personalization is withdrawn, starts fresh when given again', async () => {
    const f = fakeApi();
    const p = segmentsPlugin();
    await f.use(p);
    for (let i = 0; i < 3; i++) f.api.track('Product Viewed', { category: 'running' });
    await settle();
    expect(f.api.segments().map((s) => s.id)).toContain('interest:running');
    f.setConsent(false);
    expect(f.api.segments()).toEqual([]);
    await vi.advanceTimersByTimeAsync(5000);
    expect(f.data.size).toBe(0);
    f.api.track('Product Viewed', { category: 'running' });
    f.setConsent(true);
    await settle();
    expect(f.api.segments().map((s) => s.id)).toEqual(['lifecycle:new']);
    await p.teardown?.();
  });

  it.each([true, false])('after reset() (new anonymous id, announced: %s) starts from an empty history and deletes the old one', async (announce) => {
    const f = fakeApi();
    const p = segmentsPlugin();
    await f.use(p);
    for (let i = 0; i < 3; i++) f.api.track('Product Viewed', { category: 'running' });
    await settle();
    await vi.advanceTimersByTimeAsync(1000);
    expect(f.data.has('segments')).toBe(true);
    f.reset(announce);
    f.api.page();
    await settle();
    expect(f.api.segments().map((s) => s.id)).toEqual(['lifecycle:new']);
    expect((f.data.get('segments') as any)?.pv ?? 0).toBe(0);
    await vi.advanceTimersByTimeAsync(1000);
    expect((f.data.get('segments') as any).pv).toBe(0);
    await p.teardown?.();
    expect(f.listeners.get('identity')?.size).toBe(0);
  });

  it('lifecycle: orders move the stage, repeated order ids count once, dormant after 90 days away', async () => {
    const f = fakeApi();
    const p = segmentsPlugin();
    await f.use(p);
    f.api.track('Order Completed', { order_id: 'A1', revenue: 50 });
    f.api.track('Order Completed', { order_id: 'A1', revenue: 50 });
    await settle();
    expect(f.api.segments().map((s) => s.id)).toEqual(['lifecycle:first-purchase']);
    f.api.track('Order Completed', { order_id: 'A2', revenue: 20 });
    await settle();
    expect(f.api.segments().map((s) => s.id)).toEqual(['lifecycle:repeat']);
    const exits = f.tracked('Segment Exited').map((e) => e.properties!.segment);
    expect(exits).toEqual(['lifecycle:new', 'lifecycle:first-purchase']);
    await p.teardown?.();

    vi.setSystemTime(Date.now() + 91 * DAY);
    const g = fakeApi();
    for (const [k, v] of f.data) g.data.set(k, v);
    g.newSession('sess-2');
    await g.use(segmentsPlugin());
    expect(g.api.segments().map((s) => s.id)).toEqual(['lifecycle:dormant']);
    g.api.page();
    await settle();
    expect(g.api.segments().map((s) => s.id)).toEqual(['lifecycle:dormant']);
    g.api.track('Order Completed', { order_id: 'A3' });
    await settle();
    // Three orders within 365 days.
    expect(g.api.segments().map((s) => s.id)).toEqual(['lifecycle:loyal']);
  });

  it('counts events seen before history finished loading', async () => {
    const f = fakeApi();
    const p = segmentsPlugin();
    const setup = f.use(p);
    for (let i = 0; i < 3; i++) f.api.track('Product Viewed', { category: 'running' });
    await setup;
    await settle();
    expect(f.api.segments().map((s) => s.id)).toContain('interest:running');
    await p.teardown?.();
  });

  it('writes once per task however many events, leaves no timer, and removes its listeners on teardown', async () => {
    const f = fakeApi();
    const p = segmentsPlugin();
    await f.use(p);
    const set = vi.spyOn(f.api.store, 'set');
    for (let i = 0; i < 5; i++) f.api.track('Product Viewed', { category: 'running' });
    await settle();
    expect(set).toHaveBeenCalledTimes(1);
    expect((f.data.get('segments') as any).pv).toBe(5);
    expect(vi.getTimerCount()).toBe(0);
    await p.teardown?.();
    expect(f.listeners.get('consent')?.size).toBe(0);
    expect(f.listeners.get('identity')?.size).toBe(0);
  });

  it('never throws into the pipeline on odd events', async () => {
    const f = fakeApi();
    const p = segmentsPlugin();
    await f.use(p);
    const odd = { type: 'track', event: 'Video View Summary', properties: { category: {}, watch_time_ms: 'x' } } as unknown as EncoreEvent;
    expect(p.beforeEnqueue!(odd)).toBe(odd);
    expect(p.beforeEnqueue!({} as EncoreEvent)).toBeTruthy();
    await p.teardown?.();
  });
});
