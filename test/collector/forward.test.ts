// FORWARD_URL: every accepted batch reaches a Segment-compatible upstream (here a second local
// server) through a durable queue: the upstream is down, the collector restarts, the upstream
// comes up, and every event arrives exactly once.
import { afterAll, expect, it } from 'vitest';
import { startServer, type TestServer } from '../support/server';
import { letTimePass } from '../support/wait';
import { http, makeEvent, postBatch, runCollector, tempDir } from './helpers';

const tmp = tempDir();
let upstream: TestServer | undefined;
afterAll(async () => {
  await upstream?.close();
  tmp.cleanup();
});

it('forwards with upstream down, then up: nothing lost, nothing doubled', async () => {
  // Reserve a port, then leave it closed: the upstream is down.
  const probe = await startServer();
  const port = probe.port;
  await probe.close();
  const env = { FORWARD_URL: `http://127.0.0.1:${port}/v1/batch`, FORWARD_WRITE_KEY: 'upstream-key' };

  const first = await runCollector({ dir: tmp.dir, env });
  const sent: string[] = [];
  const send = async (origin: string, batch: any[]) => {
    expect((await postBatch(origin, { batch, sentAt: new Date().toISOString() })).status).toBe(200);
  };
  for (let i = 0; i < 5; i++) {
    const batch = Array.from({ length: 20 }, () => makeEvent({ anonymousId: `fwd-${i}` }));
    sent.push(...batch.map((e) => e.messageId));
    await send(first.origin, batch);
  }
  // A retried batch (same ids) and a batch with a rejected event: neither may double anything.
  const retried = Array.from({ length: 3 }, () => makeEvent());
  sent.push(...retried.map((e) => e.messageId));
  await send(first.origin, retried);
  await send(first.origin, retried);
  const mixed = [makeEvent(), makeEvent({ timestamp: 'bad' })];
  sent.push(mixed[0]!.messageId);
  await send(first.origin, mixed);
  // Restart the collector while the upstream is still down, once a few delivery attempts have
  // failed: nothing outside the collector shows a refused connection, so this lets the forwarder's
  // first retry delays (500 ms base) pass.
  await letTimePass(1000);
  expect(await first.stop()).toBe(0);

  const second = await runCollector({ dir: tmp.dir, env });
  try {
    const late = Array.from({ length: 20 }, () => makeEvent({ anonymousId: 'fwd-late' }));
    sent.push(...late.map((e) => e.messageId));
    await send(second.origin, late);
    await send(second.origin, retried);

    upstream = await startServer({ port });
    const got = await upstream.waitForEvents(sent.length, () => true, 40_000);
    expect(new Set(got.map((e) => e.messageId))).toEqual(new Set(sent));
    // The forwarder deletes a queued batch only after the upstream answered it: once the queue is
    // empty, every request it sent has arrived and nothing more will. Then count every copy.
    await expect.poll(async () => (await http(second.origin, '/api/stats')).json.totals.forward_queued, { timeout: 20_000 }).toBe(0);
    const all = upstream.events().map((e) => e.messageId);
    expect(all).toHaveLength(sent.length);
    expect(new Set(all).size).toBe(sent.length);
    // Forwarded as Segment expects: JSON batch body, Basic auth with the write key.
    const req = upstream.received[0]!;
    expect(req.headers['content-type']).toContain('application/json');
    expect(req.headers.authorization).toBe(`Basic ${Buffer.from('upstream-key:').toString('base64')}`);
    expect(Array.isArray(req.body.batch)).toBe(true);
    // Events travel unchanged.
    const original = late[0]!;
    expect(upstream.uniqueEvents().get(original.messageId)).toEqual(original);
  } finally {
    await second.stop();
  }
});

it('retries 5xx answers and honours Retry-After', async () => {
  const dir = tempDir();
  const up = await startServer();
  let n = 0;
  up.reply(() => (++n <= 2 ? { status: 503, headers: { 'retry-after': '1' } } : { status: 200 }));
  const c = await runCollector({ dir: dir.dir, env: { FORWARD_URL: `${up.origin}/v1/batch` } });
  try {
    const batch = [makeEvent(), makeEvent()];
    expect((await postBatch(c.origin, { batch })).status).toBe(200);
    const got = await up.waitForEvents(2, () => true, 20_000);
    expect(got.map((e) => e.messageId).sort()).toEqual(batch.map((e) => e.messageId).sort());
    expect(up.received).toHaveLength(3);
    const gap = up.received[2]!.at - up.received[1]!.at;
    expect(gap).toBeGreaterThanOrEqual(900);
  } finally {
    await c.stop();
    await up.close();
    dir.cleanup();
  }
});
