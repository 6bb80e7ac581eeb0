// Audiences ad platforms can match: contact details hashed at the door (never on disk in the
// clear, and only with marketing consent), and value-based seed lists exported in the upload
// layouts, against a real collector process and a real upstream receiving its forwards.
import { createServer, type Server } from 'node:http';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashContact, normalizeEmail, normalizePhone } from '../../collector/contact-hashes';
import { http, makeEvent, postBatch, runCollector, tempDir, waitForEvents, type RunningCollector } from './helpers';

// Reference hashes made with coreutils (`printf %s 'test@example.com' | sha256sum`), not with the code under test.
const VECTORS = {
  'test@example.com': '973dfe463ec85785f5f95af5ba3906eedb2d931c24e69824a89ea65dba4e813b',
  'shopper@example.jp': 'e18a64e38d88899040374dc6ecb8b41136f4454660b2579453b7de874021c73a',
  '+819012345678': '3d06a39d40790f11761295e053029378ae28c4b4f6f301693005e079f3d4ca64',
  '819012345678': '0ad07193350775c6d4377f8b039d32877e66c69a454ed886b05279771c0fca0b',
  '+16505551234': 'a2996076d3ad4af5dc818b908b3d8e354f26ededf7df0e0aa6ac354143805ee0',
  '16505551234': '6069d14bf122fdfd931dc7beb58e5dfbba395b1faf05bdcd42d12358d63d8599',
};

describe('contact normalization and hashing', () => {
  it('normalizes emails and phone numbers the way customer-list uploads require', () => {
    expect(normalizeEmail('  Test@Example.COM ')).toBe('test@example.com');
    expect(normalizeEmail('not an email')).toBeNull();
    expect(normalizePhone('090-1234-5678', '81')).toBe('+819012345678');
    expect(normalizePhone('+81 90 1234 5678', null)).toBe('+819012345678');
    expect(normalizePhone('0081 90-1234-5678', null)).toBe('+819012345678');
    expect(normalizePhone('(650) 555-1234', '1')).toBe('+16505551234');
    expect(normalizePhone('090-1234-5678', null)).toBeNull(); // no country code known: dropped, not guessed
    expect(normalizePhone('12', '81')).toBeNull();
  });
  it('matches the reference SHA-256 vectors', () => {
    expect(hashContact({ email: ' Test@Example.com' }, null)).toEqual({ email_sha256: VECTORS['test@example.com'] });
    expect(hashContact({ phone: '090-1234-5678' }, '81')).toEqual({ phone_sha256: VECTORS['+819012345678'], phone_digits_sha256: VECTORS['819012345678'] });
    expect(hashContact({ phone_number: '+1 650 555 1234' }, '81')).toEqual({ phone_sha256: VECTORS['+16505551234'], phone_digits_sha256: VECTORS['16505551234'] });
  });
});

const consent = (marketing: boolean) => ({ analytics: true, personalization: true, marketing });
const ctx = (marketing: boolean, extra: Record<string, unknown> = {}) => ({ ...makeEvent().context, consent: consent(marketing), ...extra });
const identify = (anonymousId: string, userId: string | undefined, traits: Record<string, unknown>, marketing: boolean) =>
  makeEvent({ type: 'identify', event: undefined, properties: undefined, anonymousId, userId, traits, context: ctx(marketing) });
const order = (anonymousId: string, total: number, currency: string, category: string, marketing = true, daysAgo = 1) =>
  makeEvent({
    event: 'Order Completed',
    anonymousId,
    timestamp: new Date(Date.now() - daysAgo * 86_400_000).toISOString(),
    properties: { order_id: `o-${Math.random().toString(36).slice(2)}`, total, currency, products: [{ product_id: 'p', category }] },
    context: ctx(marketing),
  });
const view = (anonymousId: string, category: string, watchMs: number) =>
  makeEvent({
    event: 'Video View Summary',
    anonymousId,
    properties: { view_id: `v-${Math.random()}`, video_id: 'how-to', category, startup_time_ms: 400, watch_time_ms: watchMs },
    context: ctx(true),
  });

/** Every file under `dir`, as text, for a raw-value search. */
const filesText = (dir: string): string =>
  readdirSync(dir)
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile())
    .map((f) => readFileSync(f).toString('latin1'))
    .join('\n');

describe('matchable audiences (real collector)', () => {
  let c: RunningCollector;
  let upstream: Server;
  const forwarded: string[] = [];
  const tmp = tempDir();

  beforeAll(async () => {
    upstream = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        forwarded.push(body);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
    const port = (upstream.address() as { port: number }).port;
    c = await runCollector({ dir: tmp.dir, env: { PHONE_COUNTRY_CODE: '81', FORWARD_URL: `http://127.0.0.1:${port}/v1/batch` } });
    const batch = [
      // ana: identified with email and phone, marketing granted; two JPY orders, one USD.
      identify('anon-ana', 'user-ana', { email: 'Shopper@Example.jp', phone: '090-1234-5678', name: 'Ana' }, true),
      order('anon-ana', 12_000, 'JPY', 'oral-care'),
      order('anon-ana', 8_000, 'JPY', 'oral-care'),
      order('anon-ana', 500, 'USD', 'running'),
      view('anon-ana', 'oral-care', 30_000),
      // ben: ordered anonymously first, then identified (history merges); marketing granted.
      order('anon-ben', 15_000, 'JPY', 'running', true, 3),
      identify('anon-ben', 'user-ben', { email: 'test@example.com' }, true),
      view('anon-ben', 'running', 90_000),
      // cai: the biggest spender, but no marketing consent: raw values dropped, never listed.
      identify('anon-cai', 'user-cai', { email: 'cai@example.jp' }, false),
      order('anon-cai', 99_000, 'JPY', 'running', false),
      // dee: granted, then withdrew marketing on a later event: not listed.
      identify('anon-dee', 'user-dee', { email: 'dee@example.jp' }, true),
      order('anon-dee', 50_000, 'JPY', 'running'),
      makeEvent({ event: 'Product Viewed', anonymousId: 'anon-dee', timestamp: new Date(Date.now() + 1000).toISOString(), context: ctx(false) }),
      // eve: an old order only (60 days ago).
      identify('anon-eve', 'user-eve', { phone: '+1 650 555 1234' }, true),
      order('anon-eve', 1_000, 'JPY', 'running', true, 60),
    ];
    const r = await postBatch(c.origin, { batch, sentAt: new Date().toISOString() });
    expect(r.json).toMatchObject({ accepted: batch.length });
    await waitForEvents(c.origin, (e) => e.length === batch.length);
  });
  afterAll(async () => {
    await c?.stop();
    await new Promise((r) => upstream?.close(r));
    tmp.cleanup();
  });

  it('ranks top customers within one currency, hashed, consenting only', async () => {
    const r = await http(c.origin, '/audiences/matchable/top-customers.json');
    // JPY: 20,000, 15,000, 1,000; cai (99,000) never consented and dee (50,000) withdrew.
    expect(r.json.customers.map((x: any) => x.customer_id)).toEqual(['user-ana', 'user-ben', 'user-eve']);
    expect(r.json.customers[0]).toMatchObject({ email_sha256: VECTORS['shopper@example.jp'], phone_sha256: VECTORS['+819012345678'] });
    const usd = await http(c.origin, '/audiences/matchable/top-customers.json?currency=usd');
    expect(usd.json.customers.map((x: any) => x.customer_id)).toEqual(['user-ana']);
  });

  it('exports the Google and Meta upload layouts', async () => {
    const google = await http(c.origin, '/audiences/matchable/top-customers.csv');
    expect(google.headers['content-type']).toMatch(/text\/csv/);
    expect(google.text).toBe(
      `Email,Phone\n${VECTORS['shopper@example.jp']},${VECTORS['+819012345678']}\n${VECTORS['test@example.com']},\n,${VECTORS['+16505551234']}\n`,
    );
    const meta = await http(c.origin, '/audiences/matchable/top-customers.csv?layout=meta');
    expect(meta.text.split('\n')[1]).toBe(`${VECTORS['shopper@example.jp']},${VECTORS['819012345678']}`);
    expect((await http(c.origin, '/audiences/matchable/top-customers.csv?layout=x')).status).toBe(400);
    expect((await http(c.origin, '/audiences/matchable/nope.csv')).status).toBe(404);
  });

  it('lists engaged viewers and recent buyers of a category', async () => {
    const viewers = await http(c.origin, '/audiences/matchable/engaged-viewers.json?category=running');
    expect(viewers.json.customers.map((x: any) => x.customer_id)).toEqual(['user-ben']);
    const all = await http(c.origin, '/audiences/matchable/engaged-viewers.json');
    expect(all.json.customers.map((x: any) => x.customer_id)).toEqual(['user-ben', 'user-ana']); // 90 s, then 30 s
    const recent = await http(c.origin, '/audiences/matchable/recent-buyers.json?category=running');
    expect(recent.json.customers.map((x: any) => x.customer_id)).toEqual(['user-ana', 'user-ben']); // eve's order is 60 days old
    const wider = await http(c.origin, '/audiences/matchable/recent-buyers.json?category=running&days=90');
    expect(wider.json.customers.map((x: any) => x.customer_id)).toContain('user-eve');
  });

  it('keeps raw emails and phone numbers off disk and out of forwarded batches', async () => {
    const raw = ['Shopper@Example.jp', 'shopper@example.jp', 'cai@example.jp', 'test@example.com', '090-1234-5678', '650 555 1234'];
    await expect.poll(() => forwarded.join('\n'), { timeout: 20_000 }).toContain(VECTORS['shopper@example.jp']);
    for (const value of raw) expect(forwarded.join('\n')).not.toContain(value);
    expect(forwarded.join('\n')).toContain('"name":"Ana"'); // other traits carry over
    await c.stop(); // checkpoint the database and retire the journal, then search the files
    const onDisk = filesText(tmp.dir);
    expect(onDisk).toContain(VECTORS['shopper@example.jp']); // the search does see what the database stores
    for (const value of raw) expect(onDisk).not.toContain(value);
  });
});
