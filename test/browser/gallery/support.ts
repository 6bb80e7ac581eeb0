/**
 * Test merchant for the gallery: a manifest endpoint that decides entitlement from a `customer`
 * cookie (anonymous, `gold` tier, `buyer` of SKU9; the manifests are in `manifests.ts`), signed media
 * URLs checked by a media route, the gallery bundled from source with esbuild (minified ESM, hls.js
 * external) served same-origin, and the per-file browser and server hooks.
 */
import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { launchBrowser } from '../../support/browser';
import { launchEngine, type Browser as EngineBrowser, type Page as EnginePage } from '../../support/engines';
import { ROOT, startServer, type Received, type Reply, type TestServer } from '../../support/server';
import { manifestFor, sign } from './manifests';

export const MANIFEST_PATH = '/api/gallery/members-running';

export interface GalleryState {
  manifestRequests: Received[];
  mediaRequests: string[];
  /** The next N manifests carry already-expired playback URLs. */
  expiredNext: number;
  /** Media answers 403 to everything. */
  denyMedia: boolean;
  /** Manifest endpoint failure mode. */
  broken: null | 'down' | 'html' | 'invalid';
  /** Put XSS payloads in every field. */
  xss: boolean;
  /** Break the contract: put a playback URL (containing LEAK) on locked items. */
  leak: boolean;
  /** Add invalid items. */
  invalidItems: boolean;
  /** Delay manifest answers, ms. */
  delayMs: number;
}

export function newState(): GalleryState {
  return { manifestRequests: [], mediaRequests: [], expiredNext: 0, denyMedia: false, broken: null, xss: false, leak: false, invalidItems: false, delayMs: 0 };
}

let bundled: Promise<string> | undefined;
/** The gallery entry bundled like an app would (production, minified, hls.js left external). */
export function galleryBundle(): Promise<string> {
  bundled ??= build({
    entryPoints: [join(ROOT, 'src/widgets/gallery/index.ts')],
    bundle: true,
    minify: true,
    format: 'esm',
    write: false,
    platform: 'browser',
    target: 'es2020',
    external: ['hls.js'],
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  }).then((r) => r.outputFiles[0]!.text);
  return bundled;
}

const cookie = (req: Received, name: string) =>
  (req.headers.cookie ?? '')
    .split(';')
    .map((c) => c.trim().split('='))
    .find(([k]) => k === name)?.[1];

/** Installs the gallery bundle, manifest and media routes on the test server. */
export function installGallery(server: TestServer, state: GalleryState) {
  server.route('/__gallery/gallery.js', async () => ({
    status: 200,
    headers: { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' },
    body: await galleryBundle(),
  }));

  server.route('/api/gallery/', (req): Reply => {
    state.manifestRequests.push(req);
    if (state.broken === 'down') return { status: 503, body: 'down' };
    if (state.broken === 'html') return { status: 200, headers: { 'content-type': 'text/html' }, body: '<html>oops</html>' };
    if (state.broken === 'invalid') return { status: 200, body: { items: 'nope' } };
    const customer = cookie(req, 'customer') ?? 'anon';
    return { status: 200, headers: { 'cache-control': 'no-store' }, body: manifestFor(customer, state), delayMs: state.delayMs };
  });

  // Signed media: the master/file URL carries the token; playlists are rewritten so every child URL
  // carries it too (as a CDN's signed-URL scheme would).
  server.route('/media/gallery/', async (req, res) => {
    state.mediaRequests.push(req.url);
    const url = new URL(req.url, 'http://x');
    const file = url.pathname.slice('/media/gallery/'.length);
    const customer = url.searchParams.get('c') ?? '';
    const exp = Number(url.searchParams.get('exp'));
    const token = url.searchParams.get('token');
    const root = file.split('/')[0] === 'clip.mp4' ? 'clip.mp4' : 'master.m3u8';
    const ok = !state.denyMedia && exp > Date.now() && token === sign(customer, root, exp) && !file.includes('..');
    if (!ok) return { status: 403, body: 'forbidden' };
    let data: Buffer;
    try {
      data = await readFile(join(ROOT, 'test/fixtures/hls', file));
    } catch {
      return { status: 404, body: 'not found' };
    }
    const q = `?c=${customer}&exp=${exp}&token=${token}`;
    if (file.endsWith('.m3u8')) {
      const text = data
        .toString('utf8')
        .split('\n')
        .map((l) => (l && !l.startsWith('#') ? l + q : l.replace(/URI="([^"]+)"/, (_m, u) => `URI="${u}${q}"`)))
        .join('\n');
      res.writeHead(200, { 'content-type': 'application/vnd.apple.mpegurl', 'cache-control': 'no-store' });
      res.end(text);
      return;
    }
    const type = file.endsWith('.mp4') ? 'video/mp4' : file.endsWith('.m4s') ? 'video/iso.segment' : 'video/mp2t';
    const range = /bytes=(\d+)-(\d*)/.exec(String(req.headers.range ?? ''));
    if (range) {
      const start = Number(range[1]);
      const end = range[2] ? Math.min(Number(range[2]), data.length - 1) : data.length - 1;
      res.writeHead(206, { 'content-type': type, 'content-range': `bytes ${start}-${end}/${data.length}`, 'accept-ranges': 'bytes', 'content-length': end - start + 1 });
      res.end(data.subarray(start, end + 1));
      return;
    }
    res.writeHead(200, { 'content-type': type, 'accept-ranges': 'bytes', 'content-length': data.length });
    res.end(data);
  });
}

/** What the helpers below need of a page: Playwright's or the neutral engine one. */
interface AnyPage {
  evaluate(fn: any, arg?: any): Promise<any>;
  waitForFunction(fn: any, arg?: any, opts?: any): Promise<unknown>;
}

/** Everything in the page's DOM and every shadow root: attributes, text, and properties with URLs. */
export function domDump(page: AnyPage): Promise<string> {
  return page.evaluate(() => {
    const out: string[] = [];
    const walk = (root: Document | ShadowRoot) => {
      for (const el of root.querySelectorAll('*')) {
        for (const a of el.attributes) out.push(`${a.name}=${a.value}`);
        const media = el as HTMLMediaElement;
        if (media.currentSrc) out.push(`currentSrc=${media.currentSrc}`);
        if (el.shadowRoot) walk(el.shadowRoot);
      }
      out.push(root instanceof Document ? root.documentElement.textContent ?? '' : [...root.childNodes].map((n) => n.textContent).join(' '));
    };
    walk(document);
    return out.join('\n');
  });
}

/** Evaluates in the gallery's shadow root. */
export const inShadow = <T>(page: AnyPage, fn: string) => page.evaluate(`(() => { const root = document.querySelector('#gallery').shadowRoot; return (${fn})(root); })()`) as Promise<T>;

/** Waits until the gallery has rendered its grid (or an error state). */
export async function waitForGrid(page: AnyPage, what: 'grid' | 'error' = 'grid') {
  await page.waitForFunction((sel: string) => !!document.querySelector('#gallery')?.shadowRoot?.querySelector(sel), what === 'grid' ? '.grid li.card' : '[part=error]');
}

/** The file's shared server (with the merchant routes), Chromium, merchant state and context, set by `useGalleryEnv()` (live bindings). */
export let server: TestServer;
export let browser: Browser;
export let state: GalleryState;
export let context: BrowserContext;

/**
 * Registers the file's hooks: one server and one Chromium for all its tests. With `contextOptions`,
 * each test also starts from a fresh merchant state, no extra HTML headers, and a new browser context.
 */
export function useGalleryEnv(contextOptions?: BrowserContextOptions): void {
  beforeAll(async () => {
    server = await startServer();
    state = newState();
    installGallery(server, state);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  if (contextOptions)
    beforeEach(async () => {
      Object.assign(state, newState());
      server.htmlHeaders = {};
      await replaceContext(contextOptions);
    });
}

/** The browser of files ported to the neutral Page API (this Vitest project's engine), set by `useGalleryEngineEnv()`. */
export let engineBrowser: EngineBrowser;

/** Like `useGalleryEnv({})`, with this project's engine: one server and browser per file, fresh state per test. */
export function useGalleryEngineEnv(): void {
  beforeAll(async () => {
    server = await startServer();
    state = newState();
    installGallery(server, state);
    server.route('/__gallery/blank.html', () => ({ status: 200, headers: { 'content-type': 'text/html' }, body: '<!doctype html><title>blank</title>' }));
    engineBrowser = await launchEngine();
  });
  afterAll(async () => {
    await engineBrowser?.close();
    await server?.close();
  });
  beforeEach(() => {
    Object.assign(state, newState());
    server.htmlHeaders = {};
  });
}

/** Signs the visitor in as `customer` in the engine's default context (the merchant reads a cookie). */
export async function signIn(page: EnginePage, customer: string): Promise<void> {
  await page.goto(`${server.origin}/__gallery/blank.html`);
  await page.evaluate(`document.cookie = 'customer=${customer}; path=/'`);
}

/** Replaces this test's browser context with one made with `options` (a phone viewport, reduced motion…). */
export async function replaceContext(options: BrowserContextOptions): Promise<BrowserContext> {
  await context?.close();
  return (context = await browser.newContext(options));
}
