// The pure parts of the dataLayer bridge: reading entries in both forms, GA4 → Segment mapping, and
// the Consent Mode v2 mapping.
import { describe, expect, test } from 'vitest';
import { readEntry } from '../../../src/datalayer/commands';
import { mapEcommerce, MAX_ITEMS } from '../../../src/datalayer/ecommerce';
import { applyConsentCommand, consentFromGtag } from '../../../src/datalayer/consent-mode';

function gtagArgs(..._a: unknown[]) {
  // eslint-disable-next-line prefer-rest-params
  return arguments;
}
const item = { item_id: 'SKU1', item_name: 'Trail shoe', item_category: 'running', item_brand: 'Encore', item_variant: 'blue', price: '89.5', quantity: 2, index: 3 };

describe('readEntry', () => {
  test('object pushes and gtag arguments objects give the same event', () => {
    const params = { transaction_id: 'T1', value: 10, items: [item] };
    expect(readEntry({ event: 'purchase', ecommerce: params })).toEqual({ kind: 'event', name: 'purchase', params });
    expect(readEntry(gtagArgs('event', 'purchase', params))).toEqual({ kind: 'event', name: 'purchase', params });
  });
  test('clearing pushes and GTM internals are ignored, not reported', () => {
    expect(readEntry({ ecommerce: null }).kind).toBe('other');
    expect(readEntry(gtagArgs('config', 'G-1')).kind).toBe('other');
    expect(readEntry({ 'gtm.start': 1 }).kind).toBe('other');
  });
  test('malformed entries are reported with a reason, and a throwing getter does not escape', () => {
    expect(readEntry(42)).toMatchObject({ kind: 'malformed' });
    expect(readEntry(null)).toMatchObject({ kind: 'malformed' });
    expect(readEntry({ event: 'purchase', ecommerce: 'x' })).toMatchObject({ kind: 'malformed' });
    expect(readEntry(gtagArgs('consent', 'maybe', {}))).toMatchObject({ kind: 'malformed' });
    const evil = { get event() { throw Error('boom'); } };
    expect(readEntry(evil)).toMatchObject({ kind: 'malformed', reason: expect.stringContaining('boom') });
  });
  test('consent commands', () => {
    expect(readEntry(gtagArgs('consent', 'default', { analytics_storage: 'denied' }))).toEqual({ kind: 'consent', action: 'default', params: { analytics_storage: 'denied' } });
  });
});

describe('mapEcommerce', () => {
  test('purchase becomes Order Completed with order fields and products', () => {
    const r = mapEcommerce('purchase', { transaction_id: 'T1', value: 100, tax: 8, shipping: 5, currency: 'JPY', coupon: 'SUMMER', items: [item] });
    expect(r).toEqual({
      calls: [{
        event: 'Order Completed',
        properties: {
          order_id: 'T1', revenue: 100, total: 113, tax: 8, shipping: 5, coupon: 'SUMMER', currency: 'JPY',
          products: [{ product_id: 'SKU1', sku: 'SKU1', name: 'Trail shoe', category: 'running', brand: 'Encore', variant: 'blue', price: 89.5, quantity: 2, position: 3 }],
        },
      }],
    });
  });
  test('every GA4 e-commerce name maps to its Segment name', () => {
    const p = { transaction_id: 'T', items: [item] };
    const names = ['view_item_list', 'select_item', 'view_item', 'add_to_cart', 'remove_from_cart', 'view_cart', 'begin_checkout', 'add_shipping_info', 'add_payment_info', 'purchase', 'refund'];
    const got = names.map((n) => { const r = mapEcommerce(n, p); return 'calls' in r ? r.calls[0]!.event : r.reason; });
    expect(got).toEqual(['Product List Viewed', 'Product Clicked', 'Product Viewed', 'Product Added', 'Product Removed', 'Cart Viewed', 'Checkout Started', 'Checkout Step Completed', 'Payment Info Entered', 'Order Completed', 'Order Refunded']);
  });
  test('add_to_cart with two items is two Product Added events', () => {
    const r = mapEcommerce('add_to_cart', { currency: 'USD', items: [item, { item_id: 'SKU2', price: 5 }] });
    expect('calls' in r && r.calls.map((c) => [c.event, c.properties.sku, c.properties.currency])).toEqual([['Product Added', 'SKU1', 'USD'], ['Product Added', 'SKU2', 'USD']]);
  });
  test('view_item carries value and currency; shipping and payment carry their method', () => {
    expect(mapEcommerce('view_item', { currency: 'EUR', value: 9, items: [item] })).toMatchObject({ calls: [{ properties: { product_id: 'SKU1', currency: 'EUR', value: 9 } }] });
    expect(mapEcommerce('add_shipping_info', { shipping_tier: 'express', items: [item] })).toMatchObject({ calls: [{ properties: { shipping_method: 'express' } }] });
    expect(mapEcommerce('add_payment_info', { payment_type: 'card' })).toMatchObject({ calls: [{ properties: { payment_method: 'card' } }] });
  });
  test('unknown events map to nothing; malformed mapped events give a reason', () => {
    expect(mapEcommerce('page_view', {})).toEqual({ calls: [] });
    expect(mapEcommerce('purchase', undefined)).toHaveProperty('reason');
    expect(mapEcommerce('purchase', { value: 1, items: [item] })).toEqual({ reason: 'purchase has no transaction_id' });
    expect(mapEcommerce('view_item', { items: 'SKU1' })).toHaveProperty('reason');
    expect(mapEcommerce('view_item', { items: [{ price: 1 }] })).toHaveProperty('reason');
    expect(mapEcommerce('add_to_cart', { items: [] })).toHaveProperty('reason');
  });
  test('at most 200 products; non-numeric prices are left out', () => {
    const many = Array.from({ length: 250 }, (_, i) => ({ item_id: `S${i}`, price: i % 2 ? 'n/a' : i }));
    const r = mapEcommerce('view_item_list', { item_list_id: 'related', items: many });
    const products = 'calls' in r ? (r.calls[0]!.properties.products as any[]) : [];
    expect(products).toHaveLength(MAX_ITEMS);
    expect(products[1]).toEqual({ product_id: 'S1', sku: 'S1' });
    expect('calls' in r && r.calls[0]!.properties.list_id).toBe('related');
  });
});

describe('Consent Mode v2', () => {
  const run = (...cmds: Array<['default' | 'update', Record<string, unknown>]>) =>
    consentFromGtag(cmds.reduce((s, [a, p]) => applyConsentCommand(s, a, p), {} as Record<string, 'granted' | 'denied'>));
  const all = (v: string) => ({ analytics_storage: v, ad_storage: v, ad_user_data: v, ad_personalization: v });
  test('default denied, then update granted', () => {
    expect(run(['default', all('denied')])).toEqual({ analytics: false, marketing: false, personalization: false });
    expect(run(['default', all('denied')], ['update', all('granted')])).toEqual({ analytics: true, marketing: true, personalization: true });
  });
  test('marketing needs both ad_storage and ad_user_data; an update changes only what it names', () => {
    expect(run(['default', all('granted')], ['update', { ad_user_data: 'denied' }])).toEqual({ analytics: true, marketing: false, personalization: true });
  });
  test('personalization follows personalization_storage when the page sets it', () => {
    expect(run(['default', { ...all('granted'), personalization_storage: 'denied' }]).personalization).toBe(false);
  });
  test('types never set count as denied; regional defaults can only deny', () => {
    expect(run(['default', { analytics_storage: 'granted' }])).toEqual({ analytics: true, marketing: false, personalization: false });
    expect(run(['default', all('granted')], ['default', { ...all('denied'), region: ['ES'] }]).analytics).toBe(false);
    expect(run(['default', { ...all('granted'), region: ['US'] }]).analytics).toBe(false);
  });
});
