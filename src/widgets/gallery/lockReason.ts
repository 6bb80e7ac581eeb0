import { formatDate, t, type Lang, type Strings } from '../shared';
import type { GalleryLock } from './types';

/** Why an item is locked, as one line for the shopper ("Gold members", "Available from 12/1"). */
export function lockReason(lock: GalleryLock | undefined, strings: Strings, lang: Lang, timeZone?: string): string {
  switch (lock?.reason) {
    case 'tier': {
      const raw = lock.tier;
      if (!raw) break;
      const key = 'tier_' + raw.toLowerCase();
      const name = t(strings, lang, key);
      return t(strings, lang, 'tier', { tier: name === key ? raw.charAt(0).toUpperCase() + raw.slice(1) : name });
    }
    case 'purchase': {
      const product = lock.productName || lock.productId;
      if (product) return t(strings, lang, 'purchase', { product });
      break;
    }
    case 'release': {
      const date = formatDate(lock.availableAt, lang, { timeZone });
      if (date) return t(strings, lang, 'release', { date });
      break;
    }
  }
  return t(strings, lang, 'members');
}
