// The ingest API's answers to good and bad input, against a real collector process.
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { http, makeEvent, postBatch, runCollector, tempDir, waitForCommitted, waitForEvents, type RunningCollector } from './helpers';

describe('POST /v1/batch', () => {
  let c: RunningCollector;
  let keyed: RunningCollector;
  const tmp = tempDir();
  const tmp2 = tempDir();

  beforeAll(async () => {
    [c, keyed] = await Promise.all([
      runCollector({ dir: tmp.dir, env: { CORS_ORIGINS: 'https://shop.example' } }),
      runCollector({ dir: tmp2.dir, env: { WRITE_KEYS: 'key-a,key-b' } }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([c?.stop(), keyed?.stop()]);
    tmp.cleanup();
    tmp2.cleanup();
  });

  it('stores a text/plain batch and an application/json batch', async () => {
    const a = makeEvent({ anonymousId: 'anon-ct' });
    const b = makeEvent({ anonymousId: 'anon-ct' });
    const r1 = await postBatch(c.origin, { batch: [a], sentAt: new Date().toISOString() });
    const r2 = await postBatch(c.origin, { batch: [b], sentAt: new Date().toISOString() }, { 'content-type': 'application/json' });
    expect([r1.status, r2.status]).toEqual([200, 200]);
    expect(r1.json).toMatchObject({ accepted: 1, rejected: [] });
    const events = await waitForEvents(c.origin, (e) => e.length === 2, 'anonymousId=anon-ct');
    expect(events.map((e) => e.messageId).sort()).toEqual([a.messageId, b.messageId].sort());
    expect(events[0].category).toBe('running');
  });

  it('rejects invalid events by messageId with reasons and stores the valid ones', async () => {
    const good = makeEvent({ anonymousId: 'anon-mixed' });
    const noTs = makeEvent({ anonymousId: 'anon-mixed', timestamp: 'yesterday' });
    const badType = makeEvent({ anonymousId: 'anon-mixed', type: 'screen' });
    const noEvent = makeEvent({ anonymousId: 'anon-mixed', event: undefined });
    const noId = makeEvent({ anonymousId: undefined });
    const r = await postBatch(c.origin, { batch: [good, noTs, badType, noEvent, noId, 42, null], sentAt: new Date().toISOString() });
    expect(r.status).toBe(200);
    expect(r.json.accepted).toBe(1);
    const byId = new Map(r.json.rejected.map((x: any) => [x.messageId, x.reason]));
    expect(byId.get(noTs.messageId)).toMatch(/timestamp/);
    expect(byId.get(badType.messageId)).toMatch(/type/);
    expect(byId.get(noEvent.messageId)).toMatch(/event/);
    expect(byId.get(noId.messageId)).toMatch(/anonymousId/);
    expect(r.json.rejected.filter((x: any) => x.messageId === null)).toHaveLength(2);
    await waitForCommitted(c.origin);
    const events = await waitForEvents(c.origin, () => true, 'anonymousId=anon-mixed');
    expect(events.map((e) => e.messageId)).toEqual([good.messageId]);
  });

  it('stores a messageId once, across batches and within one', async () => {
    const e = makeEvent({ anonymousId: 'anon-dup' });
    const other = makeEvent({ anonymousId: 'anon-dup' });
    const body = { batch: [e, e, other], sentAt: new Date().toISOString() };
    const answers = await Promise.all([postBatch(c.origin, body), postBatch(c.origin, body), postBatch(c.origin, body)]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    await postBatch(c.origin, { batch: [e], sentAt: new Date().toISOString() });
    await waitForCommitted(c.origin);
    const events = await waitForEvents(c.origin, () => true, 'anonymousId=anon-dup');
    expect(events.map((x) => x.messageId).sort()).toEqual([e.messageId, other.messageId].sort());
  });

  it('answers 400 to malformed JSON and to bodies that are not a batch', async () => {
    for (const body of ['{"batch": [', 'not json', '', '[]', '42', '{"batch": {}}', '{"events": []}', '{"batch": [], "sentAt": 5}']) {
      const r = await postBatch(c.origin, body);
      expect(r.status, body).toBe(400);
      expect(typeof r.json.error).toBe('string');
    }
  });

  it('answers 413 to a body over 1 MB, declared or streamed, and keeps serving', async () => {
    const big = JSON.stringify({ batch: [makeEvent({ properties: { blob: 'x'.repeat(1_100_000) } })] });
    const declared = await postBatch(c.origin, big);
    expect(declared.status).toBe(413);
    // Chunked (no content-length): the server stops reading once past the limit.
    const chunk = Buffer.alloc(64 * 1024, 'a');
    const streamed = await http(c.origin, '/v1/batch', {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'transfer-encoding': 'chunked' },
      chunks: Array.from({ length: 64 }, () => chunk), // 4 MB
    });
    expect(streamed.status).toBe(413);
    expect((await http(c.origin, '/healthz')).status).toBe(200);
  });

  it('accepts gzip bodies, and caps them after inflating', async () => {
    const e = makeEvent({ anonymousId: 'anon-gzip' });
    const ok = await http(c.origin, '/v1/batch', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: gzipSync(JSON.stringify({ batch: [e] })),
    });
    expect(ok.status).toBe(200);
    await waitForEvents(c.origin, (x) => x.length === 1, 'anonymousId=anon-gzip');
    // 5 MB of zeros is a few KB gzipped: refused once inflated past 1 MB.
    const bomb = gzipSync(JSON.stringify({ batch: [makeEvent({ properties: { z: '0'.repeat(5_000_000) } })] }));
    expect(bomb.length).toBeLessThan(100_000);
    const big = await http(c.origin, '/v1/batch', { method: 'POST', headers: { 'content-type': 'text/plain', 'content-encoding': 'gzip' }, body: bomb });
    expect(big.status).toBe(413);
    const junk = await http(c.origin, '/v1/batch', { method: 'POST', headers: { 'content-type': 'text/plain', 'content-encoding': 'gzip' }, body: 'not gzip' });
    expect(junk.status).toBe(400);
    expect((await postBatch(c.origin, { batch: [] }, { 'content-encoding': 'br' })).status).toBe(415);
  });

  it('answers 415 to other content types and 405 to other methods', async () => {
    const r = await postBatch(c.origin, { batch: [] }, { 'content-type': 'application/x-www-form-urlencoded' });
    expect(r.status).toBe(415);
    expect((await http(c.origin, '/v1/batch')).status).toBe(405);
  });

  it('answers 401 to an unknown or missing writeKey when keys are configured', async () => {
    const ev = () => makeEvent({ anonymousId: 'anon-key' });
    expect((await postBatch(keyed.origin, { batch: [ev()] })).status).toBe(401);
    expect((await postBatch(keyed.origin, { batch: [ev()], writeKey: 'nope' })).status).toBe(401);
    expect((await postBatch(keyed.origin, { batch: [ev()], writeKey: 'key-b' })).status).toBe(200);
    const basic = `Basic ${Buffer.from('key-a:').toString('base64')}`;
    expect((await postBatch(keyed.origin, { batch: [ev()] }, { authorization: basic })).status).toBe(200);
    await waitForEvents(keyed.origin, (e) => e.length === 2, 'anonymousId=anon-key');
  });

  it('answers CORS preflights for configured origins only', async () => {
    const ok = await http(c.origin, '/v1/batch', {
      method: 'OPTIONS',
      headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(ok.status).toBe(204);
    expect(ok.headers['access-control-allow-origin']).toBe('https://shop.example');
    expect(String(ok.headers['access-control-allow-methods'])).toContain('POST');
    const post = await postBatch(c.origin, { batch: [makeEvent()] }, { origin: 'https://shop.example' });
    expect(post.status).toBe(200);
    expect(post.headers['access-control-allow-origin']).toBe('https://shop.example');

    const bad = await http(c.origin, '/v1/batch', { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    expect(bad.status).toBe(403);
    expect(bad.headers['access-control-allow-origin']).toBeUndefined();
    expect((await postBatch(c.origin, { batch: [makeEvent()] }, { origin: 'https://evil.example' })).status).toBe(403);
  });

  it('allows its own origin by default', async () => {
    const own = keyed.origin;
    const r = await http(own, '/v1/batch', { method: 'OPTIONS', headers: { origin: own, 'access-control-request-method': 'POST' } });
    expect(r.status).toBe(204);
    expect(r.headers['access-control-allow-origin']).toBe(own);
    const other = await http(own, '/v1/batch', { method: 'OPTIONS', headers: { origin: 'https://elsewhere.example', 'access-control-request-method': 'POST' } });
    expect(other.status).toBe(403);
  });
});
