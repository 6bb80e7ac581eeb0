// Collector triggers against a real webhook receiver: the right customers, signed bodies, one
// delivery per firing through a 503 with Retry-After and across a restart, and marketing consent.
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signBody, verifySignature } from '../../collector/triggers/sign';
import { http, makeEvent, postBatch, runCollector, tempDir, waitForEvents, type RunningCollector } from './helpers';

const SECRET = 'test-secret-0123456789abcdef';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
const ctx = (marketing: boolean) => ({ ...makeEvent().context, consent: { analytics: true, personalization: true, marketing } });
const ev = (anonymousId: string, event: string, at: string, properties: Record<string, unknown>, marketing = true) =>
  makeEvent({ anonymousId, event, timestamp: at, properties, context: ctx(marketing) });
const order = (anonymousId: string, at: string, sku: string, marketing = true) =>
  ev(anonymousId, 'Order Completed', at, { order_id: `o-${anonymousId}-${at}`, total: 100, currency: 'JPY', products: [{ product_id: sku }] }, marketing);

interface Delivery {
  status: number;
  signed: boolean;
  body: any;
}

describe('collector triggers (real webhook receiver)', () => {
  let c: RunningCollector;
  let receiver: Server;
  let url = '';
  const deliveries: Delivery[] = [];
  const tmp = tempDir();
  const env = () => ({ TRIGGER_URL: url, TRIGGER_SECRET: SECRET, TRIGGER_INTERVAL_SEC: '0.5', TRIGGER_DORMANT_DAYS: '200' });
  const accepted = () => deliveries.filter((d) => d.status === 200);
  const runs = async (col: RunningCollector) => (await http(col.origin, '/api/triggers')).json.runs as number;

  beforeAll(async () => {
    let refusedOnce = false;
    receiver = createServer((req, res) => {
      let raw = '';
      req.on('data', (d) => (raw += d));
      req.on('end', () => {
        const signed = verifySignature(SECRET, raw, req.headers['encore-signature'] as string | undefined);
        // The first delivery meets a busy receiver: 503 with Retry-After, as receivers do under load.
        const status = !refusedOnce ? 503 : signed ? 200 : 401;
        refusedOnce = true;
        deliveries.push({ status, signed, body: JSON.parse(raw) });
        res.writeHead(status, status === 503 ? { 'retry-after': '1' } : {}).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hooks/encore`;
    c = await runCollector({ dir: tmp.dir, env: env() });
    const batch = [
      // ana left a checkout 90 minutes ago: abandoned.
      ev('anon-ana', 'Product Added', ago(2 * HOUR), { product_id: 'SKU-RUN-SHOES', category: 'running' }),
      ev('anon-ana', 'Checkout Started', ago(1.5 * HOUR), { products: [{ product_id: 'SKU-RUN-SHOES' }, { product_id: 'SKU-RUN-SHIRT' }] }),
      // ben ordered after adding: not abandoned.
      ev('anon-ben', 'Product Added', ago(2 * HOUR), { product_id: 'SKU-TREK-SOCKS' }),
      order('anon-ben', ago(1 * HOUR), 'SKU-TREK-SOCKS'),
      // cai abandoned too, but never allowed marketing.
      ev('anon-cai', 'Product Added', ago(2 * HOUR), { product_id: 'SKU-RUN-SHOES' }, false),
      // dan added ten minutes ago: still shopping.
      ev('anon-dan', 'Product Added', ago(10 * 60_000), { product_id: 'SKU-RUN-SHOES' }),
      // eve's toothbrush (90-day cycle) is 80 days old: heads due within the 14-day lead.
      order('anon-eve', ago(80 * DAY), 'SKU-BRUSH-SONIC'),
      // fay bought the knife 4 days ago: the sharpening how-to follows after 3.
      order('anon-fay', ago(4 * DAY), 'SKU-KNIFE-CHEF'),
      // gus last ordered 300 days ago: dormant (threshold 200 days here).
      order('anon-gus', ago(300 * DAY), 'SKU-TREK-SOCKS'),
    ];
    expect((await postBatch(c.origin, { batch, sentAt: new Date().toISOString() })).json).toMatchObject({ accepted: batch.length });
    await waitForEvents(c.origin, (e) => e.length === batch.length);
  });
  afterAll(async () => {
    await c?.stop();
    await new Promise((r) => receiver?.close(r));
    tmp.cleanup();
  });

  it('fires each due trigger for consenting customers, signed, with what it is about', async () => {
    const expected = ['checkout_abandoned anon-ana', 'dormant anon-gus', 'post_purchase_video anon-fay', 'replenishment_due anon-eve'];
    await expect.poll(() => accepted().map((d) => `${d.body.trigger} ${d.body.customer.id}`).sort(), { timeout: 30_000 }).toEqual(expected);
    expect(deliveries.every((d) => d.signed)).toBe(true);
    const byTrigger = Object.fromEntries(accepted().map((d) => [d.body.trigger, d.body]));
    expect(byTrigger.checkout_abandoned.products).toEqual([{ product_id: 'SKU-RUN-SHIRT' }, { product_id: 'SKU-RUN-SHOES' }]);
    expect(byTrigger.replenishment_due.products).toEqual([{ product_id: 'SKU-BRUSH-HEADS' }]);
    expect(byTrigger.post_purchase_video.videos).toEqual([expect.objectContaining({ id: 'howto-sharpen' })]);
    expect(byTrigger.checkout_abandoned.trigger_id).toMatch(/^[0-9a-f]{32}$/);
  });

  it('retried the delivery the receiver refused with 503 and Retry-After, and delivered it once', async () => {
    const refused = deliveries.find((d) => d.status === 503)!;
    expect(refused).toBeDefined();
    const sameFiring = deliveries.filter((d) => d.body.trigger_id === refused.body.trigger_id);
    expect(sameFiring.map((d) => d.status)).toEqual([503, 200]);
    // The receiver answered 200 before the collector recorded the outcome: wait for the record.
    const state = () => http(c.origin, '/api/triggers').then((r) => r.json.firings.find((f: any) => f.trigger_id === refused.body.trigger_id));
    await expect.poll(state, { timeout: 10_000 }).toMatchObject({ attempts: 2, dead: false, last_error: null, delivered_at: expect.any(String) });
  });

  it('never sends a firing again: not on later runs, not after a restart', async () => {
    const before = accepted().length;
    const seen = await runs(c);
    await expect.poll(() => runs(c), { timeout: 20_000 }).toBeGreaterThanOrEqual(seen + 3);
    await c.stop();
    c = await runCollector({ dir: tmp.dir, env: env() });
    await expect.poll(() => runs(c), { timeout: 20_000 }).toBeGreaterThanOrEqual(3);
    expect(accepted().length).toBe(before);
    expect(new Set(accepted().map((d) => d.body.trigger_id)).size).toBe(before);
  });

  it('a receiver rejects a body whose signature does not match', () => {
    const body = '{"trigger":"dormant"}';
    expect(verifySignature(SECRET, body, signBody(SECRET, body))).toBe(true);
    expect(verifySignature(SECRET, body.replace('dormant', 'x'), signBody(SECRET, body))).toBe(false);
    expect(verifySignature('another-secret-0123456789', body, signBody(SECRET, body))).toBe(false);
    expect(verifySignature(SECRET, body, signBody(SECRET, body, Math.floor(Date.now() / 1000) - 3600))).toBe(false); // replayed an hour later
  });
});
