import { describe, expect, it } from 'vitest';
import { lockReason } from '../../../src/widgets/gallery/lockReason';
import { GALLERY_STRINGS } from '../../../src/widgets/gallery/strings';
import { newContentTracker } from '../../../src/widgets/gallery/newContent';
import { mergeStrings } from '../../../src/widgets/shared';

const S = GALLERY_STRINGS;
const year = new Date().getFullYear();

describe('lockReason', () => {
  it('says why in English', () => {
    expect(lockReason({ reason: 'tier', tier: 'gold' }, S, 'en')).toBe('Gold members');
    expect(lockReason({ reason: 'tier', tier: 'diamond' }, S, 'en')).toBe('Diamond members');
    expect(lockReason({ reason: 'purchase', productId: 'SKU9', productName: 'Trail Runner 3' }, S, 'en')).toBe('For buyers of Trail Runner 3');
    expect(lockReason({ reason: 'purchase', productId: 'SKU9' }, S, 'en')).toBe('For buyers of SKU9');
    expect(lockReason({ reason: 'release', availableAt: `${year}-12-01T03:00:00Z` }, S, 'en', 'Asia/Tokyo')).toBe('Available from 12/1');
  });

  it('says why in Japanese', () => {
    expect(lockReason({ reason: 'tier', tier: 'gold' }, S, 'ja')).toBe('ゴールド会員限定');
    expect(lockReason({ reason: 'purchase', productName: 'トレイルランナー3' }, S, 'ja')).toBe('トレイルランナー3をご購入の方限定');
    expect(lockReason({ reason: 'release', availableAt: `${year}-12-01T03:00:00Z` }, S, 'ja', 'Asia/Tokyo')).toBe('12/1から公開');
  });

  it('falls back to "Members only" for unknown or incomplete locks', () => {
    for (const lock of [undefined, {}, { reason: 'vip' }, { reason: 'tier' }, { reason: 'release', availableAt: 'soon' }, { reason: 'purchase' }]) {
      expect(lockReason(lock, S, 'en')).toBe('Members only');
      expect(lockReason(lock, S, 'ja')).toBe('会員限定');
    }
  });

  it('uses overridden strings', () => {
    const s = mergeStrings(S, { en: { tier: 'Exclusive to {tier}', tier_gold: 'Gold Club' } });
    expect(lockReason({ reason: 'tier', tier: 'gold' }, s, 'en')).toBe('Exclusive to Gold Club');
  });
});

describe('newContentTracker', () => {
  const memory = () => {
    const m = new Map<string, string>();
    return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), m };
  };
  const item = (id: string, publishedAt?: string) => ({ id, title: id, locked: false, publishedAt });

  it('marks items published since the last visit and announces each once', () => {
    const store = memory();
    const day = 864e5;
    const t0 = Date.parse('2026-11-01T00:00:00Z');
    const first = newContentTracker(store, 'g', t0);
    // First visit: the last two weeks count as new.
    expect(first.isNew(item('a', new Date(t0 - 3 * day).toISOString()))).toBe(true);
    expect(first.isNew(item('b', new Date(t0 - 30 * day).toISOString()))).toBe(false);
    expect(first.isNew(item('c'))).toBe(false);
    expect(first.claim('a')).toBe(true);
    expect(first.claim('a')).toBe(false);
    const second = newContentTracker(store, 'g', t0 + 5 * day);
    expect(second.isNew(item('a', new Date(t0 - 3 * day).toISOString()))).toBe(false);
    expect(second.isNew(item('d', new Date(t0 + 2 * day).toISOString()))).toBe(true);
    // Scheduled in the future: not new yet.
    expect(second.isNew(item('e', new Date(t0 + 9 * day).toISOString()))).toBe(false);
    expect(second.claim('a')).toBe(false);
    expect(second.claim('d')).toBe(true);
    expect([...store.m.keys()].sort()).toEqual(['encore:gallery:g:announced', 'encore:gallery:g:lastVisit', 'encore:gallery:g:since']);
    // A re-render 10 minutes later is the same visit: still new.
    const again = newContentTracker(store, 'g', t0 + 5 * day + 10 * 6e4);
    expect(again.isNew(item('d', new Date(t0 + 2 * day).toISOString()))).toBe(true);
    // The next visit (after a gap): no longer new.
    const later = newContentTracker(store, 'g', t0 + 6 * day);
    expect(later.isNew(item('d', new Date(t0 + 2 * day).toISOString()))).toBe(false);
  });

  it('survives broken storage', () => {
    const throwing = {
      getItem: () => {
        throw new Error('blocked');
      },
      setItem: () => {
        throw new Error('blocked');
      },
    };
    const tr = newContentTracker(throwing, 'g');
    expect(tr.claim('x')).toBe(true);
    expect(tr.claim('x')).toBe(false);
    const corrupt = { getItem: (k: string) => (k.endsWith('announced') ? '{nope' : 'NaN'), setItem: () => {} };
    expect(newContentTracker(corrupt, 'g').claim('x')).toBe(true);
    expect(newContentTracker(null, 'g').claim('x')).toBe(true);
  });
});
