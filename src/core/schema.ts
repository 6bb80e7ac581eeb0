/**
 * The config schema, written once. Types come from it, docs/config.schema.json is generated from
 * it, and development builds validate with it. Production builds use the compact validator in
 * `validate.ts`, which a test checks against this schema over a corpus of configs.
 */
import * as z from 'zod/mini';

const int = (min: number, max: number) => z.int().check(z.gte(min), z.lte(max));

/** Absolute http(s) URL, or a path on this origin. */
export const endpointSchema = /* @__PURE__ */ (() => z.string().check(
  z.refine((s) => /^https?:\/\/[^\s/]+[^\s]*$/i.test(s) || /^\/[^\s]*$/.test(s), {
    message: 'an absolute http(s) URL or a path starting with "/"',
  }),
))();

const consentPurposes = /* @__PURE__ */ (() => z.strictObject({
  analytics: z.optional(z.boolean()),
  personalization: z.optional(z.boolean()),
  marketing: z.optional(z.boolean()),
}))();

export const retrySchema = /* @__PURE__ */ (() => z.strictObject({
  maxAttempts: z._default(int(1, 100), 10),
  baseDelayMs: z._default(int(10, 600_000), 1000),
  maxDelayMs: z._default(int(100, 3_600_000), 300_000),
}))();

const pluginSchema = /* @__PURE__ */ (() => z.looseObject({ name: z.string() }))();

/* Built in a function called with a pure annotation: production bundles, which never validate with
   zod, can then drop the schema and zod itself. */
const makeSchema = () => z.strictObject({
  endpoint: endpointSchema.check(z.describe('Collector URL: absolute http(s) URL, or a path on this origin. Required.')),
  writeKey: z.optional(z.string().check(z.minLength(1), z.maxLength(200), z.describe('Sent as `writeKey` in each batch body.'))),
  batchSize: z._default(int(1, 500).check(z.describe('Most events per request.')), 20),
  flushIntervalMs: z._default(int(0, 3_600_000).check(z.describe('How long events wait to be batched (0: send at once).')), 5000),
  maxBatchBytes: z._default(int(1000, 60_000).check(z.describe('Most bytes per request body; ≤ 60 KB keeps unload beacons inside the 64 KiB budget.')), 60_000),
  maxQueueEvents: z._default(int(1, 1_000_000).check(z.describe('Most events kept; when full the oldest non-commerce events are dropped first.')), 10_000),
  maxQueueBytes: z._default(int(10_000, 500_000_000).check(z.describe('Most bytes kept in the queue.')), 5 * 1024 * 1024),
  maxEventAgeMs: z._default(int(60_000, 365 * 24 * 3600_000).check(z.describe('Events older than this are dropped (too_old).')), 7 * 24 * 3600_000),
  retry: z.prefault(retrySchema, {}),
  consent: z._default(z.union([z.enum(['granted', 'pending', 'denied', 'gtag']), consentPurposes]), 'granted'),
  autoPage: z._default(z.boolean().check(z.describe('Send page() on load and on every SPA URL change.')), false),
  autoVideo: z._default(z.union([z.boolean(), z.string().check(z.minLength(1))]), false),
  webVitals: z._default(z.boolean().check(z.describe('Report LCP, INP, CLS, FCP and TTFB once per page as Web Vital events.')), true),
  debug: z._default(z.boolean().check(z.describe('Log events, sanitizing fixes and errors to the console.')), false),
  plugins: z._default(z.array(pluginSchema), []),
});

export const configSchema = /* @__PURE__ */ makeSchema();

/** Config as a user writes it. */
export type EncoreConfigInput = z.input<typeof configSchema>;
/** Config after validation and defaults. */
export type EncoreConfig = z.output<typeof configSchema>;
