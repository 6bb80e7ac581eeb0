/**
 * The gallery manifest contract (docs/gallery.md, "The manifest"), written once as a zod schema.
 * The others are checked against it: `manifest.test.ts` proves the compact validator in
 * `src/widgets/gallery/validate.ts` accepts exactly what this accepts, and that the validated types
 * in `src/widgets/gallery/types.ts` have the same fields with the same types. (Classic zod, test
 * only: the widget never loads a schema library.) URL safety is an extra rule of the validator.
 */
import { z } from 'zod';

// ISO 8601 only: Date.parse would also take "soon 1" in V8 (not in Firefox or WebKit).
const date = z.union([z.iso.date(), z.iso.datetime({ offset: true, local: true })]);
/** Optional fields may also be null (the validator treats null as absent). */
const opt = <T extends z.ZodType>(t: T) => t.nullish();
const nonEmpty = z.string().trim().min(1);

export const playbackSchema = z.object({ src: nonEmpty, type: opt(z.string()), expiresAt: opt(date) });

export const lockSchema = z.object({
  reason: opt(z.string()),
  tier: opt(z.string()),
  productId: opt(z.string()),
  productName: opt(z.string()),
  availableAt: opt(date),
  cta: opt(z.object({ label: z.string(), url: z.string() })),
});

const itemFields = {
  id: nonEmpty,
  title: nonEmpty,
  description: opt(z.string()),
  category: opt(z.string()),
  productIds: opt(z.array(z.string())),
  poster: opt(z.string()),
  durationSec: opt(z.number().finite().min(0)),
  publishedAt: opt(date),
};

/** An unlocked item has a playback URL; a locked one has a lock (any playback on it is discarded). */
export const itemSchema = z.discriminatedUnion('locked', [
  z.object({ ...itemFields, locked: z.literal(false), playback: playbackSchema }),
  z.object({ ...itemFields, locked: z.literal(true), lock: opt(lockSchema) }),
]);

export const manifestSchema = z.object({ id: nonEmpty, title: opt(z.string()), items: z.array(itemSchema) });
