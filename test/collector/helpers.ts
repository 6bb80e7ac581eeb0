/**
 * Runs the reference collector as a real child process (`scripts/start.mjs`, SDK build skipped)
 * on 127.0.0.1 with a temp database, and talks to it over HTTP.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { letTimePass } from '../support/wait';

export const ROOT = resolve(import.meta.dirname, '../..');

export interface RunningCollector {
  origin: string;
  port: number;
  dir: string;
  dbPath: string;
  child: ChildProcess;
  output: () => string;
  /** SIGTERM and wait for a clean exit. */
  stop(): Promise<number | null>;
  /** SIGKILL: a crash. */
  kill(): Promise<void>;
}

/** A temp folder for a test's database files. */
export function tempDir(): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'encore-collector-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function runCollector(opts: { dir: string; env?: Record<string, string>; skipBuild?: boolean; port?: number }): Promise<RunningCollector> {
  const dbPath = join(opts.dir, 'encore.duckdb');
  const child = spawn(process.execPath, [join(ROOT, 'scripts/start.mjs')], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(opts.port ?? 0),
      ENCORE_DB: dbPath,
      ENCORE_SKIP_BUILD: opts.skipBuild === false ? '0' : '1',
      ENCORE_QUIET: '1',
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Never leave a collector running when the test worker goes away early.
  const reap = () => child.kill('SIGKILL');
  process.once('exit', reap);
  child.once('exit', () => process.off('exit', reap));
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const origin = await new Promise<string>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`collector did not start in time:\n${out}`)), 90_000);
    const check = () => {
      const m = /storefront (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        res(m[1]!);
      }
    };
    child.stdout!.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      rej(new Error(`collector exited with ${code}:\n${out}`));
    });
  });
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return {
    origin,
    port: Number(new URL(origin).port),
    dir: opts.dir,
    dbPath,
    child,
    output: () => out,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
    async kill() {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

let n = 0;
/** A valid event envelope as the SDK sends it. */
export function makeEvent(overrides: Record<string, unknown> = {}): Record<string, any> {
  n++;
  return {
    messageId: `msg-${process.pid}-${Date.now()}-${n}-${Math.random().toString(36).slice(2)}`,
    type: 'track',
    event: 'Product Viewed',
    properties: { product_id: 'SKU-RUN-SHOES', category: 'running', price: 129 },
    anonymousId: 'anon-1',
    timestamp: new Date().toISOString(),
    context: {
      library: { name: 'encore-sdk', version: '0.1.0' },
      page: { url: 'http://127.0.0.1/p', path: '/p', search: '', referrer: '', title: 'P' },
      session: { id: 'sess-1', seq: n },
      traits: { segments: ['interest:running'] },
    },
    ...overrides,
  };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: any;
}

/** A raw HTTP request (node:http), so tests control headers and can send bodies fetch would not. */
export function http(
  origin: string,
  path: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string | Buffer; chunks?: Buffer[] } = {},
): Promise<RawResponse> {
  const url = new URL(path, origin);
  return new Promise((res, rej) => {
    const req = request(
      { hostname: url.hostname, port: url.port, path: url.pathname + url.search, method: opts.method ?? 'GET', headers: opts.headers },
      (r) => {
        const chunks: Buffer[] = [];
        r.on('data', (c) => chunks.push(c));
        r.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: any;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          res({ status: r.statusCode ?? 0, headers: r.headers, text, json });
        });
        r.on('error', rej);
      },
    );
    // The server may answer and close before a large upload is done; the answer still counts.
    req.on('error', (e) => rej(e));
    if (opts.chunks) {
      (async () => {
        for (const c of opts.chunks!) {
          if (req.destroyed) return;
          if (!req.write(c)) await new Promise((r) => req.once('drain', r));
        }
        req.end();
      })().catch(() => {});
    } else req.end(opts.body);
  });
}

/** POSTs a batch body to /v1/batch. */
export function postBatch(origin: string, body: unknown, headers: Record<string, string> = {}): Promise<RawResponse> {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return http(origin, '/v1/batch', { method: 'POST', headers: { 'content-type': 'text/plain;charset=UTF-8', ...headers }, body: text });
}

/** Polls the collector's event API until `check` passes (the database commits just after the answer). */
export async function waitForEvents(origin: string, check: (events: any[]) => boolean, query = 'limit=1000', timeoutMs = 20_000): Promise<any[]> {
  const end = Date.now() + timeoutMs;
  let last: any[] = [];
  while (Date.now() < end) {
    const r = await http(origin, `/api/events?${query}`);
    last = r.json?.events ?? [];
    if (check(last)) return last;
    await letTimePass(100); // the polling interval
  }
  throw new Error(`events never matched; last saw ${last.length}`);
}

/**
 * Resolves once every batch this collector has answered so far is committed: commits run in the
 * order the batches were accepted (collector/store.ts), so a marker event posted now becomes
 * visible only after all of them. Use it before asserting that something was not stored.
 */
export async function waitForCommitted(origin: string): Promise<void> {
  const marker = makeEvent({ anonymousId: `commit-marker-${Math.random().toString(36).slice(2)}` });
  const answer = await postBatch(origin, { batch: [marker] });
  if (answer.status !== 200) throw new Error(`the commit marker was refused: ${answer.status} ${answer.text}`);
  await waitForEvents(origin, (events) => events.length === 1, `anonymousId=${marker.anonymousId}`);
}
