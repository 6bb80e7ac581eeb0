// Thousands of malformed bodies (and some malformed HTTP) must not crash the collector or make it
// store junk; afterwards it still answers and still stores a valid batch.
import { connect } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { http, makeEvent, postBatch, runCollector, tempDir, waitForEvents, type RunningCollector } from './helpers';

let c: RunningCollector;
const tmp = tempDir();
beforeAll(async () => {
  c = await runCollector({ dir: tmp.dir });
});
afterAll(async () => {
  await c?.stop();
  tmp.cleanup();
});

/** A small deterministic PRNG, so a failure can be replayed. */
function rng(seed: number) {
  return () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
}

function malformed(rand: () => number): string {
  const valid = JSON.stringify({ batch: [makeEvent(), makeEvent()], sentAt: new Date().toISOString() });
  const pick = Math.floor(rand() * 14);
  const junk = (n: number) => Array.from({ length: n }, () => String.fromCharCode(Math.floor(rand() * 0xffff))).join('');
  switch (pick) {
    case 0: // truncated
      return valid.slice(0, Math.floor(rand() * valid.length));
    case 1: // random bytes
      return junk(1 + Math.floor(rand() * 300));
    case 2: // one character flipped
    {
      const i = Math.floor(rand() * valid.length);
      return valid.slice(0, i) + junk(1) + valid.slice(i + 1);
    }
    case 3: // deep nesting
      return '{"batch":' + '['.repeat(5000 + Math.floor(rand() * 50_000)) + ']'.repeat(10);
    case 4: // wrong types everywhere
      return JSON.stringify({ batch: [{ messageId: 5, type: [], event: {}, anonymousId: true, timestamp: 1, context: 'x', properties: [] }] });
    case 5: // prototype keys
      return '{"batch":[{"__proto__":{"polluted":1},"constructor":{"prototype":{"x":1}},"messageId":"p","type":"track"}],"__proto__":{"batch":1}}';
    case 6: // huge numbers and odd unicode
      return JSON.stringify({ batch: [makeEvent({ properties: { n: 1e308, m: -0, s: '\u0000\ud800\uffff' }, messageId: '\u202e' + 'x'.repeat(300) })] });
    case 7: // batch of junk values
      return JSON.stringify({ batch: [null, 1, 'a', [], {}, true] });
    case 8: // too many events
      return JSON.stringify({ batch: Array.from({ length: 2500 }, () => ({})) });
    case 9: // context shapes
      return JSON.stringify({ batch: [makeEvent({ context: { session: { id: 1, seq: -1 }, traits: { segments: 'all' }, page: 7 } })] });
    case 10: // bad timestamps
      return JSON.stringify({ batch: [makeEvent({ timestamp: junk(10) }), makeEvent({ timestamp: '2026-13-45T99:99:99Z' })], sentAt: junk(5) });
    case 11: // empty-ish
      return ['', ' ', 'null', '{}', '[]', '""', '{"batch":null}'][Math.floor(rand() * 7)]!;
    case 12: // invalid UTF-8 as latin1
      return Buffer.from([0xff, 0xfe, 0x7b, 0x22, 0xc3, 0x28]).toString('latin1');
    default: // valid JSON with a bad event among good ones
      return JSON.stringify({ batch: [makeEvent({ anonymousId: 'fuzz' }), makeEvent({ type: 'bogus' })] });
  }
}

it('survives thousands of malformed bodies and keeps answering', async () => {
  const rand = rng(20261125);
  const deadline = Date.now() + 40_000;
  const statuses = new Map<number, number>();
  let sent = 0;
  const worker = async () => {
    while (sent < 2500 && Date.now() < deadline) {
      sent++;
      const r = await postBatch(c.origin, malformed(rand));
      statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  expect(sent).toBeGreaterThanOrEqual(1000);
  // Only defined answers: accepted (maybe with rejections) or refused as a client error.
  for (const status of statuses.keys()) expect([200, 400, 413]).toContain(status);
  expect(statuses.get(500) ?? 0).toBe(0);

  // Malformed HTTP on raw sockets.
  for (const raw of ['GARBAGE\r\n\r\n', 'POST /v1/batch HTTP/1.1\r\nContent-Length: -5\r\n\r\n', 'POST /v1/batch HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n{']) {
    await new Promise<void>((res) => {
      const s = connect(c.port, '127.0.0.1', () => s.end(raw));
      s.on('data', () => {});
      s.on('close', () => res());
      s.on('error', () => res());
      setTimeout(() => {
        s.destroy();
        res();
      }, 2000);
    });
  }

  // Nesting deep enough to overflow JSON.stringify: that event is rejected, its neighbour stored.
  const deep = makeEvent({ anonymousId: 'deep' });
  const fine = makeEvent({ anonymousId: 'deep' });
  const text = JSON.stringify({ batch: [deep, fine] }).replace('"properties":{', `"properties":{"x":${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)},`);
  const r = await postBatch(c.origin, text);
  expect(r.status).toBe(200);
  expect(r.json.rejected).toEqual([{ messageId: deep.messageId, reason: expect.stringMatching(/nested/) }]);

  expect(c.child.exitCode).toBeNull();
  expect((await http(c.origin, '/healthz')).status).toBe(200);
  const e = makeEvent({ anonymousId: 'after-fuzz' });
  expect((await postBatch(c.origin, { batch: [e] })).status).toBe(200);
  const events = await waitForEvents(c.origin, (x) => x.length === 1, 'anonymousId=after-fuzz');
  expect(events[0].messageId).toBe(e.messageId);
});
