// The demo catalog (SKUs match examples/storefront/server/demo-data.json, so the collector's
// recommendations and galleries refer to the same products).

export const BRAND = 'Encore';

export const CATEGORIES = ['running', 'outdoor', 'kitchen', 'personal-care'];

export const PRODUCTS = [
  { sku: 'SKU-RUN-SHOES', category: 'running', price: 129, name: { en: 'Road running shoes', ja: 'ロードランニングシューズ' } },
  { sku: 'SKU-RUN-SHIRT', category: 'running', price: 35, name: { en: 'Breathable running shirt', ja: '通気性ランニングシャツ' } },
  { sku: 'SKU-TREK-SHOES', category: 'outdoor', price: 149, name: { en: 'Trekking shoes', ja: 'トレッキングシューズ' } },
  { sku: 'SKU-TREK-SOCKS', category: 'outdoor', price: 24, name: { en: 'Merino trekking socks', ja: 'メリノ トレッキングソックス' } },
  { sku: 'SKU-TREK-JACKET', category: 'outdoor', price: 189, name: { en: 'Waterproof trekking jacket', ja: '防水トレッキングジャケット' } },
  { sku: 'SKU-KNIFE-CHEF', category: 'kitchen', price: 89, name: { en: "Chef's knife 20 cm", ja: '牛刀 20cm' } },
  { sku: 'SKU-SHARPENER', category: 'kitchen', price: 39, name: { en: 'Whetstone sharpener 1000/6000', ja: '砥石 1000/6000' } },
  { sku: 'SKU-BRUSH-SONIC', category: 'personal-care', price: 79, name: { en: 'Sonic electric toothbrush', ja: '音波電動歯ブラシ' } },
  { sku: 'SKU-BRUSH-HEADS', category: 'personal-care', price: 19, name: { en: 'Replacement brush heads, 4-pack', ja: '替えブラシ 4本入り' } },
];

export const productBySku = (sku) => PRODUCTS.find((p) => p.sku === sku);
export const productsIn = (category) => PRODUCTS.filter((p) => p.category === category);
