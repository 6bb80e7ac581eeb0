import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { HttpResponse } from 'msw';
import { useCollector, ENDPOINT, event, pipeline, settle } from './helpers';

const c = useCollector();
const sentIds = () => c.requests.flatMap((r) => r.body.batch.map((e) => e.messageId));
let beacons: Array<{ url: string; text: string; type: string }> = [];
let beaconOk = true;

function setVisibility(state: 'hidden' | 'visible') {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
  Object.defineProperty(document, 'hidden', { configurable: true, get: () => state === 'hidden' });
  document.dispatchEvent(new Event('visibilitychange'));
}

beforeEach(() => {
  beacons = [];
  beaconOk = true;
  // Record what would go out; the Blob's text is read asynchronously.
  vi.spyOn(navigator, 'sendBeacon').mockImplementation((url, data) => {
    // A string body goes out as text/plain;charset=UTF-8 (what the browser sends; see the
    // browser test for the header on the wire); a Blob carries its own type.
    const blob = typeof data === 'string' ? new Blob([data], { type: 'text/plain;charset=UTF-8' }) : (data as Blob);
    const b = { url: String(url), text: '', type: blob.type };
    beacons.push(b);
    void blob.text().then((t) => (b.text = t));
    return beaconOk;
  });
});
afterEach(() => {
  setVisibility('visible');
  vi.restoreAllMocks();
  vi.useRealTimers();
});

describe('page hide', () => {
  test('hidden: one beacon of the oldest stored events, at most 60 KB, text/plain; resent when visible again', async () => {
    c.answer(() => new HttpResponse(null, { status: 503 }));
    const { delivery, flushes } = pipeline({ retry: { baseDelayMs: 60_000, maxDelayMs: 60_000, maxAttempts: 10 } });
    const evs = Array.from({ length: 120 }, (_, i) => event('Product Viewed', { i, pad: 'z'.repeat(900) }));
    for (const e of evs) delivery.enqueue_(e);
    await settle(10);
    setVisibility('hidden');
    expect(beacons).toHaveLength(1);
    await settle();
    const body = JSON.parse(beacons[0]!.text);
    expect(beacons[0]!.url).toBe(ENDPOINT);
    expect(beacons[0]!.type).toBe('text/plain;charset=utf-8');
    expect(new TextEncoder().encode(beacons[0]!.text).length).toBeLessThanOrEqual(60_000);
    const n = body.batch.length;
    expect(n).toBeGreaterThan(40);
    expect(body.batch.map((e: any) => e.messageId)).toEqual(evs.slice(0, n).map((e) => e.messageId));
    expect(flushes.at(-1)).toEqual(expect.objectContaining({ transport: 'beacon', sent: n }));
    // pagehide right after: the next oldest, not the same events again.
    window.dispatchEvent(new Event('pagehide'));
    await settle();
    const second = JSON.parse(beacons[1]!.text).batch.map((e: any) => e.messageId);
    expect(second[0]).toBe(evs[n]!.messageId);
    await delivery.destroy();
  });

  test('a refused beacon falls back to keepalive fetch; a 2xx answer confirms the events', async () => {
    beaconOk = false;
    const { delivery } = pipeline();
    const evs = [event('Product Viewed'), event('Cart Viewed')];
    for (const e of evs) delivery.enqueue_(e);
    await settle(10);
    setVisibility('hidden');
    await settle(10);
    expect(beacons).toHaveLength(1);
    expect(sentIds()).toEqual(evs.map((e) => e.messageId)); // via keepalive fetch
    setVisibility('visible');
    await settle(10);
    await delivery.flush();
    expect(sentIds()).toEqual(evs.map((e) => e.messageId)); // confirmed: not sent again
    await delivery.destroy();
  });

  test('beaconed events are sent again through the normal path once visible (same messageId)', async () => {
    const { delivery } = pipeline();
    const e = event('Product Viewed');
    delivery.enqueue_(e);
    await settle(10);
    setVisibility('hidden');
    await settle(10);
    expect(beacons).toHaveLength(1);
    await delivery.flush();
    expect(c.requests).toHaveLength(0); // not resent by this tab while it is hidden
    setVisibility('visible');
    await settle(10);
    expect(sentIds()).toEqual([e.messageId]);
    await delivery.destroy();
  });

  test('pagehide stops sending; pageshow from the back/forward cache resumes', async () => {
    const { delivery } = pipeline({ flushIntervalMs: 1000 });
    beaconOk = true;
    window.dispatchEvent(new Event('pagehide'));
    const e = event('Product Viewed');
    delivery.enqueue_(e);
    await settle(3000);
    expect(c.requests).toHaveLength(0);
    const show = new Event('pageshow') as Event & { persisted: boolean };
    Object.defineProperty(show, 'persisted', { value: true });
    window.dispatchEvent(show);
    await settle(1500);
    expect(sentIds()).toEqual([e.messageId]);
    await delivery.destroy();
  });

  test('events tracked in the task that hides the page (not stored yet) are in the beacon, once, and still stored', async () => {
    const { delivery } = pipeline();
    const stored = event('Product Viewed');
    delivery.enqueue_(stored);
    await settle(10);
    const click = event('Product Clicked');
    delivery.enqueue_(click); // same task as the hide: still waiting for its write
    setVisibility('hidden');
    const vital = event('Web Vital');
    delivery.enqueue_(vital); // tracked by a later listener of the same hide
    window.dispatchEvent(new Event('pagehide'));
    await settle();
    const bodies = beacons.map((b) => JSON.parse(b.text).batch.map((e: any) => e.messageId));
    expect(bodies).toEqual([[stored.messageId, click.messageId], [vital.messageId]]);
    // Written anyway: the next visible period (or load) sends them through the normal path.
    const show = new Event('pageshow') as Event & { persisted: boolean };
    Object.defineProperty(show, 'persisted', { value: true });
    window.dispatchEvent(show);
    setVisibility('visible');
    await settle(10);
    await delivery.flush();
    expect(sentIds().sort()).toEqual([stored, click, vital].map((e) => e.messageId).sort());
    await delivery.destroy();
  });

  test('after destroy, page hide sends nothing and no timer is left', async () => {
    const { delivery } = pipeline();
    delivery.enqueue_(event('Product Viewed'));
    await delivery.destroy();
    const before = c.requests.length;
    setVisibility('hidden');
    window.dispatchEvent(new Event('pagehide'));
    window.dispatchEvent(new Event('online'));
    await settle(10_000);
    expect(beacons).toHaveLength(0);
    expect(c.requests).toHaveLength(before);
    expect(vi.getTimerCount()).toBe(0);
  });
});
