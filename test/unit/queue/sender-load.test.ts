/**
 * The send path is a lazy chunk: what the queue does while it is loading (a failed load is covered
 * in real Chromium by test/browser/queue/sender.test.ts).
 * The chunk's load is held behind a gate here (helpers.ts, which preloads it, is not used).
 */
import { expect, test, vi } from 'vitest';
import { event, pipeline } from './pipeline';

const gate = vi.hoisted(() => {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return { open, opened };
});
vi.mock('../../../src/queue/sender', async (original) => {
  await gate.opened;
  return original();
});

const nextTask = () => new Promise((r) => setTimeout(r, 0));

test('writes over the bounds while the send path loads drop each excess event once', async () => {
  // The collector accepts everything (sends play no part here; the drops are what is checked).
  vi.stubGlobal('fetch', async () => Response.json({}));
  // No IndexedDB in happy-dom: the store runs from memory, where every tab leads.
  const { delivery, drops, dropped } = pipeline({ maxQueueEvents: 3, flushIntervalMs: 3_600_000 });
  const evs = Array.from({ length: 6 }, (_, i) => event(`View ${i}`));
  for (const e of evs) {
    delivery.enqueue_(e); // each in its own task: six writes, each over the bound from the fourth on
    await nextTask();
  }
  expect(drops).toEqual([]); // the trims wait for the chunk
  gate.open();
  await vi.waitFor(() => expect(dropped('queue_full')).toBe(3));
  await nextTask();
  const ids = drops.flatMap((d) => d.messageIds);
  expect(dropped('queue_full')).toBe(3);
  expect(new Set(ids).size).toBe(ids.length);
  // Oldest first.
  expect(ids).toEqual(evs.slice(0, 3).map((e) => e.messageId));
  await delivery.destroy();
  vi.unstubAllGlobals();
});
