// Encore on pages with a strict Content-Security-Policy, in every engine: no eval, no inline
// styles, scripts only by nonce, hash or 'self'. Events must arrive with no violation reported
// (a `securitypolicyviolation` watcher that runs first on each page records them).
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openEnginePage, type Page } from '../../support/engines';
import { DIST, serveLibrary } from './helpers';
import { engineBrowser, server, useEngineEnv } from '../../support/env';

const PAGES = '/test/browser/snippet/pages';
const BASE = "default-src 'none'; style-src 'self'; img-src 'self'; media-src 'self' blob:; connect-src 'self'; base-uri 'none'; object-src 'none'; form-action 'self'";

useEngineEnv((server) => serveLibrary(server));

const sha = (alg: 'sha256' | 'sha384', text: string | Buffer) => `${alg}-${createHash(alg).update(text).digest('base64')}`;

/** Serves an HTML page with its own CSP header at `path`. */
function htmlRoute(path: string, csp: string, html: string) {
  server.route(path, () => ({ status: 200, headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': csp }, body: html }));
}

const violations = (page: Page): Promise<string[]> => page.evaluate(() => (window as any).__violations ?? ['watcher did not run']);
/** The watcher as an inline script, for pages whose policy allows scripts by hash only. */
const WATCH_INLINE = readFileSync(join(import.meta.dirname, 'pages/csp-watch.js'), 'utf8');

describe('strict CSP', () => {
  it('snippet and library by nonce: events arrive, no violations', async () => {
    server.htmlHeaders = { 'content-security-policy': `${BASE}; script-src 'nonce-r4nd0m-n0nce'` };
    const ctx = await engineBrowser.newContext();
    const { page, log } = await openEnginePage(ctx, `${server.origin}${PAGES}/csp-nonce.html`);
    const [ev] = await server.waitForEvents(1, (e) => e.event === 'Csp Nonce');
    expect(ev.properties).toEqual({ ok: true });
    await server.waitForEvents(1, (e) => e.type === 'page' && e.context.page.title === 'Strict CSP (nonce)');
    await page.evaluate(() => (window as any).encore.flush());
    expect(await violations(page)).toEqual([]);
    expect(log.errors).toEqual([]);
    server.htmlHeaders = {};
    await ctx.close();
  });

  it('the pasted inline snippet allowed by its hash with strict-dynamic', async () => {
    const snippet = readFileSync(join(DIST, 'snippet.min.js'), 'utf8').trim();
    const inline = `${snippet}\nencore.init({ endpoint: "/v1/batch", flushIntervalMs: 100 });\nencore.track("Csp Hash");`;
    htmlRoute(
      '/csp/hash.html',
      `${BASE}; script-src '${sha('sha256', WATCH_INLINE)}' '${sha('sha256', inline)}' 'strict-dynamic'`,
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Strict CSP (hash)</title>
<script>${WATCH_INLINE}</script>
<script data-src="/lib/encore.iife.js">${inline}</script></head><body><h1>hash</h1></body></html>`,
    );
    const ctx = await engineBrowser.newContext();
    const { page, log } = await openEnginePage(ctx, `${server.origin}/csp/hash.html`);
    await server.waitForEvents(1, (e) => e.event === 'Csp Hash');
    expect(await violations(page)).toEqual([]);
    expect(log.errors).toEqual([]);
    await page.close();
    await ctx.close();
  });

  it("no-code start with SRI under script-src 'self': data-* config, auto page, no violations", async () => {
    const integrity = sha('sha384', readFileSync(join(DIST, 'encore.iife.js')));
    htmlRoute(
      '/csp/nocode.html',
      `${BASE}; script-src 'self'`,
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>No-code start</title>
<script src="${PAGES}/csp-watch.js"></script>
<script src="/lib/encore.iife.js" integrity="${integrity}" crossorigin="anonymous"
  data-endpoint="/v1/batch" data-write-key="nocode-shop" data-auto-page></script></head><body><h1>no code</h1></body></html>`,
    );
    const ctx = await engineBrowser.newContext();
    const { page, log } = await openEnginePage(ctx, `${server.origin}/csp/nocode.html`);
    await page.evaluate(() => (window as any).encore.flush());
    const [pv] = await server.waitForEvents(1, (e) => e.type === 'page' && e.context.page.path === '/csp/nocode.html');
    const req = server.received.find((r) => r.body?.batch?.some((e: any) => e.messageId === pv.messageId));
    expect(req?.body.writeKey).toBe('nocode-shop');
    expect(await violations(page)).toEqual([]);
    expect(log.errors).toEqual([]);
    await ctx.close();
  });
});
