// The split script tag in real Chromium: encore.iife.js loads its optional parts (video, vitals,
// segments, sender) from encore-chunks/ beside its own URL, each checked by Subresource Integrity;
// a chunk that fails its check is reported while events still reach the collector; it works under a
// nonce-only CSP; and the one-file build needs no chunks at all.
import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openPage } from '../../support/browser';
import { DIST, serveLibrary } from './helpers';
import { browser, server, useBrowserEnv } from '../../support/env';

const NONCE = 'ch0nk-n0nce';

useBrowserEnv((server) => {
  serveLibrary(server);
  // The library "on a CDN path": /cdn/encore/1.0/ serves dist/, with /tampered/ serving the same files
  // except the video chunk, one byte changed after the build (its integrity no longer matches).
  for (const prefix of ['/cdn/encore/1.0/', '/tampered/'])
    server.route(prefix, async (req) => {
      const file = req.path.slice(prefix.length).replace(/[^\w./-]/g, '').replace(/\.\.+/g, '.');
      let body = await readFile(join(DIST, file), 'utf8');
      if (prefix === '/tampered/' && file.startsWith('encore-chunks/video-')) body = body.replace('Video', 'Vidéo');
      return { status: 200, headers: { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' }, body };
    });
});

/** Serves an HTML page at `path`, with a CSP header when given. */
function page(path: string, body: string, csp?: string) {
  server.route(path, () => ({
    status: 200,
    headers: { 'content-type': 'text/html; charset=utf-8', ...(csp ? { 'content-security-policy': csp } : {}) },
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${path}</title></head><body>${body}</body></html>`,
  }));
}

/** The Encore chunk scripts the page added, with the attributes they were loaded with. */
const chunkScripts = () =>
  [...document.querySelectorAll<HTMLScriptElement>('script[src*="/encore-chunks/"]')].map((s) => ({
    path: new URL(s.src).pathname,
    integrity: s.integrity,
    crossOrigin: s.crossOrigin,
  }));

/** The page's script to attach a video and track once the library is there (it is loaded before). */
const APP = `<video id="v" muted></video>
<script nonce="${NONCE}">
  window.__errors = [];
  encore.on('error', (e) => window.__errors.push(String(e.message)));
  encore.attachVideo('#v', { videoId: 'chunk-1', category: 'running' });
  encore.track('Chunked', { ok: true });
  encore.flush();
</script>`;

describe('script tag with lazy chunks', () => {
  it('loads video, vitals, segments and sender from beside its own URL, each with integrity and crossorigin', async () => {
    page('/chunks/cdn.html', `<script src="/cdn/encore/1.0/encore.iife.js" data-endpoint="/v1/batch"></script>${APP}`);
    const ctx = await browser.newContext();
    const { page: p, log } = await openPage(ctx, `${server.origin}/chunks/cdn.html`);
    const [ev] = await server.waitForEvents(1, (e) => e.event === 'Chunked');
    expect(ev.properties).toEqual({ ok: true });
    await p.waitForFunction(() => ['video', 'vitals', 'segments', 'sender'].every((c) => document.querySelector(`script[src*="/encore-chunks/${c}-"]`)));
    const scripts = await p.evaluate(chunkScripts);
    for (const s of scripts) {
      expect(s.path).toMatch(/^\/cdn\/encore\/1\.0\/encore-chunks\/\w+-[\w-]+\.js$/);
      expect(s.integrity).toMatch(/^sha256-[A-Za-z0-9+/]{43}=$/);
      expect(s.crossOrigin).toBe('anonymous');
    }
    // Each hash is the real one of the file served: a mismatch would have blocked it.
    const { createHash } = await import('node:crypto');
    for (const s of scripts) {
      const file = await readFile(join(DIST, s.path.replace('/cdn/encore/1.0/', '')));
      expect(s.integrity).toBe('sha256-' + createHash('sha256').update(file).digest('base64'));
    }
    expect(await p.evaluate(() => (window as any).__errors)).toEqual([]);
    expect(log.errors).toEqual([]);
    await ctx.close();
  });

  it('a chunk that fails its integrity check is reported through on("error"), and events still arrive', async () => {
    page('/chunks/tampered.html', `<script src="/tampered/encore.iife.js" data-endpoint="/v1/batch"></script>${APP}`);
    const ctx = await browser.newContext();
    const { page: p, log } = await openPage(ctx, `${server.origin}/chunks/tampered.html`);
    await p.waitForFunction(() => (window as any).__errors.length > 0);
    const errors: string[] = await p.evaluate(() => (window as any).__errors);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^video: Encore could not load .*\/tampered\/encore-chunks\/video-[\w-]+\.js \(network error, integrity mismatch/);
    // The rest still works: the event tracked with it, and one tracked afterwards, are delivered.
    await server.waitForEvents(1, (e) => e.event === 'Chunked');
    await p.evaluate(() => ((window as any).encore.track('After Failure'), (window as any).encore.flush()));
    await server.waitForEvents(1, (e) => e.event === 'After Failure');
    expect(log.errors).toEqual([]);
    await ctx.close();
  });

  it("works under a nonce-only CSP (no 'unsafe-inline', no 'unsafe-eval', no 'strict-dynamic'): chunks carry the nonce", async () => {
    page(
      '/chunks/csp.html',
      `<script nonce="${NONCE}">window.__violations = []; addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));</script>
<script nonce="${NONCE}" src="/lib/encore.iife.js" data-endpoint="/v1/batch"></script>${APP}`,
      `default-src 'none'; script-src 'nonce-${NONCE}'; connect-src 'self'; media-src 'self'; base-uri 'none'; object-src 'none'`,
    );
    const ctx = await browser.newContext();
    const { page: p, log } = await openPage(ctx, `${server.origin}/chunks/csp.html`);
    await server.waitForEvents(1, (e) => e.event === 'Chunked');
    await p.waitForFunction(() => ['video', 'vitals', 'segments', 'sender'].every((c) => document.querySelector(`script[src*="/encore-chunks/${c}-"]`)));
    // Chunks get the nonce of the script that loaded Encore: without it this policy would block them.
    expect(await p.evaluate(() => (window as any).__violations)).toEqual([]);
    expect(await p.evaluate(() => (window as any).__errors)).toEqual([]);
    expect(log.console.filter((l) => /Content Security Policy|Refused to/i.test(l))).toEqual([]);
    expect(log.errors).toEqual([]);
    await ctx.close();
  });

  it('the snippet loads the split library from data-src, and its chunks come from beside that URL', async () => {
    const snippet = (await readFile(join(DIST, 'snippet.min.js'), 'utf8')).trim();
    page(
      '/chunks/snippet.html',
      `<script data-src="/cdn/encore/1.0/encore.iife.js">${snippet}
encore.init({ endpoint: "/v1/batch", flushIntervalMs: 100 });
window.__errors = []; encore.on('error', (e) => window.__errors.push(String(e.message)));
encore.track("Via Snippet");</script>`,
    );
    const ctx = await browser.newContext();
    const { page: p, log } = await openPage(ctx, `${server.origin}/chunks/snippet.html`);
    await server.waitForEvents(1, (e) => e.event === 'Via Snippet');
    await p.waitForFunction(() => ['vitals', 'segments', 'sender'].every((c) => document.querySelector(`script[src*="/cdn/encore/1.0/encore-chunks/${c}-"]`)));
    expect(await p.evaluate(() => (window as any).__errors)).toEqual([]);
    expect(log.errors).toEqual([]);
    await ctx.close();
  });

  it('encore.full.iife.js is one file: everything works with no chunk requested', async () => {
    page('/chunks/full.html', `<script src="/lib/encore.full.iife.js" data-endpoint="/v1/batch"></script>${APP}`);
    const ctx = await browser.newContext();
    const { page: p, log } = await openPage(ctx, `${server.origin}/chunks/full.html`);
    await server.waitForEvents(1, (e) => e.event === 'Chunked');
    expect(await p.evaluate(() => performance.getEntriesByType('resource').map((r) => r.name).filter((n) => n.includes('encore'))))
      .toEqual([`${server.origin}/lib/encore.full.iife.js`]);
    expect(await p.evaluate(() => typeof (window as any).encore.createEncore)).toBe('function');
    expect(await p.evaluate(() => (window as any).__errors)).toEqual([]);
    expect(log.errors).toEqual([]);
    await ctx.close();
  });
});
