import { describe, expect, it } from 'vitest';
import { rank } from '../../../src/widgets/recommendations/rank';
import { DAY, NOW, PRODUCTS } from './fixtures';

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
});
