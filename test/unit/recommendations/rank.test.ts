import { describe, expect, it } from 'vitest';
import { rank } from '../../../src/widgets/recommendations/rank';
import { DAY, NOW, PRODUCTS, UPGRADES } from './fixtures';

const ids = (r: ReturnType<typeof rank>) => r.map((x) => (x.video ? `video:${x.video.id}` : x.product.id));

describe('rank', () => {
  it('knife → sharpener (accessory) first, then the sharpening video, then complements', () => {
    const r = rank({ products: PRODUCTS, anchors: ['knife'], personal: false, now: NOW });
    expect(ids(r).slice(0, 3)).toEqual(['sharpener', 'video:sharpen', 'board']);
    expect(r[0]!.reason).toBe('accessory');
    expect(r[0]!.about).toBe('Chef knife');
    expect(r[1]!.reason).toBe('how-to');
    expect(r[2]!.reason).toBe('cross-sell');
  });

  it('excludes what was just bought, and what was bought before (personal), anchors by sku work', () => {
    const r = rank({ products: PRODUCTS, anchors: ['KN-1'], personal: true, purchases: [{ product_id: 'board', at: NOW - 5 * DAY }], now: NOW });
    expect(ids(r)).not.toContain('knife');
    expect(ids(r)).not.toContain('board');
    expect(ids(r)).toContain('sharpener');
  });

  it('trekking shoes → trekking wear', () => {
    const r = rank({ products: PRODUCTS, anchors: ['shoes'], personal: false, now: NOW });
    expect(r[0]!.product.id).toBe('jacket');
    expect(r[0]!.reason).toBe('cross-sell');
  });

  it('without consent ignores history and interests: same category and best sellers only', () => {
    const input = { products: PRODUCTS, personal: false, purchases: [{ product_id: 'brush', at: NOW - 80 * DAY }], interests: { camping: 9 }, now: NOW };
    const r = rank(input);
    expect(r.every((x) => x.reason === 'popular')).toBe(true);
    expect(ids(r).slice(0, 3)).toEqual(['shoes', 'tent', 'knife']);
  });

  it('with consent orders by category interest and adds affinity picks', () => {
    const r = rank({ products: PRODUCTS, personal: true, interests: { 'cutting-boards': 1, ' Camping': 5 }, now: NOW });
    expect(r[0]!.product.id).toBe('tent');
    expect(r[0]!.reason).toBe('affinity');
    expect(ids(r).indexOf('board')).toBeLessThan(ids(r).indexOf('shoes'));
  });

  it('a due refill ranks first even though the product was bought, and carries its due date', () => {
    const r = rank({ products: PRODUCTS, personal: true, purchases: [{ product_id: 'brush', sku: 'TB-1', at: NOW - 80 * DAY }], now: NOW });
    expect(r[0]!.reason).toBe('replenishment');
    expect(r[0]!.product.id).toBe('heads');
    expect(r[0]!.dueAt).toBe(NOW + 10 * DAY);
  });

  it('respects limit and never returns duplicates', () => {
    const r = rank({ products: PRODUCTS, anchors: ['knife', 'shoes'], personal: false, now: NOW, limit: 4 });
    expect(r).toHaveLength(4);
    expect(new Set(ids(r)).size).toBe(4);
  });

  it('unknown anchors fall back to best sellers', () => {
    expect(rank({ products: PRODUCTS, anchors: ['nope'], personal: false, now: NOW })[0]!.product.id).toBe('shoes');
  });

  describe('upgrade', () => {
    const rankFor = (anchors: string[], extra: Partial<Parameters<typeof rank>[0]> = {}) =>
      rank({ products: UPGRADES, anchors, personal: false, now: NOW, limit: 20, ...extra });
    const reasonOf = (r: ReturnType<typeof rank>, id: string) => r.find((x) => x.product.id === id)?.reason;

    it('recommends the marked, pricier product of the same category, with the anchor in its reason', () => {
      const r = rankFor(['kettle']);
      const pro = r.find((x) => x.product.id === 'kettle-pro')!;
      expect(pro).toMatchObject({ reason: 'upgrade', about: 'Kettle' });
      // Below the anchor's complements, above the same-category fallback.
      expect(ids(r).indexOf('mug')).toBeLessThan(ids(r).indexOf('kettle-pro'));
    });

    it('not for unmarked, cheaper, other-category, other-currency or unpriced products', () => {
      const r = rankFor(['kettle']);
      expect(reasonOf(r, 'kettle-smart')).toBe('similar'); // pricier, same category, but not marked
      expect(reasonOf(r, 'kettle-mini')).toBe('similar'); // marked, but cheaper
      expect(reasonOf(r, 'kettle-usd')).toBe('similar'); // marked, pricier in another currency
      expect(reasonOf(r, 'kettle-unpriced')).toBe('similar'); // marked, no price to compare
      expect(reasonOf(r, 'mug')).toBe('cross-sell'); // marked, but another category
      expect(r.filter((x) => x.reason === 'upgrade').map((x) => x.product.id)).toEqual(['kettle-pro']);
    });

    it('an anchor without a price upgrades to nothing', () => {
      expect(rankFor(['kettle-unpriced']).some((x) => x.reason === 'upgrade')).toBe(false);
    });

    it('not when the upgrade was just bought too, or bought before (personal)', () => {
      expect(reasonOf(rankFor(['kettle', 'kettle-pro']), 'kettle-pro')).toBeUndefined();
      const before = rankFor(['kettle'], { personal: true, purchases: [{ product_id: 'kettle-pro', at: NOW - 30 * DAY }] });
      expect(reasonOf(before, 'kettle-pro')).toBeUndefined();
      const bySku = rankFor(['kettle'], { personal: true, purchases: [{ product_id: 'other-id', sku: 'KT-PRO', at: NOW - 30 * DAY }] });
      expect(reasonOf(bySku, 'kettle-pro')).toBeUndefined();
    });
  });
});
