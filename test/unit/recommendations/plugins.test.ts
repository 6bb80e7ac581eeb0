import { describe, expect, it, vi } from 'vitest';
import { purchaseHistoryPlugin } from '../../../src/widgets/recommendations/purchaseHistoryPlugin';
import { attributionPlugin } from '../../../src/widgets/recommendations/attributionPlugin';
import { localPurchaseHistory } from '../../../src/widgets/recommendations/history';
import { recordPurchase } from '../../../src/widgets/recommendations/recordPurchase';
import type { EncoreApi, EncoreEvent, LocalState } from '../../../src/types';

function fakeApi(consent: { analytics?: boolean; personalization?: boolean }) {
  const data = new Map<string, unknown>();
  /** Every write the plugin asked for, refused or not. */
  const writes: string[] = [];
  const store: LocalState = {
    get: async <T>(k: string) => data.get(k) as T | undefined,
    set: async (k, v) => {
      writes.push(k);
      if (!consent.personalization) throw new Error('refused');
      data.set(k, v);
    },
    delete: async (k) => void data.delete(k),
  };
  const api = {
    store,
    consentState: () => ({ analytics: true, personalization: false, marketing: false, ...consent }),
    report: () => {},
    emit: () => {},
    track: () => {},
  } as unknown as EncoreApi;
  return { api, data, writes };
}

const event = (name: string, properties: Record<string, unknown>, timestamp = new Date().toISOString()): EncoreEvent =>
  ({ messageId: 'm', type: 'track', event: name, properties, anonymousId: 'a', timestamp, context: {} as any }) as EncoreEvent;

describe('purchaseHistoryPlugin', () => {
  it('records Order Completed products with consent, and keeps the order in memory', async () => {
    const { api } = fakeApi({ personalization: true });
    const plugin = purchaseHistoryPlugin();
    plugin.setup!(api);
    const e = event('Order Completed', { order_id: 'o1', products: [{ product_id: 'brush', sku: 'TB-1', category: 'oral-care' }, { bogus: 1 }] }, '2026-09-01T00:00:00.000Z');
    expect(plugin.beforeEnqueue!(e)).toBe(e);
    await vi.waitFor(async () => expect(await plugin.list()).toEqual([{ product_id: 'brush', sku: 'TB-1', category: 'oral-care', order_id: 'o1', at: Date.parse('2026-09-01T00:00:00.000Z') }]));
    expect(plugin.lastOrder()).toEqual([{ product_id: 'brush', sku: 'TB-1', category: 'oral-care', name: undefined }]);
    // The same order seen again (a reloaded confirmation page, a replay) is not a second purchase.
    plugin.beforeEnqueue!(e);
    await plugin.record([{ product_id: 'brush' }], Date.now(), 'o1');
    expect(await plugin.list()).toHaveLength(1);
  });

  it('stores nothing without personalization consent', async () => {
    const { api, data, writes } = fakeApi({ personalization: false });
    const plugin = purchaseHistoryPlugin();
    plugin.setup!(api);
    plugin.beforeEnqueue!(event('Order Completed', { products: [{ product_id: 'brush' }] }));
    // History writes run one after another, so this claim settles after the order's write would have.
    await plugin.claimDue('after the order');
    expect(writes).toEqual([]); // not even tried
    expect(data.size).toBe(0);
    expect(await plugin.list()).toEqual([]);
    expect(plugin.lastOrder()).toHaveLength(1);
  });
});

describe('localPurchaseHistory / recordPurchase', () => {
  it('writes localStorage only with consent, and withdrawal deletes it', async () => {
    localStorage.clear();
    await recordPurchase({ products: [{ product_id: 'x' }] }, { personalization: false });
    expect(localStorage.getItem('encore-purchases')).toBeNull();
    await recordPurchase([{ product_id: 'x' }], { personalization: true, at: '2026-01-01T00:00:00Z' });
    const h = localPurchaseHistory({ personalization: true });
    expect(await h.list()).toEqual([{ product_id: 'x', at: Date.parse('2026-01-01T00:00:00Z') }]);
    await recordPurchase({ order_id: 7, products: [{ product_id: 'y' }] }, { personalization: true });
    await recordPurchase({ order_id: 7, products: [{ product_id: 'y' }] }, { personalization: true });
    expect((await h.list()).map((p) => [p.product_id, p.order_id])).toEqual([['x', undefined], ['y', '7']]);
    expect(await localPurchaseHistory({ personalization: false }).list()).toEqual([]);
    expect(localStorage.getItem('encore-purchases')).toBeNull();
  });
});

describe('attributionPlugin', () => {
  it('adds rec_id from the URL to conversion events and clears it after the order', () => {
    history.replaceState(null, '', '/p/sharpener?rec_id=abc.2');
    sessionStorage.clear();
    const { api } = fakeApi({ analytics: true });
    const plugin = attributionPlugin();
    plugin.setup!(api);
    expect(plugin.beforeEnqueue!(event('Product Viewed', { product_id: 's' }))!.properties!.rec_id).toBe('abc.2');
    expect(plugin.beforeEnqueue!(event('Page Scrolled', {}))!.properties!.rec_id).toBeUndefined();
    history.replaceState(null, '', '/checkout');
    // A later page in the same tab session.
    const next = attributionPlugin();
    next.setup!(api);
    expect(next.beforeEnqueue!(event('Order Completed', { order_id: 'o' }))!.properties!.rec_id).toBe('abc.2');
    expect(next.beforeEnqueue!(event('Order Completed', { order_id: 'o2' }))!.properties!.rec_id).toBeUndefined();
    expect(sessionStorage.getItem('encore-rec-id')).toBeNull();
  });

  it('ignores malformed rec ids', () => {
    history.replaceState(null, '', '/p?rec_id=%3Cscript%3E');
    sessionStorage.clear();
    const plugin = attributionPlugin();
    plugin.setup!(fakeApi({ analytics: true }).api);
    expect(plugin.beforeEnqueue!(event('Product Viewed', {}))!.properties!.rec_id).toBeUndefined();
  });
});
