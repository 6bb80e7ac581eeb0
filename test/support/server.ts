/**
 * A real local collector for the browser tests: Node `http` on 127.0.0.1, recording every request
 * that arrives, with scriptable answers (status codes, Retry-After, down). It also serves static
 * files (dist/, examples/, test pages, HLS fixtures) so test pages are same-origin with it.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { MIME } from '../../collector/static';
import { letTimePass } from './wait';

export const ROOT = resolve(import.meta.dirname, '../..');

export interface Received {
  method: string;
  path: string;
  url: string;
  headers: IncomingMessage['headers'];
  /** Raw body text. */
  text: string;
  /** Parsed JSON body, or undefined. */
  body: any;
  at: number;
}

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: string | object;
  /** Destroy the socket without answering (network error in the browser). */
  drop?: boolean;
  /** Delay before answering, ms. */
  delayMs?: number;
}

export type Handler = (req: Received, res: ServerResponse) => Reply | undefined | void | Promise<Reply | undefined | void>;

export interface TestServer {
  origin: string;
  port: number;
  /** Every request to the collector path, in arrival order. */
  received: Received[];
  /** Events from every accepted (2xx) batch, in arrival order (duplicates kept). */
  events(): any[];
  /** Unique events by messageId from accepted batches. */
  uniqueEvents(): Map<string, any>;
  /** Sets how the collector answers; default is 200 `{}`. */
  reply(fn: ((req: Received, n: number) => Reply) | null): void;
  /** Adds a route handler consulted before static files; return undefined to fall through. */
  route(prefix: string, handler: Handler): void;
  /** Resolves when a collector request satisfying `pred` has arrived (already arrived counts). */
  waitFor(pred: (r: Received) => boolean, timeoutMs?: number): Promise<Received>;
  /** Resolves once `count` unique accepted events satisfying `pred` have arrived. */
  waitForEvents(count: number, pred?: (e: any) => boolean, timeoutMs?: number): Promise<any[]>;
  /** Extra response headers for static HTML (e.g. a CSP). */
  htmlHeaders: Record<string, string>;
  close(): Promise<void>;
}

export interface ServerOptions {
  /** Path the collector listens on. */
  collectorPath?: string;
  port?: number;
}

export async function startServer(opts: ServerOptions = {}): Promise<TestServer> {
  const collectorPath = opts.collectorPath ?? '/v1/batch';
  const received: Received[] = [];
  const accepted: Received[] = [];
  const routes: Array<[string, Handler]> = [];
  const waiters = new Set<() => void>();
  let replyFn: ((req: Received, n: number) => Reply) | null = null;
  const sockets = new Set<import('node:net').Socket>();

  const notify = () => {
    for (const w of [...waiters]) w();
  };

  const send = async (res: ServerResponse, reply: Reply) => {
    if (reply.delayMs) await letTimePass(reply.delayMs); // a slow answer the test asked for
    if (reply.drop) {
      res.socket?.destroy();
      return;
    }
    const body = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? {});
    res.writeHead(reply.status, {
      'content-type': typeof reply.body === 'string' ? 'text/plain' : 'application/json',
      'access-control-allow-origin': '*',
      ...reply.headers,
    });
    res.end(body);
  };

  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    let body: any;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    const rec: Received = { method: req.method ?? 'GET', path: url.pathname, url: url.pathname + url.search, headers: req.headers, text, body, at: Date.now() };

    try {
      if (url.pathname === collectorPath) {
        if (req.method === 'OPTIONS') {
          res.writeHead(204, { 'access-control-allow-origin': '*', 'access-control-allow-headers': '*', 'access-control-allow-methods': 'POST' });
          res.end();
          return;
        }
        received.push(rec);
        const reply = replyFn ? replyFn(rec, received.length) : { status: 200 };
        if (reply.status >= 200 && reply.status < 300 && !reply.drop) accepted.push(rec);
        await send(res, reply);
        notify();
        return;
      }
      for (const [prefix, handler] of routes) {
        if (url.pathname.startsWith(prefix)) {
          const r = await handler(rec, res);
          if (r) {
            await send(res, r);
            return;
          }
          if (res.writableEnded || res.headersSent) return;
        }
      }
      await serveStatic(url.pathname, res, testServer.htmlHeaders);
    } catch (e) {
      if (!res.headersSent) res.writeHead(500);
      res.end(String(e));
    }
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(opts.port ?? 0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;

  const acceptedEvents = () => accepted.flatMap((r) => (Array.isArray(r.body?.batch) ? r.body.batch : []));

  const testServer: TestServer = {
    origin: `http://127.0.0.1:${port}`,
    port,
    received,
    htmlHeaders: {},
    events: acceptedEvents,
    uniqueEvents() {
      const m = new Map<string, any>();
      for (const e of acceptedEvents()) if (!m.has(e.messageId)) m.set(e.messageId, e);
      return m;
    },
    reply(fn) {
      replyFn = fn;
    },
    route(prefix, handler) {
      routes.push([prefix, handler]);
    },
    waitFor(pred, timeoutMs = 15000) {
      return waitUntil(() => received.find(pred), timeoutMs, 'collector request');
    },
    waitForEvents(count, pred = () => true, timeoutMs = 15000) {
      return waitUntil(
        () => {
          const list = [...testServer.uniqueEvents().values()].filter(pred);
          return list.length >= count ? list : undefined;
        },
        timeoutMs,
        `${count} events`,
      );
    },
    close() {
      for (const s of sockets) s.destroy();
      return new Promise((r) => server.close(() => r()));
    },
  };

  function waitUntil<T>(check: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    return new Promise((resolvePromise, reject) => {
      const attempt = () => {
        const v = check();
        if (v !== undefined) {
          waiters.delete(attempt);
          clearTimeout(timer);
          resolvePromise(v);
        }
      };
      const timer = setTimeout(() => {
        waiters.delete(attempt);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; collector saw ${received.length} requests`));
      }, timeoutMs);
      waiters.add(attempt);
      attempt();
    });
  }

  return testServer;
}

async function serveStatic(pathname: string, res: ServerResponse, htmlHeaders: Record<string, string>) {
  const rel = normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, '');
  let file = join(ROOT, rel);
  if (!file.startsWith(ROOT)) {
    res.writeHead(403).end();
    return;
  }
  try {
    const s = await stat(file);
    if (s.isDirectory()) file = join(file, 'index.html');
    const data = await readFile(file);
    const type = MIME[extname(file)] ?? 'application/octet-stream';
    res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store', ...(type.startsWith('text/html') ? htmlHeaders : {}) });
    res.end(data);
  } catch {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  }
}
