// Demo endpoints: gallery entitlement by demo customer, signed members' media, post-purchase
// recommendations, the customer picker route and audience export.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { http, makeEvent, postBatch, runCollector, tempDir, waitForEvents, type RunningCollector } from './helpers';

const SECRET = 'test-secret';
const sign = (path: string, exp: number) => createHmac('sha256', SECRET).update(`${path}\n${exp}`).digest('base64url');

let c: RunningCollector;
const tmp = tempDir();
beforeAll(async () => {
  c = await runCollector({ dir: tmp.dir, env: { MEDIA_SECRET: SECRET } });
});
afterAll(async () => {
  await c?.stop();
  tmp.cleanup();
});

const as = (customer: string) => ({ cookie: `encore_demo_customer=${customer}` });

describe('GET /api/gallery/:id', () => {
  it('locks items by tier, purchase and release; locked items never carry playback', async () => {
    const guest = (await http(c.origin, '/api/gallery/members-running')).json;
    expect(guest.id).toBe('members-running');
    const byId = new Map(guest.items.map((i: any) => [i.id, i]));
    expect(byId.get('bts-01')).toMatchObject({ locked: false, playback: { type: 'application/vnd.apple.mpegurl' } });
    expect(byId.get('bts-02')).toMatchObject({ locked: true, lock: { reason: 'tier', tier: 'gold' } });
    expect(byId.get('bts-03')).toMatchObject({ locked: true, lock: { reason: 'purchase', productId: 'SKU-RUN-SHOES' } });
    expect(byId.get('bts-04')).toMatchObject({ locked: true, lock: { reason: 'release' } });
    for (const item of guest.items) if (item.locked) expect(item).not.toHaveProperty('playback');

    const gold = (await http(c.origin, '/api/gallery/members-running', { headers: as('gold') })).json;
    const g = new Map(gold.items.map((i: any) => [i.id, i]));
    expect(g.get('bts-02')).toMatchObject({ locked: false });
    expect(g.get('bts-03')).toMatchObject({ locked: false });
    expect(g.get('bts-04')).toMatchObject({ locked: true, lock: { reason: 'release' } });
    expect((g.get('bts-02') as any).playback.src).toMatch(/^\/media\/members\/bts-02\/master\.m3u8\?exp=\d+&sig=/);

    const buyer = (await http(c.origin, '/api/gallery/members-running', { headers: as('buyer-SKU-RUN-SHOES') })).json;
    const b = new Map(buyer.items.map((i: any) => [i.id, i]));
    expect(b.get('bts-03')).toMatchObject({ locked: false });
    expect(b.get('bts-02')).toMatchObject({ locked: true });

    expect((await http(c.origin, '/api/gallery/nope')).status).toBe(404);
  });

  it('sets the demo customer with a cookie', async () => {
    const r = await http(c.origin, '/api/demo/customer?set=gold');
    expect(r.status).toBe(200);
    expect(String(r.headers['set-cookie'])).toContain('encore_demo_customer=gold');
    expect(r.json.customer).toMatchObject({ id: 'gold', tier: 'gold' });
    expect((await http(c.origin, '/api/demo/customer?set=%3Cscript%3E')).status).toBe(400);
  });
});

describe('members media', () => {
  it('serves signed URLs, rewrites playlists with signed URIs, and refuses unsigned, tampered or expired ones', async () => {
    const gold = (await http(c.origin, '/api/gallery/members-running', { headers: as('gold') })).json;
    const src: string = gold.items.find((i: any) => i.id === 'bts-02').playback.src;
    const master = await http(c.origin, src);
    expect(master.status).toBe(200);
    expect(master.text).toContain('#EXTM3U');
    const uris = master.text.split('\n').filter((l) => l && !l.startsWith('#'));
    expect(uris.length).toBeGreaterThan(0);
    for (const u of uris) expect(u).toMatch(/^\/media\/members\/bts-02\/.+\?exp=\d+&sig=/);
    const variant = await http(c.origin, uris[0]!);
    expect(variant.status).toBe(200);
    if (variant.text.includes('#EXT-X-MAP')) expect(variant.text).toMatch(/URI="\/media\/members\/bts-02\/[^"]+\?exp=\d+&sig=[^"]+"/);
    const segment = variant.text.split('\n').find((l) => l && !l.startsWith('#'))!;
    const seg = await http(c.origin, segment);
    expect(seg.status).toBe(200);
    expect(String(seg.headers['content-type'])).toMatch(/^video\//);

    const path = '/media/members/bts-02/master.m3u8';
    expect((await http(c.origin, path)).status).toBe(403);
    // Tamper with the signature's first character (to one it is not, so the test cannot pass by chance).
    const tampered = src.replace(/sig=(.)/, (_m, first: string) => `sig=${first === 'A' ? 'B' : 'A'}`);
    expect((await http(c.origin, tampered)).status).toBe(403);
    // Another item's signature does not open this item.
    const exp = Math.floor(Date.now() / 1000) + 600;
    expect((await http(c.origin, `${path}?exp=${exp}&sig=${sign('/media/members/bts-01/master.m3u8', exp)}`)).status).toBe(403);
    const past = Math.floor(Date.now() / 1000) - 5;
    expect((await http(c.origin, `${path}?exp=${past}&sig=${sign(path, past)}`)).status).toBe(403);
    expect((await http(c.origin, `${path}?exp=${exp}&sig=${sign(path, exp)}`)).status).toBe(200);
    expect((await http(c.origin, `/media/members/bts-02/..%2F..%2F..%2Fpackage.json?exp=${exp}&sig=${sign('/media/members/bts-02/..%2F..%2F..%2Fpackage.json', exp)}`)).status).not.toBe(200);
  });
});

describe('GET /api/recommendations', () => {
  const recs = async (q: string) => (await http(c.origin, `/api/recommendations?placement=post-purchase&${q}`)).json;

  it('recommends a sharpener and a how-to video after a knife', async () => {
    const r = await recs('products=SKU-KNIFE-CHEF');
    expect(r.placement).toBe('post-purchase');
    expect(r.items[0]).toMatchObject({ sku: 'SKU-SHARPENER', reason: { type: 'accessory' }, video: { src: '/media/master.m3u8' } });
  });

  it('recommends replacement heads after an electric toothbrush, trekking wear after trekking shoes', async () => {
    expect((await recs('products=SKU-BRUSH-SONIC')).items[0]).toMatchObject({ sku: 'SKU-BRUSH-HEADS', reason: { type: 'replenishment' } });
    const trek = await recs('products=SKU-TREK-SHOES');
    expect(trek.items.map((i: any) => i.sku)).toEqual(['SKU-TREK-SOCKS', 'SKU-TREK-JACKET']);
    for (const item of trek.items) {
      expect(item.url.startsWith('/') || item.url.startsWith('https://')).toBe(true);
      expect(item.image.startsWith('/') || item.image.startsWith('https://')).toBe(true);
    }
  });

  it('reads the order from the stored Order Completed event (matching storefront products by name)', async () => {
    const order = makeEvent({
      anonymousId: 'anon-order',
      event: 'Order Completed',
      properties: { order_id: 'ord-77', total: 120, products: [{ product_id: 'kn-1', sku: 'KN-1', name: 'Santoku Knife', category: 'kitchen' }] },
    });
    expect((await postBatch(c.origin, { batch: [order] })).status).toBe(200);
    await waitForEvents(c.origin, (e) => e.length === 1, 'event=Order%20Completed&anonymousId=anon-order');
    const r = await recs('order=ord-77');
    expect(r.items.map((i: any) => i.sku)).toEqual(['SKU-SHARPENER']);
    expect((await recs('order=unknown')).items).toEqual([]);
  });
});

describe('GET /audiences/:segment.csv', () => {
  it('lists visitors whose latest event carries the segment', async () => {
    const t = (s: number) => new Date(Date.now() - s * 1000).toISOString();
    const seg = (ids: Array<string | { id: string; score: number }>) => ({ library: { name: 'encore-sdk', version: '0' }, traits: { segments: ids } });
    const batch = [
      makeEvent({ anonymousId: 'aud-1', userId: 'user-1', timestamp: t(10), context: seg(['interest:trail']) }),
      makeEvent({ anonymousId: 'aud-2', timestamp: t(20), context: seg(['interest:trail']) }),
      makeEvent({ anonymousId: 'aud-2', timestamp: t(5), context: seg(['interest:kitchen']) }), // moved on
      makeEvent({ anonymousId: 'aud-3', timestamp: t(5), context: seg([{ id: 'interest:trail', score: 3 }]) }),
    ];
    expect((await postBatch(c.origin, { batch })).status).toBe(200);
    await waitForEvents(c.origin, (e) => e.filter((x) => String(x.anonymousId).startsWith('aud-')).length === 4);
    const r = await http(c.origin, '/audiences/interest:trail.csv');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toContain('text/csv');
    expect(r.text.trim().split('\n')).toEqual(['anonymousId,userId', 'aud-1,user-1', 'aud-3,']);
  });
});

describe('static files', () => {
  it('serves the storefront, dist, players and media, with byte ranges, and nothing outside the allow-list', async () => {
    expect((await http(c.origin, '/')).headers.location).toBe('/examples/storefront/');
    expect((await http(c.origin, '/dashboard')).headers['content-security-policy']).toContain("script-src 'self'");
    expect((await http(c.origin, '/node_modules/uplot/dist/uPlot.iife.min.js')).status).toBe(200);
    expect((await http(c.origin, '/node_modules/hls.js/dist/hls.min.js')).status).toBe(200);
    expect((await http(c.origin, '/media/master.m3u8')).status).toBe(200);
    const part = await http(c.origin, '/media/clip.mp4', { headers: { range: 'bytes=0-99' } });
    expect(part.status).toBe(206);
    expect(part.headers['content-length']).toBe('100');
    expect(String(part.headers['content-range'])).toMatch(/^bytes 0-99\/\d+$/);
    for (const path of ['/package.json', '/collector/server.ts', '/.encore/encore.duckdb', '/media/..%2F..%2F..%2Fpackage.json', '/dist/..%2Fpackage.json', '/node_modules/zod/package.json']) {
      expect((await http(c.origin, path)).status, path).toBe(404);
    }
  });
});
