// Events and pipelines for the queue's unit tests. Kept apart from helpers.ts, which preloads the
// send path, so a test can control when that chunk loads.
import { configSchema, type EncoreConfigInput } from '../../../src/core/schema';
import { createDelivery } from '../../../src/queue';
import type { DropNotice, EncoreEvent, FlushNotice } from '../../../src/types';

export const ENDPOINT = 'https://collector.test/v1/batch';

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
    emitDrop_: (d) => drops.push(d),
    emitFlush_: (f) => flushes.push(f),
    report: (e) => errors.push(e),
  });
  const dropped = (reason: string) => drops.filter((d) => d.reason === reason).reduce((a, d) => a + d.count, 0);
  return { delivery, drops, flushes, errors, dropped };
}
