import type { VideoMeta } from '../types';

/**
 * Video metadata from `data-encore-video`, `-category`, `-products` (comma-separated) and `-title`
 * (used by auto-tracking and the video.js plugin). Empty attributes are absent, not invalid.
 */
export const metaFromDataset = (d: DOMStringMap, fallbackId: string): VideoMeta => ({
  videoId: d.encoreVideo || fallbackId,
  category: d.encoreCategory || undefined,
  title: d.encoreTitle || undefined,
  productIds: d.encoreProducts?.split(',').map((s) => s.trim()).filter(Boolean),
});
