import type { CatalogProduct } from '../../../src/widgets/recommendations/types';

export const DAY = 86_400_000;
export const NOW = Date.parse('2026-11-25T12:00:00Z');

const p = (o: Partial<CatalogProduct> & { id: string; name: string }): CatalogProduct => ({ url: `https://shop.example/p/${o.id}`, ...o });

export const PRODUCTS: CatalogProduct[] = [
  p({ id: 'knife', sku: 'KN-1', name: 'Chef knife', category: 'knives', accessories: ['sharpener'], complements: ['cutting-boards'], howTo: [{ id: 'sharpen', src: 'https://cdn.example/sharpen.mp4', title: 'Sharpening your knife' }], popularity: 5 }),
  p({ id: 'knife2', name: 'Paring knife', category: 'knives', popularity: 2 }),
  p({ id: 'sharpener', sku: 'SH-1', name: 'Whetstone sharpener', category: 'knife-care', popularity: 3 }),
  p({ id: 'board', name: 'Cutting board', category: 'cutting-boards', popularity: 4 }),
  p({ id: 'brush', sku: 'TB-1', name: 'Electric toothbrush', category: 'oral-care', replenishDays: 90, replenishWith: 'heads' }),
  p({ id: 'heads', sku: 'TB-H4', name: 'Brush heads (4)', category: 'oral-care' }),
  p({ id: 'shoes', name: 'Trekking shoes', category: 'trekking', complements: ['trekking-wear'], popularity: 10 }),
  p({ id: 'jacket', name: 'Trekking jacket', category: 'trekking-wear', popularity: 1 }),
  p({ id: 'tent', name: 'Tent', category: 'camping', popularity: 8 }),
];

/** A kettle marked with upgrades: one real (pricier, same category, same currency) and several that fail a condition. */
export const UPGRADES: CatalogProduct[] = [
  p({ id: 'kettle', name: 'Kettle', category: 'kettles', price: 5000, currency: 'JPY', complements: ['mugs'],
    upgrades: ['kettle-pro', 'kettle-mini', 'kettle-usd', 'kettle-unpriced', 'mug', 'missing'] }),
  p({ id: 'kettle-pro', sku: 'KT-PRO', name: 'Kettle Pro', category: 'kettles', price: 12000, currency: 'JPY' }),
  p({ id: 'kettle-smart', name: 'Smart kettle', category: 'kettles', price: 15000, currency: 'JPY' }),
  p({ id: 'kettle-mini', name: 'Mini kettle', category: 'kettles', price: 3000, currency: 'JPY' }),
  p({ id: 'kettle-usd', name: 'Imported kettle', category: 'kettles', price: 90, currency: 'USD' }),
  p({ id: 'kettle-unpriced', name: 'Kettle (price on request)', category: 'kettles', upgrades: ['kettle-pro'] }),
  p({ id: 'mug', name: 'Mug', category: 'mugs', price: 8000, currency: 'JPY' }),
];
