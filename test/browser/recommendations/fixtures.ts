/** Catalog and endpoint fixtures served by the browser tests' routes. */
export const PAGE = '/test/browser/recommendations/pages';
export const CLIP_A = '/test/fixtures/recommendations/clip-a.mp4';
export const CLIP_B = '/test/fixtures/recommendations/clip-b.mp4';

const product = (id: string, extra: Record<string, unknown>) => ({ id, url: `${PAGE}/product.html?id=${id}`, currency: 'JPY', price: 1000, ...extra });

export const CATALOG = {
  products: [
    product('knife', { sku: 'KN-1', name: 'Chef knife', category: 'knives', accessories: ['sharpener'], complements: ['cutting-boards'], howTo: [{ id: 'sharpen', src: CLIP_A, title: 'Sharpening your knife' }], popularity: 5 }),
    product('sharpener', { sku: 'SH-1', name: 'Whetstone sharpener', category: 'knife-care', popularity: 3 }),
    product('board', { name: 'Cutting board', category: 'cutting-boards', popularity: 4 }),
    product('brush', { sku: 'TB-1', name: 'Electric toothbrush', category: 'oral-care', replenishDays: 90, replenishWith: 'heads', popularity: 2 }),
    product('heads', { sku: 'TB-H4', name: 'Brush heads', category: 'oral-care', popularity: 1 }),
    product('shoes', { name: 'Trekking shoes', category: 'trekking', complements: ['trekking-wear'], popularity: 10 }),
    product('jacket', { name: 'Trekking jacket', category: 'trekking-wear', popularity: 6 }),
  ],
  howTo: { 'oral-care': [{ src: CLIP_B, title: 'Brushing well' }] },
};

export const HOSTILE = {
  products: [
    product('evil', { name: '<img src=x onerror=window.__xss=1>', category: 'x', popularity: 9, image: 'javascript:window.__xss=2' }),
    product('evil2', { name: 'Bad link', url: 'javascript:window.__xss=3', popularity: 8 }),
    product('evil3', { name: '"><script>window.__xss=4</script>', category: 'x', popularity: 7, howTo: [{ src: 'javascript:window.__xss=5', title: '<b>bold</b>' }] }),
    product('evil4', { name: 'Data image', category: 'x', popularity: 6, image: 'data:image/svg+xml,<svg onload="window.__xss=6"/>' }),
  ],
};
