import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
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
