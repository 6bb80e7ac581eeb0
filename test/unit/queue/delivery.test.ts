import { afterEach, describe, expect, test, vi } from 'vitest';
import { HttpResponse } from 'msw';
import { useCollector, event, pipeline, settle } from './helpers';

const c = useCollector(Date.parse('2026-11-25T10:00:00Z'));
const ids = (evs: Array<{ messageId: string }>) => evs.map((e) => e.messageId);
const sentIds = () => c.requests.flatMap((r) => ids(r.body.batch));

afterEach(() => vi.useRealTimers());

describe('batching', () => {
  test('posts text/plain JSON with writeKey, stamps a monotonic seq, and removes events only after 2xx', async () => {
    const { delivery } = pipeline({ writeKey: 'wk_1', batchSize: 20 });
    const evs = [event('Product Viewed'), event('Video Playback Started'), event('Cart Viewed')];
    for (const e of evs) delivery.enqueue_(e);
    await settle();
    expect(c.requests).toHaveLength(0); // interval not reached, no urgent event
    const res = await delivery.flush();
    expect(res).toEqual({ sent: 3, failed: 0, remaining: 0 });
    expect(c.requests).toHaveLength(1);
    const req = c.requests[0]!;
    expect(req.contentType).toBe('text/plain;charset=UTF-8');
    expect(req.body.writeKey).toBe('wk_1');
    expect(typeof req.body.sentAt).toBe('string');
    expect(ids(req.body.batch)).toEqual(ids(evs));
    const seqs = req.body.batch.map((e) => e.context.session.seq);
    expect(seqs[0]).toBeGreaterThan(0);
    expect(seqs).toEqual([seqs[0], seqs[0]! + 1, seqs[0]! + 2]);
    await delivery.flush();
    expect(c.requests).toHaveLength(1); // nothing left to send
    await delivery.destroy();
  });

  test('sends after flushIntervalMs, and splits by batchSize', async () => {
    const { delivery } = pipeline({ flushIntervalMs: 5000, batchSize: 20 });
    const evs = Array.from({ length: 15 }, (_, i) => event('Product Viewed', { i }));
    for (const e of evs) delivery.enqueue_(e);
    await settle(4900);
    expect(c.requests).toHaveLength(0);
    await settle(200);
    expect(sentIds()).toEqual(ids(evs));
    const more = Array.from({ length: 45 }, (_, i) => event('Product Viewed', { i }));
    for (const e of more) delivery.enqueue_(e); // reaches batchSize: sent without waiting
    await settle();
    expect(c.requests.map((r) => r.body.batch.length)).toEqual([15, 20, 20, 5]);
    expect(sentIds()).toEqual(ids([...evs, ...more]));
    await delivery.destroy();
  });

  test('keeps every body within maxBatchBytes', async () => {
    const { delivery } = pipeline({ maxBatchBytes: 2000, batchSize: 100 });
    const evs = Array.from({ length: 12 }, (_, i) => event('Product Viewed', { i, blob: 'x'.repeat(400) }));
    for (const e of evs) delivery.enqueue_(e);
    await delivery.flush();
    expect(c.requests.length).toBeGreaterThan(3);
    for (const r of c.requests) expect(new TextEncoder().encode(JSON.stringify(r.body)).length).toBeLessThanOrEqual(2000);
    expect(sentIds()).toEqual(ids(evs));
    await delivery.destroy();
  });

  test('Order Completed flushes at once', async () => {
    const { delivery } = pipeline({ flushIntervalMs: 600_000 });
    const a = event('Product Viewed');
    const order = event('Order Completed', { order_id: 'o1', total: 10 });
    delivery.enqueue_(a);
    delivery.enqueue_(order);
    await settle(10);
    expect(sentIds()).toEqual([a.messageId, order.messageId]);
    await delivery.destroy();
  });
});

describe('retries', () => {
  test('exponential backoff with full jitter between attempts', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const { delivery } = pipeline({ retry: { baseDelayMs: 1000, maxDelayMs: 300_000, maxAttempts: 10 } });
    c.answer((_, n) => (n <= 3 ? new HttpResponse(null, { status: 503 }) : HttpResponse.json({})));
    const e = event('Product Viewed');
    delivery.enqueue_(e);
    await delivery.flush();
    const t0 = c.requests[0]!.at;
    await settle(4000);
    // Attempt n waits random * base * 2^(n-1): 500, 1000, 2000 ms.
    expect(c.requests.map((r) => r.at - t0)).toEqual([0, 500, 1500, 3500]);
    expect(c.requests.every((r) => r.body.batch[0]!.messageId === e.messageId)).toBe(true);
    vi.mocked(Math.random).mockRestore();
    await delivery.flush();
    expect(c.requests).toHaveLength(4); // accepted on the 4th attempt, gone from the queue
    await delivery.destroy();
  });

  test('Retry-After in seconds is honoured on 429', async () => {
    const { delivery } = pipeline({ retry: { baseDelayMs: 10, maxDelayMs: 100, maxAttempts: 10 } });
    c.answer((_, n) => (n === 1 ? new HttpResponse(null, { status: 429, headers: { 'Retry-After': '7' } }) : HttpResponse.json({})));
    const e = event('Product Viewed');
    delivery.enqueue_(e);
    await delivery.flush();
    await settle(6900);
    expect(c.requests).toHaveLength(1); // backoff alone (≤ 100 ms) would have retried long ago
    await settle(200);
    expect(c.requests).toHaveLength(2);
    expect(c.requests[1]!.at - c.requests[0]!.at).toBe(7000);
    expect(c.requests[1]!.body.batch[0]!.messageId).toBe(e.messageId);
    await delivery.destroy();
  });

  test('Retry-After as an HTTP-date is honoured on 503', async () => {
    const { delivery } = pipeline({ retry: { baseDelayMs: 10, maxDelayMs: 100, maxAttempts: 10 } });
    const until = new Date(Date.now() + 12_000).toUTCString();
    c.answer((_, n) => (n === 1 ? new HttpResponse(null, { status: 503, headers: { 'Retry-After': until } }) : HttpResponse.json({})));
    delivery.enqueue_(event('Product Viewed'));
    await delivery.flush();
    await settle(11_500);
    expect(c.requests).toHaveLength(1);
    await settle(1000);
    expect(c.requests).toHaveLength(2);
    expect(c.requests[1]!.at - c.requests[0]!.at).toBeGreaterThanOrEqual(11_000);
    await delivery.destroy();
  });

  test('network errors and 408/425/5xx are retried; after maxAttempts events drop as retry_exhausted', async () => {
    const statuses = [408, 425, 500];
    const { delivery, dropped } = pipeline({ retry: { baseDelayMs: 10, maxDelayMs: 100, maxAttempts: 4 } });
    c.answer((_, n) => (n <= 3 ? new HttpResponse(null, { status: statuses[n - 1] }) : HttpResponse.error()));
    const a = event('Product Viewed');
    const b = event('Product Viewed');
    delivery.enqueue_(a);
    delivery.enqueue_(b);
    await delivery.flush();
    await settle(2000);
    expect(c.requests).toHaveLength(4);
    expect(dropped('retry_exhausted')).toBe(2);
    // The next accepted batch reports the loss.
    c.answer(() => HttpResponse.json({}));
    const next = event('Product Viewed');
    delivery.enqueue_(next);
    await delivery.flush();
    const last = c.requests.at(-1)!.body.batch;
    expect(ids(last)).toEqual([next.messageId]);
    expect(last[0]!.context.dropped).toEqual({ retry_exhausted: 2 });
    // Cleared once accepted.
    delivery.enqueue_(event('Product Viewed'));
    await delivery.flush();
    expect(c.requests.at(-1)!.body.batch[0]!.context.dropped).toBeUndefined();
    await delivery.destroy();
  });

  test('events queued behind an exhausted batch still go out without a new trigger', async () => {
    const { delivery, dropped } = pipeline({ batchSize: 2, retry: { baseDelayMs: 100, maxDelayMs: 1000, maxAttempts: 2 } });
    c.answer((_, n) => (n <= 2 ? new HttpResponse(null, { status: 500 }) : HttpResponse.json({})));
    const evs = Array.from({ length: 4 }, () => event('Product Viewed'));
    for (const e of evs) delivery.enqueue_(e);
    await delivery.flush();
    await settle(5000);
    expect(dropped('retry_exhausted')).toBe(2);
    expect(c.requests.at(-1)!.body.batch.map((e) => e.messageId)).toEqual([evs[2]!.messageId, evs[3]!.messageId]);
    await delivery.destroy();
  });
});

describe('partial failures', () => {
  test('413 halves the batch down to one event; an event alone still too large is dropped', async () => {
    const { delivery, drops } = pipeline({ batchSize: 8 });
    const evs = Array.from({ length: 8 }, (_, i) => event('Product Viewed', { i }));
    const huge = evs[5]!;
    c.answer((req) => (req.body.batch.length > 2 || req.body.batch.some((e) => e.messageId === huge.messageId) ? new HttpResponse(null, { status: 413 }) : HttpResponse.json({})));
    for (const e of evs) delivery.enqueue_(e);
    const res = await delivery.flush();
    const sizes = c.requests.map((r) => r.body.batch.length);
    expect(sizes).toEqual([8, 4, 2, 2, 4, 2, 1, 1, 2]);
    const accepted = c.requests.filter((r) => r.body.batch.length <= 2 && !r.body.batch.some((e) => e.messageId === huge.messageId));
    expect(accepted.flatMap((r) => ids(r.body.batch)).sort()).toEqual(ids(evs.filter((e) => e !== huge)).sort());
    expect(drops).toEqual([expect.objectContaining({ reason: 'too_large', count: 1, messageIds: [huge.messageId] })]);
    expect(res).toEqual({ sent: 7, failed: 1, remaining: 0 });
    await delivery.destroy();
  });

  test('400 bisects the batch: everything but the bad events is delivered', async () => {
    const { delivery, drops } = pipeline({ batchSize: 16 });
    const evs = Array.from({ length: 16 }, (_, i) => event('Product Viewed', { i }));
    const bad = new Set([evs[3]!.messageId, evs[12]!.messageId]);
    c.answer((req) => (req.body.batch.some((e) => bad.has(e.messageId)) ? HttpResponse.json({ error: 'bad' }, { status: 400 }) : HttpResponse.json({})));
    for (const e of evs) delivery.enqueue_(e);
    await delivery.flush();
    const accepted = c.requests.filter((r) => !r.body.batch.some((e) => bad.has(e.messageId)));
    const got = accepted.flatMap((r) => ids(r.body.batch));
    expect(got.sort()).toEqual(ids(evs.filter((e) => !bad.has(e.messageId))).sort());
    expect(new Set(got).size).toBe(got.length); // each delivered once
    expect(drops.filter((d) => d.reason === 'rejected').flatMap((d) => d.messageIds).sort()).toEqual([...bad].sort());
    expect(c.requests.length).toBeLessThanOrEqual(15); // bisection, not one request per event
    await delivery.destroy();
  });

  test('a 2xx body with rejected[] drops exactly those events, never retried, and reports them', async () => {
    const { delivery, drops } = pipeline();
    const evs = Array.from({ length: 5 }, () => event('Product Viewed'));
    c.answer((_, n) => HttpResponse.json(n === 1 ? { rejected: [{ messageId: evs[1]!.messageId, reason: 'schema' }] } : {}));
    for (const e of evs) delivery.enqueue_(e);
    const res = await delivery.flush();
    expect(res).toEqual({ sent: 4, failed: 1, remaining: 0 });
    expect(drops).toEqual([expect.objectContaining({ reason: 'rejected', count: 1, messageIds: [evs[1]!.messageId] })]);
    const next = event('Product Viewed');
    delivery.enqueue_(next);
    await delivery.flush();
    expect(c.requests).toHaveLength(2);
    expect(ids(c.requests[1]!.body.batch)).toEqual([next.messageId]);
    expect(c.requests[1]!.body.batch[0]!.context.dropped).toEqual({ rejected: 1 });
    await delivery.destroy();
  });
});

describe('bounds', () => {
  test('a full queue drops the oldest non-commerce events first and reports queue_full', async () => {
    const { delivery, drops } = pipeline({ maxQueueEvents: 5 });
    c.answer(() => new HttpResponse(null, { status: 503 }));
    const order = event('Order Completed', { order_id: 'o1' });
    const added = event('Product Added', { sku: 'a' });
    const views = Array.from({ length: 6 }, (_, i) => event('Video Content Playing', { i }));
    delivery.enqueue_(added);
    delivery.enqueue_(views[0]!);
    delivery.enqueue_(order); // urgent: attempted (503) and kept
    await settle(5);
    for (const v of views.slice(1)) delivery.enqueue_(v);
    await settle(5);
    const lost = drops.filter((d) => d.reason === 'queue_full').flatMap((d) => d.messageIds);
    expect(lost).toEqual(ids(views.slice(0, 3)));
    c.answer(() => HttpResponse.json({}));
    await settle(400_000);
    await delivery.flush();
    const ok = c.requests.filter((r) => r.body.batch.length && c.requests.indexOf(r) >= 1).at(-1)!;
    expect(ids(ok.body.batch).sort()).toEqual(ids([added, order, ...views.slice(3)]).sort());
    expect(ok.body.batch[0]!.context.dropped).toEqual({ queue_full: 3 });
    await delivery.destroy();
  });

  test('maxQueueBytes is enforced', async () => {
    const { delivery, dropped } = pipeline({ maxQueueBytes: 10_000 });
    c.answer(() => new HttpResponse(null, { status: 503 }));
    const evs = Array.from({ length: 20 }, (_, i) => event('Product Viewed', { i, blob: 'y'.repeat(1000) }));
    for (const e of evs) delivery.enqueue_(e);
    await settle(5);
    expect(dropped('queue_full')).toBeGreaterThanOrEqual(10);
    c.answer(() => HttpResponse.json({}));
    await settle(10_000);
    const res = await delivery.flush();
    const got = c.requests.filter((r) => r.body.batch.length).flatMap((r) => ids(r.body.batch));
    // The newest events survived, the oldest went.
    expect(got).toContain(evs[19]!.messageId);
    expect(got).not.toContain(evs[0]!.messageId);
    expect(res.remaining).toBe(0);
    await delivery.destroy();
  });

  test('events older than maxEventAgeMs are dropped as too_old and counted on the next batch', async () => {
    const { delivery, drops } = pipeline({ maxEventAgeMs: 3_600_000 });
    const stale = event('Product Viewed', {}, { timestamp: new Date(Date.now() - 2 * 3_600_000).toISOString() });
    const fresh = event('Product Viewed');
    delivery.enqueue_(stale);
    delivery.enqueue_(fresh);
    await delivery.flush();
    expect(sentIds()).toEqual([fresh.messageId]);
    expect(c.requests[0]!.body.batch[0]!.context.dropped).toEqual({ too_old: 1 });
    expect(drops).toEqual([expect.objectContaining({ reason: 'too_old', messageIds: [stale.messageId] })]);
    await delivery.destroy();
  });

  test('countDrop counts from the client ride on the next batch', async () => {
    const { delivery } = pipeline();
    delivery.countDrop_('too_large', 2);
    delivery.countDrop_('plugin');
    delivery.enqueue_(event('Product Viewed'));
    await delivery.flush();
    expect(c.requests[0]!.body.batch[0]!.context.dropped).toEqual({ too_large: 2, plugin: 1 });
    await delivery.destroy();
  });
});

describe('offline, consent, teardown', () => {
  test('pauses while offline and flushes on the online event', async () => {
    const online = vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
    const { delivery } = pipeline();
    const e = event('Order Completed', { order_id: 'o2' });
    delivery.enqueue_(e);
    await settle(10);
    const res = await delivery.flush();
    expect(c.requests).toHaveLength(0);
    expect(res.remaining).toBe(1);
    online.mockReturnValue(true);
    window.dispatchEvent(new Event('online'));
    await settle(10);
    expect(sentIds()).toEqual([e.messageId]);
    online.mockRestore();
    await delivery.destroy();
  });

  test('pending consent holds events in memory; granting sends them stamped with consent', async () => {
    const { delivery } = pipeline({ consent: 'pending' });
    const e = event('Order Completed', { order_id: 'o3' });
    delivery.enqueue_(e);
    await settle(10);
    expect((await delivery.flush()).sent).toBe(0);
    expect(c.requests).toHaveLength(0);
    await delivery.setConsent_('granted', { analytics: true, personalization: false, marketing: false });
    await settle(10);
    expect(sentIds()).toEqual([e.messageId]);
    expect(c.requests[0]!.body.batch[0]!.context.consent).toEqual({ analytics: true, personalization: false, marketing: false });
    await delivery.destroy();
  });

  test('denying drops everything queued, counts consent_denied, and sends nothing more', async () => {
    const { delivery, dropped } = pipeline({ consent: 'pending' });
    delivery.enqueue_(event('Product Viewed'));
    delivery.enqueue_(event('Product Viewed'));
    await delivery.setConsent_('denied');
    delivery.enqueue_(event('Order Completed'));
    await settle(10);
    await delivery.flush();
    expect(c.requests).toHaveLength(0);
    expect(dropped('consent_denied')).toBe(3);
    await delivery.destroy();
  });

  test('destroy flushes first and leaves no timer behind', async () => {
    const { delivery } = pipeline({ flushIntervalMs: 5000 });
    const e = event('Product Viewed');
    delivery.enqueue_(e);
    await settle(10);
    expect(vi.getTimerCount()).toBeGreaterThan(0);
    await delivery.destroy();
    expect(sentIds()).toEqual([e.messageId]);
    expect(vi.getTimerCount()).toBe(0);
    delivery.enqueue_(event('Product Viewed'));
    await settle(6000);
    expect(c.requests).toHaveLength(1);
  });
});
