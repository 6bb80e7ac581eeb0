import type { GalleryItem } from './types';

type Store = Pick<Storage, 'getItem' | 'setItem'>;

/** On a first visit, items published this recently still count as new. */
const FIRST_VISIT_WINDOW_MS = 14 * 864e5;
/** Renders within this long of the last one belong to the same visit (re-renders keep their badges). */
const VISIT_GAP_MS = 30 * 6e4;
/** Announced ids kept per gallery; old ones fall off (their items are no longer new anyway). */
const MAX_ANNOUNCED = 500;

function read(store: Store | null, key: string): string | null {
  try {
    return store?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

function write(store: Store | null, key: string, value: string) {
  try {
    store?.setItem(key, value);
  } catch {
    /* storage full or blocked: badges just reappear next time */
  }
}

/**
 * "New" badges and one-time announcements for one gallery. An item is new when published after the
 * previous visit; renders less than 30 minutes apart are one visit, so re-rendering (language switch,
 * navigation) keeps the badges. Only times and item ids are stored, never the manifest.
 */
export function newContentTracker(store: Store | null, galleryId: string, now = Date.now()) {
  const prefix = `encore:gallery:${galleryId}:`;
  // lastVisit: the latest render; visitStart: what "new" is measured against during this visit.
  const last = Number(read(store, prefix + 'lastVisit'));
  const sameVisit = last > 0 && now - last < VISIT_GAP_MS && Number(read(store, prefix + 'since')) > 0;
  const since = sameVisit ? Number(read(store, prefix + 'since')) : last > 0 ? last : now - FIRST_VISIT_WINDOW_MS;
  write(store, prefix + 'lastVisit', String(now));
  write(store, prefix + 'since', String(since));
  let announced: string[] = [];
  try {
    const parsed: unknown = JSON.parse(read(store, prefix + 'announced') || '[]');
    if (Array.isArray(parsed)) announced = parsed.filter((x): x is string => typeof x === 'string');
  } catch {
    /* corrupt value: start over */
  }
  return {
    /** Published after the previous visit (and not in the future). */
    isNew(item: GalleryItem): boolean {
      const p = item.publishedAt ? Date.parse(item.publishedAt) : NaN;
      return p > since && p <= now + 6e4;
    },
    /** True the first time it is asked about an item, ever (per storage). */
    claim(itemId: string): boolean {
      if (announced.includes(itemId)) return false;
      announced = [...announced, itemId].slice(-MAX_ANNOUNCED);
      write(store, prefix + 'announced', JSON.stringify(announced));
      return true;
    },
  };
}
