import type { VideoMeta } from '../types';

const str = (v: unknown) => (typeof v == 'string' && v ? v.slice(0, 500) : undefined);

/**
 * Checks video metadata at the edge. Bad fields are reported and dropped (a missing `videoId`
 * becomes `fallbackId`); nothing throws into the page.
 */
export function cleanMeta(meta: unknown, report: (e: Error) => void, fallbackId = 'unknown'): VideoMeta {
  const m = (meta && typeof meta == 'object' ? meta : {}) as Record<string, unknown>;
  const bad = (key: string) => report(new TypeError(`attachVideo: meta.${key} is invalid (got ${JSON.stringify(m[key])})`));
  const out: VideoMeta = { videoId: str(m.videoId) ?? (bad('videoId'), fallbackId) };
  for (const k of ['title', 'category'] as const) if (m[k] !== undefined) str(m[k]) ? (out[k] = str(m[k])) : bad(k);
  if (m.productIds !== undefined) {
    const ids = Array.isArray(m.productIds) ? m.productIds.filter((x): x is string => !!str(x)) : [];
    if (!Array.isArray(m.productIds) || ids.length != m.productIds.length) bad('productIds');
    out.productIds = ids.slice(0, 100);
  }
  if (m.live !== undefined) typeof m.live == 'boolean' ? (out.live = m.live) : bad('live');
  if (m.custom !== undefined) m.custom && typeof m.custom == 'object' ? (out.custom = m.custom as VideoMeta['custom']) : bad('custom');
  return out;
}
