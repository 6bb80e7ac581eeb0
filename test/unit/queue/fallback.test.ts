import { afterEach, expect, test, vi } from 'vitest';
import { useCollector, event, pipeline, settle } from './helpers';

// happy-dom has no IndexedDB: each test installs a broken one to see the memory fallback work.
const c = useCollector();
const sentIds = () => c.requests.flatMap((r) => r.body.batch.map((e) => e.messageId));
afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

/**
 * Installs a minimal IndexedDB: reads answer; `readwrite` transactions abort with
 * QuotaExceededError (`quota`) or never complete (`never`).
 */
function installIdb(writes: 'quota' | 'never') {
  const request = (result: unknown) => {
    const r: any = { result };
    queueMicrotask(() => r.onsuccess?.());
    return r;
  };
  const db = {
    objectStoreNames: { contains: () => true },
    close() {},
    transaction(_s: unknown, mode: string) {
      const t: any = {
        error: mode === 'readwrite' && writes === 'quota' ? new DOMException('quota', 'QuotaExceededError') : null,
        objectStore: () => ({ transaction: t, add: () => ({}), put: () => ({}), get: () => request(undefined), count: () => request(0), getAll: () => request([]) }),
      };
      if (mode !== 'readwrite') queueMicrotask(() => t.oncomplete?.());
      else if (writes === 'quota') queueMicrotask(() => t.onabort?.());
      return t;
    },
  };
  vi.stubGlobal('indexedDB', {
    open() {
      const r: any = { result: db };
      queueMicrotask(() => r.onsuccess?.());
      return r;
    },
  });
}

test('IndexedDB.open throwing (private mode): memory fallback, delivered, one error', async () => {
  vi.stubGlobal('indexedDB', {
    open() {
      throw new DOMException('The operation is insecure.', 'SecurityError');
    },
  });
  const { delivery, errors } = pipeline();
  const e = event('Order Completed');
  delivery.enqueue_(e);
  await settle(10);
  expect(sentIds()).toEqual([e.messageId]);
  expect(errors).toHaveLength(1);
  expect(String(errors[0])).toMatch(/insecure/);
  await delivery.destroy();
});

test('an open that stays blocked falls back after a timeout instead of holding events forever', async () => {
  const req: Record<string, unknown> = {};
  vi.stubGlobal('indexedDB', { open: () => req }); // never fires success, error or blocked
  const { delivery, errors } = pipeline();
  const e = event('Order Completed');
  delivery.enqueue_(e);
  await settle(1000);
  expect(c.requests).toHaveLength(0);
  await settle(4000);
  expect(sentIds()).toEqual([e.messageId]);
  expect(String(errors[0])).toMatch(/blocked/);
  await delivery.destroy();
});

test('a write failing on quota keeps the events (in memory) and reports once', async () => {
  installIdb('quota');
  const { delivery, errors } = pipeline();
  const evs = [event('Product Viewed'), event('Order Completed')];
  for (const e of evs) delivery.enqueue_(e);
  await settle(10);
  delivery.enqueue_(event('Product Viewed'));
  await delivery.flush();
  expect(sentIds().slice(0, 2)).toEqual(evs.map((e) => e.messageId));
  expect(c.requests.flatMap((r) => r.body.batch)).toHaveLength(3);
  expect(errors).toHaveLength(1);
  expect(String(errors[0])).toMatch(/quota/);
  await delivery.destroy();
});

test('a write that never settles (a transaction a gone page left open) falls back after 10 s and still delivers', async () => {
  installIdb('never'); // as WebKit did after a reload in one tab
  const { delivery, errors } = pipeline();
  const e = event('Order Completed');
  delivery.enqueue_(e);
  await settle(5000);
  expect(c.requests).toHaveLength(0);
  await settle(6000);
  expect(sentIds()).toEqual([e.messageId]);
  expect(errors).toHaveLength(1);
  expect(String(errors[0])).toMatch(/did not answer in 10 s/);
  await delivery.destroy();
});
