import { describe, expect, it } from 'vitest';
import { configSchema } from '../../../src/core/schema';
import { validateConfig } from '../../../src/core/validate';
import { validateConfigDev } from '../../../src/core/validate-dev';
import { EncoreConfigError } from '../../../src/core/errors';

const ok = { endpoint: 'https://c.example.com/v1/batch' };

/** Configs users write, right and wrong. Both validators must agree on every one. */
const corpus: unknown[] = [
  ok,
  { endpoint: '/v1/batch' },
  { endpoint: 'http://127.0.0.1:8080/v1/batch', writeKey: 'k' },
  { ...ok, batchSize: 1 },
  { ...ok, batchSize: 500 },
  { ...ok, batchSize: 0 },
  { ...ok, batchSize: 501 },
  { ...ok, batchSize: '20' },
  { ...ok, batchSize: 2.5 },
  { ...ok, batchSize: NaN },
  { ...ok, batchSize: undefined },
  { ...ok, flushIntervalMs: 0 },
  { ...ok, flushIntervalMs: -1 },
  { ...ok, maxBatchBytes: 60_000 },
  { ...ok, maxBatchBytes: 60_001 },
  { ...ok, maxBatchBytes: 999 },
  { ...ok, maxQueueEvents: 10 },
  { ...ok, maxQueueBytes: 9_999 },
  { ...ok, maxEventAgeMs: 59_999 },
  { ...ok, retry: {} },
  { ...ok, retry: { maxAttempts: 3 } },
  { ...ok, retry: { maxAttempts: 0 } },
  { ...ok, retry: { maxAtempts: 3 } },
  { ...ok, retry: null },
  { ...ok, retry: 5 },
  { ...ok, retry: { baseDelayMs: 5 } },
  { ...ok, retry: { maxDelayMs: 3_600_001 } },
  { ...ok, consent: 'granted' },
  { ...ok, consent: 'pending' },
  { ...ok, consent: 'denied' },
  { ...ok, consent: 'maybe' },
  { ...ok, consent: true },
  { ...ok, consent: { analytics: true } },
  { ...ok, consent: { analytics: true, personalization: false, marketing: false } },
  { ...ok, consent: { analytics: 'yes' } },
  { ...ok, consent: { ads: true } },
  { ...ok, autoPage: true },
  { ...ok, autoPage: 'yes' },
  { ...ok, autoVideo: true },
  { ...ok, autoVideo: 'video.pdp' },
  { ...ok, autoVideo: '' },
  { ...ok, autoVideo: 1 },
  { ...ok, webVitals: false },
  { ...ok, webVitals: null },
  { ...ok, debug: true },
  { ...ok, plugins: [] },
  { ...ok, plugins: [{ name: 'p', beforeEnqueue: () => null }] },
  { ...ok, plugins: [{}] },
  { ...ok, plugins: {} },
  { ...ok, writeKey: '' },
  { ...ok, writeKey: 'x'.repeat(201) },
  { ...ok, writeKey: 42 },
  { ...ok, endpont: '/x' },
  { ...ok, batchsize: 20 },
  { endpoint: 'ftp://c.example.com/x' },
  { endpoint: 'c.example.com/v1/batch' },
  { endpoint: 'https://' },
  { endpoint: 'https://c.example.com/a b' },
  { endpoint: '' },
  { endpoint: 42 },
  {},
  null,
  undefined,
  'https://c.example.com',
  [ok],
];

describe('config validation', () => {
  it.each(corpus.map((c, i) => [i, c] as const))('compact validator agrees with the zod schema (#%i)', (_i, input) => {
    const zod = configSchema.safeParse(input);
    let compact: unknown;
    let compactOk = true;
    try {
      compact = validateConfig(input);
    } catch (e) {
      expect(e).toBeInstanceOf(EncoreConfigError);
      compactOk = false;
    }
    expect(compactOk).toBe(zod.success);
    if (zod.success) expect(compact).toEqual(zod.data);
  });

  it('applies the contract defaults', () => {
    expect(validateConfig(ok)).toMatchObject({
      batchSize: 20,
      flushIntervalMs: 5000,
      maxBatchBytes: 60000,
      maxQueueEvents: 10000,
      maxQueueBytes: 5 * 1024 * 1024,
      maxEventAgeMs: 7 * 24 * 3600 * 1000,
      retry: { maxAttempts: 10, baseDelayMs: 1000, maxDelayMs: 300000 },
      consent: 'granted',
      autoPage: false,
      autoVideo: false,
      webVitals: true,
      debug: false,
      plugins: [],
    });
  });

  it('names the key, the value received and what was expected', () => {
    for (const validate of [validateConfig, validateConfigDev]) {
      const err = (() => {
        try {
          validate({ ...ok, batchSize: '20' });
        } catch (e) {
          return e as EncoreConfigError;
        }
      })();
      expect(err).toBeInstanceOf(EncoreConfigError);
      expect(err!.key).toBe('batchSize');
      expect(err!.received).toBe('20');
      expect(err!.message).toBe('Illegal config: batchSize must be an integer 1–500, got "20"');
    }
  });

  it('suggests the nearest valid key for a typo, top level and nested', () => {
    expect(() => validateConfigDev({ ...ok, flushInterval: 10 })).toThrow(/unknown key flushInterval \(did you mean "flushIntervalMs"\?\)/);
    expect(() => validateConfigDev({ ...ok, retry: { maxAtempts: 3 } })).toThrow(/unknown key retry\.maxAtempts \(did you mean "maxAttempts"\?\)/);
  });

  it('requires an endpoint', () => {
    expect(() => validateConfigDev({ writeKey: 'k' })).toThrow(/endpoint must be an absolute http\(s\) URL/);
  });
});
