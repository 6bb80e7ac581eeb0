// The dataLayer plugin's lazy reader: entries pushed before its chunk has loaded are read once it
// has, in order and once each; a teardown before then reads nothing.
import { afterEach, describe, expect, test } from 'vitest';
import { dataLayer } from '../../../src/datalayer/plugin';
import type { EncoreApi } from '../../../src/types';

function fakeApi(analytics = true) {
  const tracked: Array<[string, any]> = [];
  const errors: string[] = [];
  const api = {
    config: { endpoint: '/v1/batch', debug: false },
    consentState: () => ({ analytics, personalization: true, marketing: true }),
    on() {},
    off() {},
    report: (e: unknown) => errors.push(String((e as Error)?.message ?? e)),
    track: (event: string, properties: any) => tracked.push([event, properties]),
  } as unknown as EncoreApi;
  return { api, tracked, errors };
}
const view = (id: string) => ({ event: 'view_item', ecommerce: { currency: 'JPY', value: 100, items: [{ item_id: id, price: 100 }] } });
/**
 * Resolves once the plugin's chunk import has settled (a dynamic import of a local module) and its
 * callback has run: a task after the import, not a fixed time. Also the barrier for "nothing read".
 */
const chunkLoaded = () => import('../../../src/datalayer/translate').then(() => new Promise((nextTask) => setTimeout(nextTask)));

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

  test('pushVideoEvents: video start, progress at 10/25/50/75 % and completion become GA4 video events, once each', async () => {
    (globalThis as any).dataLayer = [];
    const { api, tracked } = fakeApi();
    const plugin = dataLayer({ pushVideoEvents: true });
    plugin.setup!(api);
    await chunkLoaded();
    const props = { content_asset_id: 'knife-care', title: 'Knife care', video_player: 'shaka', position: 0, total_length: 12, category: 'kitchen' };
    const ev = (event: string, properties: object) => ({ type: 'track', event, properties, messageId: event, anonymousId: 'a', timestamp: '', context: {} }) as any;
    const events = [
      ev('Video Content Started', props),
      ev('Video Milestone', { video_id: 'knife-care', category: 'kitchen', percent: 10 }),
      ev('Video Milestone', { video_id: 'knife-care', category: 'kitchen', percent: 90 }), // GA4 has no 90 %
      ev('Video Content Completed', { ...props, position: 12 }),
      ev('Product Viewed', { product_id: 'KN-1' }),
    ];
    for (const e of events) expect(plugin.beforeEnqueue!(e)).toBe(e); // events themselves unchanged
    expect((globalThis as any).dataLayer).toEqual([
      { event: 'video_start', video_percent: 0, video_title: 'Knife care', video_provider: 'shaka', video_current_time: 0, video_duration: 12, video_id: 'knife-care', item_category: 'kitchen' },
      { event: 'video_progress', video_percent: 10, video_id: 'knife-care', item_category: 'kitchen' },
      { event: 'video_complete', video_percent: 100, video_title: 'Knife care', video_provider: 'shaka', video_current_time: 12, video_duration: 12, video_id: 'knife-care', item_category: 'kitchen' },
    ]);
    // The bridge reads its own pushes like any other entry: GA4 video events map to nothing.
    expect(tracked).toEqual([]);
    plugin.teardown!();
  });

  test('pushVideoEvents: a video event before the reader loaded is pushed once it has', async () => {
    (globalThis as any).dataLayer = [];
    const { api } = fakeApi();
    const plugin = dataLayer({ pushVideoEvents: true });
    plugin.setup!(api);
    plugin.beforeEnqueue!({ type: 'track', event: 'Video Content Started', properties: { content_asset_id: 'v' } } as any);
    await chunkLoaded();
    expect((globalThis as any).dataLayer).toEqual([{ event: 'video_start', video_percent: 0, video_id: 'v' }]);
    plugin.teardown!();
  });

  test('pushVideoEvents pushes nothing without analytics consent, and nothing by default', async () => {
    for (const [options, analytics] of [[{ pushVideoEvents: true }, false], [{}, true]] as const) {
      (globalThis as any).dataLayer = [];
      const { api } = fakeApi(analytics);
      const plugin = dataLayer(options);
      plugin.setup!(api);
      plugin.beforeEnqueue!({ type: 'track', event: 'Video Content Started', properties: { content_asset_id: 'v' } } as any);
      await chunkLoaded();
      expect((globalThis as any).dataLayer).toEqual([]);
      plugin.teardown!();
    }
  });
});
