// The dataLayer plugin's lazy reader: entries pushed before its chunk has loaded are read once it
// has, in order and once each; a teardown before then reads nothing.
import { afterEach, describe, expect, test } from 'vitest';
import { dataLayer } from '../../../src/datalayer/plugin';
import type { EncoreApi } from '../../../src/types';

function fakeApi() {
  const tracked: Array<[string, any]> = [];
  const errors: string[] = [];
  const api = {
    config: { endpoint: '/v1/batch', debug: false },
    consentState: () => ({ analytics: true, personalization: true, marketing: true }),
    on() {},
    off() {},
    report: (e: unknown) => errors.push(String((e as Error)?.message ?? e)),
    track: (event: string, properties: any) => tracked.push([event, properties]),
  } as unknown as EncoreApi;
  return { api, tracked, errors };
}
const view = (id: string) => ({ event: 'view_item', ecommerce: { currency: 'JPY', value: 100, items: [{ item_id: id, price: 100 }] } });
/** Resolves once the plugin's chunk import has settled (a dynamic import of a local module). */
const chunkLoaded = () => import('../../../src/datalayer/translate').then(() => new Promise((r) => setTimeout(r)));

afterEach(() => {
  delete (globalThis as any).dataLayer;
});

describe('dataLayer plugin', () => {
  test('entries pushed before the reader loaded are read in order, once each', async () => {
    (globalThis as any).dataLayer = [view('early')];
    const { api, tracked, errors } = fakeApi();
    const plugin = dataLayer();
    plugin.setup!(api);
    (globalThis as any).dataLayer.push(view('a'), 42, view('b'));
    expect(tracked).toEqual([]); // not read yet: the chunk is loading
    await chunkLoaded();
    (globalThis as any).dataLayer.push(view('late'));
    expect(tracked.map(([e, p]) => `${e}:${p.product_id}`)).toEqual(['Product Viewed:early', 'Product Viewed:a', 'Product Viewed:b', 'Product Viewed:late']);
    expect(errors).toEqual(['entry is number, not an object']);
    plugin.teardown!();
  });

  test('torn down before the reader loaded: nothing is read', async () => {
    (globalThis as any).dataLayer = [view('x')];
    const { api, tracked } = fakeApi();
    const plugin = dataLayer();
    plugin.setup!(api);
    plugin.teardown!();
    await chunkLoaded();
    expect(tracked).toEqual([]);
  });
});
