import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import { createEncore } from '../../../src/core/client';
import { EncoreConfigError } from '../../../src/core/errors';
import type { Encore, EncoreEvent } from '../../../src/types';

const ENDPOINT = 'https://collector.test/v1/batch';
let received: EncoreEvent[] = [];
const server = setupServer(
  http.post(ENDPOINT, async ({ request }) => {
    expect(request.headers.get('content-type')).toMatch(/^text\/plain/);
    const body = JSON.parse(await request.text());
    received.push(...body.batch);
    return HttpResponse.json({});
  }),
);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
let instances: Encore[] = [];
afterEach(async () => {
  await Promise.all(instances.map((i) => i.shutdown()));
  instances = [];
  received = [];
  localStorage.clear();
});
const make = (extra: Record<string, unknown> = {}) => {
  const e = createEncore({ endpoint: ENDPOINT, flushIntervalMs: 0, webVitals: false, ...extra });
  instances.push(e);
  return e;
};

describe('createEncore', () => {
  it('throws EncoreConfigError for an invalid config in development builds', () => {
    expect(() => createEncore({ endpoint: 'nope' } as never)).toThrow(EncoreConfigError);
  });

  it('builds Segment-compatible envelopes at call time', async () => {
    const e = make({ writeKey: 'w1' });
    history.replaceState(null, '', '/p/shoe?utm_source=news&utm_campaign=fall');
    const before = Date.now();
    e.track('Product Viewed', { product_id: 'SKU1', category: 'running', bad: () => 1 });
    e.page('PDP', { extra: 1 });
    e.identify('user-7', { plan: 'gold' });
    await e.flush();
    expect(received.map((r) => r.type)).toEqual(['track', 'page', 'identify']);
    const [t, p, i] = received as [EncoreEvent, EncoreEvent, EncoreEvent];
    expect(t.messageId).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set(received.map((r) => r.messageId)).size).toBe(3);
    expect(Date.parse(t.timestamp)).toBeGreaterThanOrEqual(before - 1);
    expect(t.event).toBe('Product Viewed');
    expect(t.properties).toEqual({ product_id: 'SKU1', category: 'running' });
    expect(t.context.library.name).toBe('encore-sdk');
    expect(t.context.page.path).toBe('/p/shoe');
    expect(t.context.campaign).toEqual({ source: 'news', name: 'fall' });
    expect(t.context.session.id).toBe(p.context.session.id);
    expect(t.context.consent).toEqual({ analytics: true, personalization: true, marketing: true });
    expect(p.name).toBe('PDP');
    expect(p.properties).toMatchObject({ path: '/p/shoe', extra: 1 });
    expect(i.userId).toBe('user-7');
    expect(i.traits).toEqual({ plan: 'gold' });
    expect(t.anonymousId).toBe(i.anonymousId);
  });

  it('keeps a replayed call time, message id and page context', async () => {
    const e = make();
    const callTime = Date.now() - 90_000;
    e.track('Cart Viewed', {}, { timestamp: callTime, messageId: 'm-1', page: { url: 'https://shop.test/cart', path: '/cart' } });
    await e.flush();
    expect(received[0]).toMatchObject({ messageId: 'm-1', timestamp: new Date(callTime).toISOString() });
    expect(received[0]!.context.page).toMatchObject({ url: 'https://shop.test/cart', path: '/cart' });
  });

  it('isolates a throwing plugin and lets a plugin enrich or drop events', async () => {
    const e = make();
    const errors: Error[] = [];
    const drops: string[] = [];
    e.on('error', (err) => errors.push(err));
    e.on('drop', (d) => drops.push(d.reason));
    e.use({ name: 'boom', beforeEnqueue: () => { throw new Error('bad plugin'); } });
    e.use({ name: 'enrich', beforeEnqueue: (ev) => ({ ...ev, properties: { ...ev.properties, shop: 'jp' } }) });
    e.use({ name: 'filter', beforeEnqueue: (ev) => (ev.event === 'Secret' ? null : ev) });
    e.track('Visible');
    e.track('Secret');
    await e.flush();
    expect(received.map((r) => r.event)).toEqual(['Visible']);
    expect(received[0]!.properties).toEqual({ shop: 'jp' });
    expect(errors.map((x) => x.message).join()).toMatch(/bad plugin/);
    expect(drops).toContain('plugin');
  });

  it('drops an event over 32 KB after sanitizing and reports it', async () => {
    const e = make();
    const drops: string[] = [];
    e.on('drop', (d) => drops.push(d.reason));
    const big: Record<string, string> = {};
    for (let k = 0; k < 6; k++) big[`k${k}`] = 'x'.repeat(8000);
    e.track('Huge', big);
    e.track('Small');
    await e.flush();
    expect(drops).toContain('too_large');
    expect(received.map((r) => r.event)).toEqual(['Small']);
  });

  it('never throws into the page on bad calls', () => {
    const e = make();
    expect(() => {
      e.track(undefined as never);
      e.track({} as never);
      e.page(42 as never);
      e.identify(17 as never);
      e.consent(null as never);
      e.use(null as never);
      e.attachVideo('#missing', { videoId: 'v' });
      e.on('error', null as never);
    }).not.toThrow();
  });

  it('keeps pending events in memory and stamps consent when granted', async () => {
    const e = make({ consent: 'pending' });
    e.track('Before Consent');
    const r = await e.flush();
    expect(r.sent).toBe(0);
    expect(received).toHaveLength(0);
    expect(localStorage.length).toBe(0);
    e.consent({ analytics: true, personalization: false, marketing: false });
    await e.flush();
    expect(received.map((x) => x.event)).toEqual(['Before Consent']);
    expect(received[0]!.context.consent).toEqual({ analytics: true, personalization: false, marketing: false });
  });

  it('drops everything and forgets identifiers when consent is denied', async () => {
    const e = make({ consent: 'pending' });
    e.track('Never Sent');
    e.consent({ analytics: false });
    e.track('Also Never');
    await e.flush();
    expect(received).toHaveLength(0);
    expect(Object.keys(localStorage).filter((k) => k.startsWith('encore:'))).toEqual([]);
  });

  it('forces marketing off under Global Privacy Control', async () => {
    Object.defineProperty(navigator, 'globalPrivacyControl', { value: true, configurable: true });
    try {
      const e = make();
      e.track('X');
      await e.flush();
      expect(received[0]!.context.consent).toMatchObject({ analytics: true, marketing: false });
    } finally {
      delete (navigator as { globalPrivacyControl?: boolean }).globalPrivacyControl;
    }
  });

  it('reset() starts a new anonymous id and clears the user', async () => {
    const e = make();
    e.identify('u1');
    e.track('A');
    e.reset();
    e.track('B');
    await e.flush();
    const [, a, b] = received as [EncoreEvent, EncoreEvent, EncoreEvent];
    expect(a.userId).toBe('u1');
    expect(b.userId).toBeNull();
    expect(b.anonymousId).not.toBe(a.anonymousId);
  });

  it('two instances with different write keys keep separate queues and identities', async () => {
    const a = make({ writeKey: 'A' });
    const b = make({ writeKey: 'B' });
    a.track('From A');
    b.track('From B');
    await Promise.all([a.flush(), b.flush()]);
    expect(received.map((r) => r.event).sort()).toEqual(['From A', 'From B']);
    expect(received[0]!.anonymousId).not.toBe(received[1]!.anonymousId);
  });
});

describe('production build', () => {
  it('logs an invalid config once and returns an inert instance', async () => {
    vi.stubEnv('NODE_ENV', 'production');
    vi.resetModules();
    const errors: unknown[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((m) => void errors.push(m));
    try {
      const mod = await import('../../../src/core/client');
      const e = mod.createEncore({ endpoint: 'ftp://x', batchSize: 0 } as never);
      expect(() => e.track('X')).not.toThrow();
      expect(await e.flush()).toEqual({ sent: 0, failed: 0, remaining: 0 });
      expect(errors).toHaveLength(1);
      expect(String(errors[0])).toMatch(/endpoint must be an absolute http\(s\) URL/);
    } finally {
      spy.mockRestore();
      vi.unstubAllEnvs();
      vi.resetModules();
    }
  });
});
