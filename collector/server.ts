/**
 * The reference collector: ingest API, dashboard, audience export, demo storefront and widget
 * endpoints on one Node `http` server. Routing is a flat list of path checks; each handler
 * answers by itself and any throw becomes a 500 for that request only.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { CollectorConfig } from './config';
import { readBody } from './body';
import { basicAuthKey, forwardBodyFor, ingest } from './ingest';
import { Store, query } from './store';
import { Forwarder } from './forwarder';
import { audienceCsv, computeStats } from './stats';
import { MediaSigner } from './media';
import { Triggers } from './triggers';
import { MATCHABLE_LISTS, matchableCsv, matchableRows, type MatchableList } from './matchable';
import { CUSTOMER_COOKIE, Demo, loadDemoData, posterSvg, readCookie } from './demo';
import { MIME, safeJoin, sendFile } from './static';
import { retentionRoutes } from './retention/routes';
import { featureRoutes } from './features/routes';
import { sharedPerSecond } from './shared-read';
import { seedHistoryIfAsked } from './retention/seed';

export interface Collector {
  origin: string;
  port: number;
  store: Store;
  signer: MediaSigner;
  close(): Promise<void>;
}

const DASHBOARD_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; frame-ancestors 'none'";

/** Static folders served as they are laid out in the repository. */
const STATIC_PREFIXES = ['/examples/storefront/', '/dist/', '/node_modules/hls.js/dist/', '/node_modules/uplot/dist/', '/test/fixtures/hls/'];

export async function startCollector(config: CollectorConfig): Promise<Collector> {
  const store = await Store.open(config.dbPath, { forwarding: !!config.forwardUrl, commitDelayMs: config.commitDelayMs });
  const signer = new MediaSigner(config.mediaSecret, config.mediaTtlSec);
  const demo = new Demo(loadDemoData(config.root), signer);
  const log = (msg: string) => {
    if (!config.quiet) console.error(`[collector] ${msg}`);
  };
  let forwarder: Forwarder | null = null;
  if (config.forwardUrl) {
    forwarder = new Forwarder(await store.connect(), { url: config.forwardUrl, writeKey: config.forwardWriteKey, log });
    store.onForwardQueued = () => forwarder?.wake();
  }
  store.onError = (error) => log(`store: commit failed, will retry: ${String(error)}`);
  const triggers = config.triggers ? await Triggers.start(store, config.triggers, log) : null;
  // Requests a crash left in the journal: store them now (duplicates are ignored by messageId).
  for (const entry of store.leftover) {
    const r = ingest(entry.b, new Set(), entry.k, new Date(entry.r), config.phoneCountry);
    if (r.status !== 200) continue;
    store.submit({ rows: r.rows, forwardBody: forwarder ? (ids) => forwardBodyFor(r, ids) : undefined }).catch((e) => log(`replay: ${String(e)}`));
  }
  // `--seed-history` / ENCORE_SEED_HISTORY=1: a deterministic synthetic history for the Retention section.
  await seedHistoryIfAsked(store, process.env, process.argv, log);
  const mediaRoot = join(config.root, 'test/fixtures/hls');
  const dashboardRoot = join(config.root, 'collector/dashboard');

  const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
    res.end(text);
  };

  /** CORS: the configured origins, or by default this server's own origin. */
  const corsOrigin = (req: IncomingMessage): { allowed: boolean; origin: string | null } => {
    const origin = req.headers.origin;
    if (!origin) return { allowed: true, origin: null };
    if (config.corsOrigins.has('*') || config.corsOrigins.has(origin)) return { allowed: true, origin };
    if (config.corsOrigins.size === 0) {
      const own = new Set([`http://${req.headers.host}`, `http://127.0.0.1:${port}`, `http://localhost:${port}`]);
      if (own.has(origin)) return { allowed: true, origin };
    }
    return { allowed: false, origin };
  };

  async function handleBatch(req: IncomingMessage, res: ServerResponse) {
    const cors = corsOrigin(req);
    const corsHeaders: Record<string, string> = cors.origin && cors.allowed ? { 'access-control-allow-origin': cors.origin, vary: 'Origin' } : { vary: 'Origin' };
    if (req.method === 'OPTIONS') {
      if (!cors.allowed) return json(res, 403, { error: 'origin not allowed' }, { vary: 'Origin' });
      res.writeHead(204, {
        ...corsHeaders,
        'access-control-allow-methods': 'POST, OPTIONS',
        'access-control-allow-headers': 'content-type, authorization',
        'access-control-max-age': '86400',
      });
      return res.end();
    }
    if (req.method !== 'POST') return json(res, 405, { error: 'use POST' }, { allow: 'POST, OPTIONS' });
    if (!cors.allowed) return json(res, 403, { error: 'origin not allowed' }, corsHeaders);
    const type = String(req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type && type !== 'text/plain' && type !== 'application/json') {
      return json(res, 415, { error: 'send text/plain or application/json' }, corsHeaders);
    }
    const encoding = String(req.headers['content-encoding'] ?? 'identity').toLowerCase();
    if (encoding !== 'identity' && encoding !== 'gzip') return json(res, 415, { error: 'content-encoding must be gzip or none' }, corsHeaders);
    const body = await readBody(req, config.maxBodyBytes);
    if (!body.ok) {
      if (body.reason === 'aborted') return res.destroy();
      if (body.reason === 'bad_encoding') return json(res, 400, { error: 'body is not valid gzip' }, corsHeaders);
      // Stop buffering and answer at once. The rest of the upload is read and discarded (up to a
      // cap, then the socket is cut): closing while the client still sends would reset the
      // connection, and a reset can discard the 413 the client has not read yet.
      json(res, 413, { error: `body over ${config.maxBodyBytes} bytes` }, corsHeaders);
      let discarded = 0;
      req.on('data', (chunk: Buffer) => {
        discarded += chunk.length;
        if (discarded > 16 * config.maxBodyBytes) req.socket.destroy();
      });
      req.resume();
      setTimeout(() => req.socket.destroy(), 10_000).unref();
      return;
    }
    const result = ingest(body.text, config.writeKeys, basicAuthKey(req.headers.authorization), new Date(), config.phoneCountry);
    if (result.status !== 200) return json(res, result.status, { error: result.error }, corsHeaders);
    if (store.overloaded) return json(res, 503, { error: 'busy, retry' }, { ...corsHeaders, 'retry-after': '1' });
    const { rows, rejected } = result;
    try {
      // Journaled before the answer; the database commit follows in a group (store.ts).
      store
        .submit({
          rows,
          journal: { r: result.receivedAt, k: result.writeKey, b: result.text },
          forwardBody: forwarder ? (newIds) => forwardBodyFor(result, newIds) : undefined,
        })
        .catch((error) => log(`store: ${String(error)}`));
    } catch (error) {
      log(`journal: ${String(error)}`);
      return json(res, 503, { error: 'storage unavailable, retry' }, { ...corsHeaders, 'retry-after': '2' });
    }
    json(res, 200, { ok: true, accepted: rows.length, rejected }, corsHeaders);
  }

  async function handleMedia(req: IncomingMessage, res: ServerResponse, url: URL) {
    const path = url.pathname;
    const poster = /^\/media\/posters\/([A-Za-z0-9_.-]{1,80})\.svg$/.exec(path);
    if (poster) {
      res.writeHead(200, { 'content-type': MIME['.svg']!, 'cache-control': 'max-age=3600' });
      return res.end(posterSvg(poster[1]!));
    }
    const members = /^\/media\/members\/([A-Za-z0-9_.-]{1,80})\/(.+)$/.exec(path);
    if (members) {
      const why = signer.check(path, url.searchParams);
      if (why) return json(res, 403, { error: `media refused: ${why}` });
      const file = safeJoin(mediaRoot, members[2]!);
      if (!file) return json(res, 404, { error: 'not found' });
      if (file.endsWith('.m3u8')) {
        let text: string;
        try {
          text = await readFile(file, 'utf8');
        } catch {
          return json(res, 404, { error: 'not found' });
        }
        res.writeHead(200, { 'content-type': MIME['.m3u8']!, 'cache-control': 'private, no-store' });
        return res.end(signer.signPlaylist(text, path, Number(url.searchParams.get('exp'))));
      }
      if (!(await sendFile(res, file, { 'cache-control': 'private, max-age=600' }, req.method, req.headers.range))) json(res, 404, { error: 'not found' });
      return;
    }
    const file = safeJoin(mediaRoot, path.slice('/media/'.length));
    if (!file || !(await sendFile(res, file, {}, req.method, req.headers.range))) json(res, 404, { error: 'not found' });
  }

  async function handleCustomer(req: IncomingMessage, res: ServerResponse, url: URL) {
    const set = url.searchParams.get('set');
    const headers: Record<string, string> = {};
    let current = readCookie(req.headers.cookie, CUSTOMER_COOKIE);
    if (set !== null) {
      if (!demo.isValidCustomer(set)) return json(res, 400, { error: 'unknown demo customer', choices: demo.choices() });
      current = set;
      headers['set-cookie'] = `${CUSTOMER_COOKIE}=${encodeURIComponent(set)}; Path=/; SameSite=Lax; Max-Age=2592000`;
    }
    const redirect = url.searchParams.get('redirect');
    if (redirect && redirect.startsWith('/') && !redirect.startsWith('//')) {
      res.writeHead(303, { ...headers, location: redirect });
      return res.end();
    }
    json(res, 200, { customer: demo.customer(current), choices: demo.choices() }, headers);
  }

  const handleRetention = retentionRoutes(store, json);
  const handleFeatures = featureRoutes(store, json);

  // Several dashboards polling share one computation per second.
  const stats = sharedPerSecond(() => store.read((conn) => computeStats(conn)));

  async function route(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const p = url.pathname;
    if (p === '/v1/batch' || p === '/v1/batch/') return handleBatch(req, res);
    if (req.method !== 'GET' && req.method !== 'HEAD') return json(res, 405, { error: 'method not allowed' });
    if (p === '/') {
      res.writeHead(302, { location: '/examples/storefront/' });
      return res.end();
    }
    if (p === '/healthz') return json(res, 200, { ok: true });
    if (p === '/dashboard') {
      if (!(await sendFile(res, join(dashboardRoot, 'index.html'), { 'content-security-policy': DASHBOARD_CSP }, req.method))) json(res, 404, { error: 'not found' });
      return;
    }
    if (p.startsWith('/dashboard/')) {
      const file = safeJoin(dashboardRoot, p.slice('/dashboard/'.length));
      if (!file || !(await sendFile(res, file, { 'content-security-policy': DASHBOARD_CSP }, req.method))) json(res, 404, { error: 'not found' });
      return;
    }
    if (p === '/api/stats') return json(res, 200, await stats());
    if (await handleRetention(req, res, url)) return;
    if (await handleFeatures(req, res, url)) return;
    if (p === '/api/events') {
      const limit = Math.min(1000, Math.max(1, Number(url.searchParams.get('limit')) || 100));
      const event = url.searchParams.get('event');
      const anon = url.searchParams.get('anonymousId');
      const where: string[] = [];
      const values: string[] = [];
      if (event) (where.push('event = ?'), values.push(event));
      if (anon) (where.push('anonymousId = ?'), values.push(anon));
      const rows = await store.read((conn) => query(
        conn,
        `SELECT messageId, type, event, name, anonymousId, userId, timestamp, received_at, category, properties, context
         FROM events ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY received_at DESC, timestamp DESC LIMIT ${limit}`,
        values,
      ));
      return json(res, 200, { events: rows });
    }
    if (p === '/api/triggers') return triggers ? json(res, 200, await triggers.status()) : json(res, 404, { error: 'triggers are off (set TRIGGER_URL and TRIGGER_SECRET)' });
    if (p === '/api/video-views') {
      return json(res, 200, { views: await store.read((conn) => query(conn, 'SELECT * FROM video_views ORDER BY received_at DESC LIMIT 500')) });
    }
    const matchable = /^\/audiences\/matchable\/([a-z-]+)\.(csv|json)$/.exec(p);
    if (matchable) {
      const list = matchable[1] as MatchableList;
      if (!MATCHABLE_LISTS.includes(list)) return json(res, 404, { error: 'no such list', lists: MATCHABLE_LISTS });
      const layout = url.searchParams.get('layout') ?? 'google';
      if (layout !== 'google' && layout !== 'meta') return json(res, 400, { error: 'layout must be google or meta' });
      const limit = Number(url.searchParams.get('limit')) || 10_000;
      const rows = await store.read((conn) => matchableRows(conn, list, url.searchParams, limit));
      if (matchable[2] === 'json') return json(res, 200, { list, count: rows.length, customers: rows });
      res.writeHead(200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${list}-${layout}.csv"`,
        'cache-control': 'no-store',
      });
      return res.end(matchableCsv(rows, layout));
    }
    const audience = /^\/audiences\/(.+)\.csv$/.exec(p);
    if (audience) {
      let segment: string;
      try {
        segment = decodeURIComponent(audience[1]!);
      } catch {
        return json(res, 400, { error: 'bad segment' });
      }
      const csv = await store.read((conn) => audienceCsv(conn, segment));
      res.writeHead(200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${segment.replace(/[^A-Za-z0-9_.:-]/g, '_')}.csv"`,
        'cache-control': 'no-store',
      });
      return res.end(csv);
    }
    const gallery = /^\/api\/gallery\/([^/]+)$/.exec(p);
    if (gallery) {
      let id: string;
      try {
        id = decodeURIComponent(gallery[1]!);
      } catch {
        return json(res, 400, { error: 'bad gallery id' });
      }
      const manifest = demo.gallery(id, readCookie(req.headers.cookie, CUSTOMER_COOKIE));
      return manifest ? json(res, 200, manifest, { vary: 'Cookie' }) : json(res, 404, { error: 'no such gallery' });
    }
    if (p === '/api/recommendations') {
      return json(res, 200, await demo.recommendations(url.searchParams, readCookie(req.headers.cookie, CUSTOMER_COOKIE), (fn) => store.read(fn)), { vary: 'Cookie' });
    }
    if (p === '/api/demo/customer') return handleCustomer(req, res, url);
    if (p.startsWith('/media/')) return handleMedia(req, res, url);
    for (const prefix of STATIC_PREFIXES) {
      if (p.startsWith(prefix) || p === prefix.slice(0, -1)) {
        if (p === prefix.slice(0, -1)) {
          res.writeHead(302, { location: prefix });
          return res.end();
        }
        const file = safeJoin(join(config.root, prefix), p.slice(prefix.length));
        if (file && (await sendFile(res, file, {}, req.method, req.headers.range))) return;
        break;
      }
    }
    json(res, 404, { error: 'not found' });
  }

  const server = createServer((req, res) => {
    route(req, res).catch((error) => {
      log(`${req.method} ${req.url}: ${String(error)}`);
      if (!res.headersSent) json(res, 500, { error: 'internal error' });
      else res.destroy();
    });
  });
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n');
    else socket.destroy();
  });
  server.keepAliveTimeout = 5000;
  server.headersTimeout = 15_000;
  server.requestTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  forwarder?.start();

  return {
    origin: `http://${config.host}:${port}`,
    port,
    store,
    signer,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await forwarder?.stop();
      await triggers?.stop();
      await store.close();
    },
  };
}
