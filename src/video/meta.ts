import type { VideoMeta } from '../types';

const str = (v: unknown): v is string => typeof v == 'string' && !!v;

/** What a valid value of each metadata field looks like. */
const VALID: Record<keyof VideoMeta, (v: any) => boolean> = {
  videoId: str,
  title: str,
  category: str,
  productIds: (v) => Array.isArray(v) && v.every(str),
  live: (v) => typeof v == 'boolean',
  custom: (v) => !!v && typeof v == 'object',
};

/**
 * Checks video metadata at the edge. Bad fields are reported and dropped (a missing `videoId`
 * becomes `unknown`; the valid ids of a bad `productIds` are kept); nothing throws into the page.
 */
export function cleanMeta(meta: unknown, report: (e: Error) => void): VideoMeta {
  const m = (meta && typeof meta == 'object' ? meta : {}) as Record<string, any>;
  const out: Record<string, unknown> = { videoId: 'unknown' };
  const bad: string[] = [];
  for (const [k, ok] of Object.entries(VALID))
    if (ok(m[k])) out[k] = m[k];
    else if (k == 'videoId' || m[k] !== undefined) bad.push(k);
  if (Array.isArray(m.productIds)) out.productIds = m.productIds.filter(str).slice(0, 100);
  if (bad.length) report(new TypeError('attachVideo: invalid meta.' + bad.join(', meta.')));
  return out as unknown as VideoMeta;
}
