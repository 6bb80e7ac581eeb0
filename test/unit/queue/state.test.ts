import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { createLocalState } from '../../../src/queue';
import { collector, event, FAKE_TIMERS, pipeline, settle } from './helpers';

test('LocalState ignores writes without consent and works from memory without IndexedDB', async () => {
  let allowed = false;
  const errors: unknown[] = [];
  const s = createLocalState('st1', () => allowed, (e) => errors.push(e));
  await s.set('a', 1);
  expect(await s.get('a')).toBeUndefined();
  allowed = true;
  await s.set('a', { n: 2 });
  expect(await s.get('a')).toEqual({ n: 2 });
  await s.delete('a');
  expect(await s.get('a')).toBeUndefined();
  await s.set('b', 3);
  await s.destroy();
  expect(await s.get('b')).toBeUndefined();
});

const c = collector();
beforeAll(() => c.server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => c.server.close());

test('pending consent writes nothing to storage, not even the sequence counter', async () => {
  vi.useFakeTimers({ toFake: [...FAKE_TIMERS] });
  localStorage.clear();
  const { delivery } = pipeline({ consent: 'pending' });
  delivery.enqueue_(event('Order Completed'));
  await settle(100);
  expect(Object.keys(localStorage)).toEqual([]);
  await delivery.setConsent_('granted');
  await settle(100);
  expect(Object.keys(localStorage).some((k) => k.startsWith('encore:'))).toBe(true);
  expect(c.requests).toHaveLength(1);
  await delivery.setConsent_('denied');
  expect(Object.keys(localStorage).filter((k) => k.startsWith('encore:'))).toEqual([]);
  await delivery.destroy();
  vi.useRealTimers();
});
