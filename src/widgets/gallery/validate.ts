import { safeUrl } from '../shared';
import type { GalleryItem, GalleryManifest, GalleryLock, GalleryPlayback } from './types';

/** Result of {@link validateManifest}: `manifest` is null when the whole document is unusable. */
export interface ValidationResult {
  manifest: GalleryManifest | null;
  /** One line per skipped item or dropped field. */
  problems: string[];
}

/** A gallery is a curated shelf, not a catalog: a runaway manifest must not build thousands of cards. */
const MAX_ITEMS = 500;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const absent = (v: unknown) => v === undefined || v === null;
const str = (v: unknown) => typeof v === 'string' && v.trim() !== '';
/**
 * An ISO 8601 date or date-time, as the manifest contract says. `Date.parse` alone would differ per
 * engine: V8 also reads free text with a number in it ("soon 1" is a date in 2001), Firefox and
 * WebKit do not, so one manifest would render differently in Chrome and Safari.
 */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})?)?$/;
const isDate = (v: unknown) => typeof v === 'string' && ISO_DATE.test(v) && !Number.isNaN(Date.parse(v));

/** Thrown inside item validation; caught per item so one bad item never hides the others. */
class Bad extends Error {}

function opt(o: Obj, key: string, ok: (v: unknown) => boolean, what: string): any {
  const v = o[key];
  if (absent(v)) return undefined;
  if (!ok(v)) throw new Bad(`${key} must be ${what}`);
  return v;
}

function req(o: Obj, key: string): string {
  if (!str(o[key])) throw new Bad(`${key} must be a non-empty string`);
  return o[key] as string;
}

/**
 * Validates a gallery manifest without trusting anything in it. Invalid items are skipped and
 * described in `problems`; unsafe poster/CTA URLs are dropped (the item stays); an unlocked item
 * without a safe playback URL is skipped; `playback` on a locked item is discarded, never rendered.
 * The contract is the zod schema in test/unit/gallery/manifestSchema.ts; a test checks both agree.
 */
export function validateManifest(data: unknown, base?: string): ValidationResult {
  const problems: string[] = [];
  if (!isObj(data) || !str(data.id) || !Array.isArray(data.items)) {
    return { manifest: null, problems: ['manifest must be an object with an id and an items array'] };
  }
  const seen = new Set<string>();
  const items: GalleryItem[] = [];
  if (data.items.length > MAX_ITEMS) problems.push(`only the first ${MAX_ITEMS} of ${data.items.length} items are shown`);
  data.items.slice(0, MAX_ITEMS).forEach((raw, i) => {
    try {
      const item = validateItem(raw, base, (p) => problems.push(`items[${i}]: ${p}`));
      if (seen.has(item.id)) throw new Bad(`duplicate id ${JSON.stringify(item.id)}`);
      seen.add(item.id);
      items.push(item);
    } catch (e) {
      problems.push(`items[${i}] skipped: ${(e as Error).message}`);
    }
  });
  const title = typeof data.title === 'string' ? data.title : undefined;
  return { manifest: { id: data.id as string, title, items }, problems };
}

function validateItem(raw: unknown, base: string | undefined, note: (p: string) => void): GalleryItem {
  if (!isObj(raw)) throw new Bad('not an object');
  const item: GalleryItem = { id: req(raw, 'id'), title: req(raw, 'title'), locked: false };
  const locked = raw.locked;
  if (typeof locked !== 'boolean') throw new Bad('locked must be true or false');
  item.locked = locked;
  item.description = opt(raw, 'description', (v) => typeof v === 'string', 'a string');
  item.category = opt(raw, 'category', (v) => typeof v === 'string', 'a string');
  item.productIds = opt(raw, 'productIds', (v) => Array.isArray(v) && v.every((x) => typeof x === 'string'), 'an array of strings');
  item.durationSec = opt(raw, 'durationSec', (v) => typeof v === 'number' && Number.isFinite(v) && v >= 0, 'a number ≥ 0');
  item.publishedAt = opt(raw, 'publishedAt', isDate, 'a date');
  const poster = opt(raw, 'poster', (v) => typeof v === 'string', 'a string');
  if (poster !== undefined) {
    item.poster = safeUrl(poster, base) ?? undefined;
    if (!item.poster) note('poster dropped: not an https or same-origin URL');
  }
  if (locked) {
    if (!absent(raw.playback)) note('playback on a locked item discarded');
    const lock = opt(raw, 'lock', isObj, 'an object') as Obj | undefined;
    if (lock) item.lock = validateLock(lock, base, note);
  } else {
    const p = raw.playback;
    if (!isObj(p)) throw new Bad('an unlocked item needs playback');
    const playback: GalleryPlayback = { src: req(p, 'src') };
    const src = safeUrl(playback.src, base);
    if (!src) throw new Bad('playback.src is not an https or same-origin URL');
    playback.src = src;
    playback.type = opt(p, 'type', (v) => typeof v === 'string', 'a string');
    playback.expiresAt = opt(p, 'expiresAt', isDate, 'a date');
    item.playback = playback;
  }
  return item;
}

function validateLock(raw: Obj, base: string | undefined, note: (p: string) => void): GalleryLock {
  const s = (v: unknown) => typeof v === 'string';
  const lock: GalleryLock = {
    reason: opt(raw, 'reason', s, 'a string'),
    tier: opt(raw, 'tier', s, 'a string'),
    productId: opt(raw, 'productId', s, 'a string'),
    productName: opt(raw, 'productName', s, 'a string'),
    availableAt: opt(raw, 'availableAt', isDate, 'a date'),
  };
  const cta = opt(raw, 'cta', (v) => isObj(v) && s(v.label) && s(v.url), 'an object with label and url') as Obj | undefined;
  if (cta) {
    const url = safeUrl(cta.url, base);
    if (url) lock.cta = { label: cta.label as string, url };
    else note('lock.cta dropped: not an https or same-origin URL');
  }
  return lock;
}
