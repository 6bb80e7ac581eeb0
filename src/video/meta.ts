import type { VideoMeta } from '../types';

const str = (v: unknown): v is string => typeof v == 'string' && !!v;

/**
 * Checks video metadata at the edge. Bad fields are reported and dropped (a missing `videoId`
 * becomes `fallbackId`); nothing throws into the page.
 */
export function cleanMeta(meta: unknown, report: (e: Error) => void, fallbackId = 'unknown'): VideoMeta {
  const m = (meta && typeof meta == 'object' ? meta : {}) as Record<string, any>;
  const out: VideoMeta = { videoId: fallbackId };
  const bad: string[] = [];
  const check = (key: keyof VideoMeta, ok: boolean, value: unknown = m[key]) => {
    if (ok) (out as any)[key] = value;
    else if (key == 'videoId' || m[key] !== undefined) bad.push(key);
  };
  check('videoId', str(m.videoId));
  check('title', str(m.title));
  check('category', str(m.category));
  const ids = m.productIds;
  if (Array.isArray(ids)) out.productIds = ids.filter(str).slice(0, 100);
  check('productIds', Array.isArray(ids) && ids.every(str), out.productIds);
  check('live', typeof m.live == 'boolean');
  check('custom', !!m.custom && typeof m.custom == 'object');
  if (bad.length) report(new TypeError(`attachVideo: invalid meta.${bad.join(', meta.')}`));
  return out;
}
