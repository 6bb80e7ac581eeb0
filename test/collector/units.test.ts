// Pure pieces of the collector, in process: ingest flattening, forward bodies, the journal's
// crash handling, media signatures and Retry-After parsing.
import { appendFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { basicAuthKey, forwardBodyFor, ingest } from '../../collector/ingest';
import { Journal } from '../../collector/journal';
import { MediaSigner } from '../../collector/media';
import { parseRetryAfter } from '../../src/queue/backoff';
import { postToUpstream } from '../../collector/post';
import { makeEvent } from './helpers';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('ingest', () => {
  it('flattens an event into a row: UTC timestamps, category, segment ids', () => {
    const e = makeEvent({
      timestamp: '2026-11-22T12:00:00.000+02:00',
      context: { traits: { segments: ['interest:running', { id: 'lifecycle:repeat', score: 1 }] }, session: { id: 's', seq: 3 } },
    });
    const r = ingest(JSON.stringify({ batch: [e], sentAt: '2026-11-22T10:00:01.000Z' }), new Set(), null);
    expect(r.status).toBe(200);
    if (r.status !== 200) return;
    expect(r.rows[0]).toMatchObject({
      messageId: e.messageId,
      timestamp: '2026-11-22T10:00:00.000Z',
      category: 'running',
      segments: '["interest:running","lifecycle:repeat"]',
      sessionId: 's',
    });
  });

  it('reads Segment-style Basic auth', () => {
    expect(basicAuthKey(`Basic ${Buffer.from('abc:').toString('base64')}`)).toBe('abc');
    expect(basicAuthKey('Bearer x')).toBeNull();
    expect(basicAuthKey(undefined)).toBeNull();
  });
});

describe('forwardBodyFor', () => {
  const a = makeEvent();
  const b = makeEvent();
  const text = JSON.stringify({ batch: [a, b], sentAt: new Date().toISOString() });
  const r = ingest(text, new Set(), null);
  if (r.status !== 200) throw new Error('setup');

  it('forwards the body unchanged when all events are new', () => {
    expect(forwardBodyFor(r, new Set([a.messageId, b.messageId]))).toBe(text);
  });
  it('drops events already stored, and forwards nothing when none is new', () => {
    const body = JSON.parse(forwardBodyFor(r, new Set([b.messageId]))!);
    expect(body.batch).toEqual([b]);
    expect(body.sentAt).toBeTruthy();
    expect(forwardBodyFor(r, new Set())).toBeNull();
  });
  it('drops rejected events and in-batch repeats', () => {
    const t2 = JSON.stringify({ batch: [a, a, { ...b, type: 'nope' }] });
    const r2 = ingest(t2, new Set(), null);
    if (r2.status !== 200) throw new Error('setup');
    expect(JSON.parse(forwardBodyFor(r2, new Set([a.messageId]))!).batch).toEqual([a]);
  });
});

describe('Journal', () => {
  it('replays complete entries and ignores a torn last one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'encore-journal-'));
    dirs.push(dir);
    const db = join(dir, 'x.duckdb');
    const { journal } = Journal.open(db);
    journal.append({ r: '2026-11-22T10:00:00.000Z', k: 'key\twith\ntabs', b: '{"batch":[]}\n{"odd":"newlines"}' });
    journal.append({ r: '2026-11-22T10:00:01.000Z', k: null, b: 'ünïcödé' });
    const files = readdirSync(dir).filter((f) => f.includes('journal'));
    appendFileSync(join(dir, files[0]!), '2026-11-22T10:00:02.000Z\t\t999\n{"partial'); // crash mid-write
    const again = Journal.open(db);
    expect(again.leftover).toEqual([
      { r: '2026-11-22T10:00:00.000Z', k: 'key\twith\ntabs', b: '{"batch":[]}\n{"odd":"newlines"}' },
      { r: '2026-11-22T10:00:01.000Z', k: null, b: 'ünïcödé' },
    ]);
    // Once the leftovers are committed, rotating and removing leaves only the new file.
    again.journal.remove(again.journal.rotate());
    again.journal.close(true);
    journal.close(false);
    expect(readdirSync(dir).filter((f) => f.includes('journal'))).toEqual([]);
  });
});

describe('MediaSigner', () => {
  const signer = new MediaSigner('secret', 600);
  it('accepts its own signature until it expires, for that path only', () => {
    const url = new URL(signer.sign('/media/members/a/master.m3u8'), 'http://x');
    expect(signer.check(url.pathname, url.searchParams)).toBeNull();
    expect(signer.check('/media/members/b/master.m3u8', url.searchParams)).toBe('bad signature');
    expect(signer.check(url.pathname, url.searchParams, Number(url.searchParams.get('exp')) + 1)).toBe('expired');
    expect(signer.check(url.pathname, new URLSearchParams())).toBe('unsigned');
    expect(new MediaSigner('other', 600).check(url.pathname, url.searchParams)).toBe('bad signature');
  });
  it('signs every URI of a playlist, attributes included, and leaves absolute URLs alone', () => {
    const text = '#EXTM3U\n#EXT-X-MAP:URI="init_0.mp4"\n#EXTINF:2,\nseg0.m4s\nhttps://cdn.example/x.m4s\n../r1/index.m3u8\n';
    const out = signer.signPlaylist(text, '/media/members/a/r0/index.m3u8', 2_000_000_000);
    expect(out).toContain('URI="/media/members/a/r0/init_0.mp4?exp=2000000000&sig=');
    expect(out).toMatch(/^\/media\/members\/a\/r0\/seg0\.m4s\?exp=2000000000&sig=/m);
    expect(out).toMatch(/^\/media\/members\/a\/r1\/index\.m3u8\?exp=/m);
    expect(out).toContain('\nhttps://cdn.example/x.m4s\n');
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates (one parser for the SDK sender, the forwarder and triggers)', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
    const ms = parseRetryAfter(new Date(Date.now() + 10_000).toUTCString())!;
    expect(ms).toBeGreaterThan(8000);
    expect(ms).toBeLessThanOrEqual(10_000);
  });
});

describe('postToUpstream', () => {
  it("the collector's upstream posts classify answers with the same rule", async () => {
    const { createServer } = await import('node:http');
    const statuses = [503, 429, 404, 200];
    const server = createServer((req, res) => {
      const status = statuses.shift()!;
      res.writeHead(status, status === 429 ? { 'retry-after': '7' } : {}).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
    const signal = new AbortController().signal;
    const outcomes = [];
    for (let i = 0; i < 4; i++) outcomes.push(await postToUpstream(url, '{}', {}, signal, 5000));
    server.close();
    expect(outcomes).toEqual([
      { ok: false, retry: true, reason: 'HTTP 503' },
      { ok: false, retry: true, reason: 'HTTP 429', retryAfterMs: 7000 },
      { ok: false, retry: false, reason: 'HTTP 404' },
      { ok: true },
    ]);
  });
});
