/**
 * Config validation at the edge. Development builds validate with the zod schema (`schema.ts`) and
 * add the nearest valid key for typos. Production builds use the compact table below instead (zod
 * would cost more than the whole core), which a unit test holds to the same verdicts as the schema
 * over a corpus of configs.
 */
import type { EncoreConfig } from './schema';
import { EncoreConfigError } from './errors';

/** [test, what was expected, default]. Integers are [min, max, default]. */
type Rule = [(v: unknown) => boolean, string, unknown?] | [number, number, number];

const isBool = (v: unknown) => typeof v === 'boolean';
const isStr = (v: unknown): v is string => typeof v === 'string';
const BOOL = 'true or false';

export const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  !!v && typeof v === 'object' && !Array.isArray(v) && [Object.prototype, null].includes(Object.getPrototypeOf(v));

const RETRY: Record<string, Rule> = {
  maxAttempts: [1, 100, 10],
  baseDelayMs: [10, 600_000, 1000],
  maxDelayMs: [100, 3_600_000, 300_000],
};

const TOP: Record<string, Rule> = {
  endpoint: [(v) => isStr(v) && /^(https?:\/\/[^\s/]+|\/)[^\s]*$/i.test(v), 'an absolute http(s) URL or a path starting with "/"'],
  writeKey: [(v) => isStr(v) && v.length > 0 && v.length <= 200, 'a string of 1–200 characters'],
  batchSize: [1, 500, 20],
  flushIntervalMs: [0, 3_600_000, 5000],
  maxBatchBytes: [1000, 60_000, 60_000],
  maxQueueEvents: [1, 1_000_000, 10_000],
  maxQueueBytes: [10_000, 500_000_000, 5 * 1024 * 1024],
  maxEventAgeMs: [60_000, 365 * 24 * 3600_000, 7 * 24 * 3600_000],
  retry: [isPlainObject, 'an object { maxAttempts, baseDelayMs, maxDelayMs }', {}],
  consent: [
    (v) =>
      ['granted', 'pending', 'denied', 'gtag'].includes(v as string) ||
      (isPlainObject(v) && Object.keys(v).every((k) => ['analytics', 'personalization', 'marketing'].includes(k) && (v[k] === undefined || isBool(v[k])))),
    "'granted', 'pending', 'denied', 'gtag' or { analytics, personalization, marketing }",
    'granted',
  ],
  autoPage: [isBool, BOOL, false],
  autoVideo: [(v) => isBool(v) || (isStr(v) && v.length > 0), 'true, false or a CSS selector', false],
  webVitals: [isBool, BOOL, true],
  debug: [isBool, BOOL, false],
  plugins: [(v) => Array.isArray(v) && v.every((p) => p && typeof p === 'object' && isStr(p.name)), 'an array of plugins ({ name, … })', []],
};

/** A short, safe rendering of what the user passed. */
export const describe = (v: unknown): string => {
  try {
    return (typeof v === 'function' ? 'a function' : JSON.stringify(v) ?? String(v)).slice(0, 60);
  } catch {
    return String(v);
  }
};

export const configError = (key: string, received: unknown, expected: string) =>
  new EncoreConfigError(`Illegal config: ${key} must be ${expected}, got ${describe(received)}`, key, received);

function apply(input: Record<string, unknown>, table: Record<string, Rule>, prefix: string) {
  const out: Record<string, unknown> = {};
  for (const key in input) if (!(key in table)) throw new EncoreConfigError(`Illegal config: unknown key ${prefix}${key}`, prefix + key, input[key]);
  for (const key in table) {
    const rule = table[key]!;
    const [test, expected, fallback] = isStr(rule[1])
      ? rule
      : [(v: unknown) => Number.isInteger(v) && (v as number) >= (rule[0] as number) && (v as number) <= (rule[1] as number), `an integer ${rule[0]}–${rule[1]}`, rule[2]];
    const v = input[key];
    if (v === undefined) {
      if (key === 'endpoint') throw configError(key, v, expected as string);
      if (fallback !== undefined) out[key] = fallback;
    } else if (!(test as (v: unknown) => boolean)(v)) throw configError(prefix + key, v, expected as string);
    else out[key] = v;
  }
  return out;
}

/** Compact validation: same verdicts as `configSchema`, small enough for production. */
export function validateConfig(input: unknown): EncoreConfig {
  if (!isPlainObject(input)) throw configError('config', input, 'an object with at least { endpoint }');
  const out = apply(input, TOP, '');
  out.retry = apply(out.retry as Record<string, unknown>, RETRY, 'retry.');
  return out as EncoreConfig;
}
