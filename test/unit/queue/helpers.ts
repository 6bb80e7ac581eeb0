import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import { configSchema, type EncoreConfigInput } from '../../../src/core/schema';
import { createDelivery } from '../../../src/queue';
import type { DropNotice, EncoreEvent, FlushNotice } from '../../../src/types';

// The send path is a lazily imported chunk; loaded here once so fake-timer tests need not wait for module loading.
await import('../../../src/queue/sender');

export const ENDPOINT = 'https://collector.test/v1/batch';

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

let n = 0;
/** A minimal envelope, as the client would hand it over. */
export function event(name: string, properties: Record<string, unknown> = {}, extra: Partial<EncoreEvent> = {}): EncoreEvent {
  n++;
  return {
    messageId: `m-${n}-${Math.random().toString(36).slice(2, 8)}`,
    type: 'track',
    event: name,
    properties,
    anonymousId: 'anon-1',
    timestamp: new Date().toISOString(),
    context: {
      library: { name: 'encore-sdk', version: 'test' },
      page: { url: 'https://shop.test/', path: '/', search: '', referrer: '', title: 'Shop' },
      session: { id: 's1', seq: 0 },
    },
    ...extra,
  };
}

/** A delivery with a parsed config and recorded notifications; unique namespace per call. */
export function pipeline(config: Partial<EncoreConfigInput> = {}) {
  const drops: DropNotice[] = [];
  const flushes: FlushNotice[] = [];
  const errors: unknown[] = [];
  const cfg = configSchema.parse({ endpoint: ENDPOINT, flushIntervalMs: 60_000, ...config });
  const delivery = createDelivery({
    config: cfg,
    ns: `t${++n}`,
    emitDrop: (d) => drops.push(d),
    emitFlush: (f) => flushes.push(f),
    report: (e) => errors.push(e),
  });
  const dropped = (reason: string) => drops.filter((d) => d.reason === reason).reduce((a, d) => a + d.count, 0);
  return { delivery, drops, flushes, errors, dropped };
}

/** Lets microtasks, the memory store and msw's in-process fetch settle. */
export async function settle(ms = 0) {
  const { vi } = await import('vitest');
  for (let i = 0; i < 20; i++) await vi.advanceTimersByTimeAsync(ms / 20);
}
