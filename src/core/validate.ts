/**
 * Config validation at the edge. Development builds validate with the zod schema (`schema.ts`) and
 * say which key is wrong, what was received, what was expected and the nearest valid key. Production
 * builds use the compact table below instead (zod would cost more than the whole core), which a unit
 * test holds to the same verdicts as the schema over a corpus of configs.
 */
import type { EncoreConfig } from './schema';
import { EncoreConfigError } from './errors';

type Check = [test: (v: unknown) => boolean, expected: string, fallback?: unknown];

const isInt = (min: number, max: number) => (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
const int = (min: number, max: number, d: number): Check => [isInt(min, max), `an integer ${min}–${max}`, d];
const bool = (d: boolean): Check => [(v) => typeof v === 'boolean', 'true or false', d];
const isEndpoint = (v: unknown) => typeof v === 'string' && (/^https?:\/\/[^\s/]+[^\s]*$/i.test(v) || /^\/[^\s]*$/.test(v));
const isPurposes = (v: unknown) =>
  isPlainObject(v) && Object.entries(v).every(([k, b]) => ['analytics', 'personalization', 'marketing'].includes(k) && (b === undefined || typeof b === 'boolean'));

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const p = Object.getPrototypeOf(v);
  return p === Object.prototype || p === null;
}

const RETRY: Record<string, Check> = {
  maxAttempts: int(1, 100, 10),
  baseDelayMs: int(10, 600_000, 1000),
  maxDelayMs: int(100, 3_600_000, 300_000),
};

const TOP: Record<string, Check> = {
  endpoint: [isEndpoint, 'an absolute http(s) URL or a path starting with "/"'],
  writeKey: [(v) => typeof v === 'string' && v.length >= 1 && v.length <= 200, 'a string of 1–200 characters'],
  batchSize: int(1, 500, 20),
  flushIntervalMs: int(0, 3_600_000, 5000),
  maxBatchBytes: int(1000, 60_000, 60_000),
  maxQueueEvents: int(1, 1_000_000, 10_000),
  maxQueueBytes: int(10_000, 500_000_000, 5 * 1024 * 1024),
  maxEventAgeMs: int(60_000, 365 * 24 * 3600_000, 7 * 24 * 3600_000),
  retry: [isPlainObject, 'an object { maxAttempts, baseDelayMs, maxDelayMs }', {}],
  consent: [(v) => v === 'granted' || v === 'pending' || v === 'denied' || isPurposes(v), "'granted', 'pending', 'denied' or { analytics, personalization, marketing }", 'granted'],
  autoPage: bool(false),
  autoVideo: [(v) => typeof v === 'boolean' || (typeof v === 'string' && v.length > 0), 'true, false or a CSS selector', false],
  webVitals: bool(true),
  debug: bool(false),
  plugins: [(v) => Array.isArray(v) && v.every((p) => p !== null && typeof p === 'object' && typeof (p as { name?: unknown }).name === 'string'), 'an array of plugins ({ name, … })', []],
};

export const describe = (v: unknown): string => {
  if (typeof v === 'string') return JSON.stringify(v.length > 60 ? v.slice(0, 57) + '…' : v);
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'function') return 'a function';
  if (Array.isArray(v)) return 'an array';
  if (v === null || typeof v !== 'object') return String(v);
  try {
    return JSON.stringify(v).slice(0, 60);
  } catch {
    return 'an object';
  }
};

export function configError(key: string, received: unknown, expected: string, hint = ''): EncoreConfigError {
  return new EncoreConfigError(`Illegal config: ${key} must be ${expected}, got ${describe(received)}${hint}`, key, received);
}

function applyTable(input: Record<string, unknown>, table: Record<string, Check>, prefix: string, out: Record<string, unknown>) {
  for (const key of Object.keys(input)) {
    if (!(key in table)) throw new EncoreConfigError(`Illegal config: unknown key ${prefix}${key}${nearestHint(key, Object.keys(table))}`, prefix + key, input[key]);
  }
  for (const [key, [test, expected, fallback]] of Object.entries(table)) {
    const v = input[key];
    if (v === undefined) {
      if (fallback !== undefined) out[key] = fallback;
      else if (key === 'endpoint') throw configError(prefix + key, v, expected);
      continue;
    }
    if (!test(v)) throw configError(prefix + key, v, expected);
    out[key] = v;
  }
}

/** Compact validation: same verdicts as `configSchema`, small enough for production. */
export function validateConfig(input: unknown): EncoreConfig {
  if (!isPlainObject(input)) throw configError('config', input, 'an object with at least { endpoint }');
  const out: Record<string, unknown> = {};
  applyTable(input, TOP, '', out);
  const retry: Record<string, unknown> = {};
  applyTable(out.retry as Record<string, unknown>, RETRY, 'retry.', retry);
  out.retry = retry;
  return out as unknown as EncoreConfig;
}

/** ", did you mean …?" for a mistyped key (Levenshtein distance ≤ 3). */
export function nearestHint(key: string, keys: string[]): string {
  let best = '';
  let bestD = 4;
  for (const k of keys) {
    const d = distance(key.toLowerCase(), k.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  return best ? ` (did you mean "${best}"?)` : '';
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}
