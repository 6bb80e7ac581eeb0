/**
 * The wire format (docs/api.md, "The envelope") as zod schemas: the one definition collectors
 * validate with. It uses classic `zod` and is server-side only: browser code must not import it
 * (the SDK builds envelopes with the types in `types.ts`, which these schemas mirror).
 *
 * Validation is deliberately two-level: `batchBodySchema` checks the body shape (a failure is a
 * 400 for the whole request), `eventSchema` checks each event (a failure rejects that event only,
 * so one bad event never costs the rest of its batch).
 */
import * as z from 'zod';

/** Longest id (messageId, anonymousId, userId) a collector accepts. */
export const MAX_ID_LENGTH = 200;
/** Most events one batch may carry; the SDK sends 20 by default. */
export const MAX_BATCH_EVENTS = 2000;

const id = z.string().min(1).max(MAX_ID_LENGTH);
const isoTimestamp = z.iso.datetime({ offset: true, local: false });
const jsonObject = z.record(z.string(), z.unknown());

/** A segment as sent in `context.traits.segments`: an id, or `{ id, score?, since? }`. */
export const wireSegmentSchema = z.union([
  z.string().min(1).max(200),
  z.looseObject({ id: z.string().min(1).max(200), score: z.optional(z.number()), since: z.optional(z.string()) }),
]);

/**
 * `context`: every field the SDK sends is typed when present; unknown keys pass through, since
 * other Segment-compatible sources add their own.
 */
export const contextSchema = z.looseObject({
  library: z.optional(z.looseObject({ name: z.string().max(100), version: z.string().max(50) })),
  page: z.optional(
    z.looseObject({
      url: z.optional(z.string().max(8192)),
      path: z.optional(z.string().max(8192)),
      search: z.optional(z.string().max(8192)),
      referrer: z.optional(z.string().max(8192)),
      title: z.optional(z.string().max(2048)),
    }),
  ),
  campaign: z.optional(z.record(z.string(), z.string())),
  locale: z.optional(z.string().max(100)),
  timezone: z.optional(z.string().max(100)),
  screen: z.optional(z.looseObject({ width: z.number(), height: z.number(), density: z.optional(z.number()) })),
  userAgent: z.optional(z.string().max(2048)),
  session: z.optional(z.looseObject({ id: z.string().min(1).max(MAX_ID_LENGTH), seq: z.number().int().nonnegative() })),
  consent: z.optional(
    z.looseObject({ analytics: z.optional(z.boolean()), personalization: z.optional(z.boolean()), marketing: z.optional(z.boolean()) }),
  ),
  traits: z.optional(z.looseObject({ segments: z.optional(z.array(wireSegmentSchema).max(500)) })),
  dropped: z.optional(z.record(z.string(), z.number().int().nonnegative())),
});

/** One event envelope (Segment-compatible). */
export const eventSchema = z
  .looseObject({
    messageId: id,
    type: z.enum(['track', 'page', 'identify']),
    event: z.optional(z.string().min(1).max(200)),
    name: z.optional(z.nullable(z.string().max(500))),
    properties: z.optional(jsonObject),
    traits: z.optional(jsonObject),
    userId: z.optional(z.nullable(id)),
    anonymousId: z.optional(z.nullable(id)),
    timestamp: isoTimestamp,
    context: z.optional(contextSchema),
  })
  .refine((e) => e.type !== 'track' || typeof e.event === 'string', { message: 'a track event needs "event"', path: ['event'] })
  .refine((e) => !!(e.anonymousId || e.userId), { message: 'needs anonymousId or userId', path: ['anonymousId'] });

/**
 * The request body. `batch` entries are only checked to be present here; each is validated with
 * `eventSchema` on its own.
 */
export const batchBodySchema = z.looseObject({
  batch: z.array(z.unknown()).max(MAX_BATCH_EVENTS),
  sentAt: z.optional(isoTimestamp),
  writeKey: z.optional(z.string().max(200)),
});

/** An event after validation. */
export type WireEvent = z.output<typeof eventSchema>;
/** A request body after validation (events still unchecked). */
export type WireBatchBody = z.output<typeof batchBodySchema>;

/** One `rejected` entry of a collector's 2xx answer. */
export interface RejectedEvent {
  messageId: string | null;
  reason: string;
}

/** Turns a zod error into a short reason a developer can act on: `timestamp: Invalid ISO datetime`. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  const path = issue.path.map(String).join('.');
  return path ? `${path}: ${issue.message}` : issue.message;
}
