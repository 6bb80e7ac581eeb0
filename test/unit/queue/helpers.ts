import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import { afterAll, beforeAll, beforeEach, vi } from 'vitest';
import type { EncoreEvent } from '../../../src/types';
import { ENDPOINT } from './pipeline';

// The send path is a lazily imported chunk; loaded here once so fake-timer tests need not wait for module loading.
await import('../../../src/queue/sender');

export interface Request {
  at: number;
  body: { batch: EncoreEvent[]; sentAt: string; writeKey?: string };
  contentType: string | null;
  credentials?: string;
}

type Answer = (req: Request, n: number) => Response | Promise<Response>;

/** An msw collector recording every body; `answer` decides the reply (default 200 `{}`). */
export function collector() {
  const requests: Request[] = [];
  let answer: Answer = () => HttpResponse.json({});
  const server = setupServer(
    http.post(ENDPOINT, async ({ request }) => {
      const req: Request = { at: Date.now(), body: JSON.parse(await request.text()), contentType: request.headers.get('content-type') };
      requests.push(req);
      return answer(req, requests.length);
    }),
  );
  return {
    server,
    requests,
    answer(fn: Answer) {
      answer = fn;
    },
    /** Events of every 2xx request are not tracked here: tests decide from their answers. */
    ids: () => requests.flatMap((r) => r.body.batch.map((e) => e.messageId)),
  };
}

export { ENDPOINT, event, pipeline } from './pipeline';


/** Lets microtasks, the memory store and msw's in-process fetch settle. */
export async function settle(ms = 0) {
  const { vi } = await import('vitest');
  for (let i = 0; i < 20; i++) await vi.advanceTimersByTimeAsync(ms / 20);
}

/** The timers the queue uses, faked (queueMicrotask and promises stay real). */
export const FAKE_TIMERS = ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] as const;

/**
 * A collector for the whole file: listening before its tests, closed after them, and before each
 * test emptied, answering 200 `{}` again, with fake timers (starting at `now` when given).
 */
export function useCollector(now?: number) {
  const c = collector();
  beforeAll(() => c.server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => c.server.close());
  beforeEach(() => {
    vi.useFakeTimers({ toFake: [...FAKE_TIMERS], now });
    c.requests.length = 0;
    c.answer(() => HttpResponse.json({}));
  });
  return c;
}
