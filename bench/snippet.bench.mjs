// What the snippet costs a page, in real Chromium:
// - size of dist/snippet.min.js (min, gzip, brotli);
// - main-thread cost of one stub call before the library has loaded (median / p99 per call);
// - time to evaluate encore.iife.js with 0, 100 and 1,000 buffered calls (replay cost), and that
//   every buffered call reaches the collector with its call-time timestamp.
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { chromium } from 'playwright-core';
import { ensureChromium, CHROMIUM_ARGS } from '../scripts/chromium.mjs';

const root = resolve(import.meta.dirname, '..');
const snippet = readFileSync(resolve(root, 'dist/snippet.min.js'));
const iife = readFileSync(resolve(root, 'dist/encore.iife.js'), 'utf8');

const events = [];
const server = createServer(async (req, res) => {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  if (req.url.startsWith('/v1/batch')) {
    try {
      events.push(...JSON.parse(Buffer.concat(chunks).toString()).batch);
    } catch {}
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  } else if (req.url === '/snippet.min.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(snippet);
  else if (req.url === '/encore.iife.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(iife);
  else if (req.url === '/never.js') {
    /* the library that never arrives: the page stays on the stub */
  } else res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>bench</title><script src="/snippet.min.js" data-src="/never.js"></script>');
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({ executablePath: ensureChromium({ log: () => {} }), headless: true, args: CHROMIUM_ARGS });
const rows = [];
const fmt = (n) => (n < 1 ? `${(n * 1000).toFixed(0)} ns` : `${n.toFixed(2)} µs`);

// Stub call cost: 200 chunks of 100 calls (performance.now() is coarse, 100 µs without isolation).
{
  const page = await browser.newPage();
  await page.goto(`${origin}/`, { waitUntil: 'domcontentloaded' });
  const per = await page.evaluate(() => {
    const e = window.encore;
    e.init({ endpoint: '/v1/batch' });
    const samples = [];
    for (let c = 0; c < 200; c++) {
      const t0 = performance.now();
      for (let i = 0; i < 100; i++) e.track('Product Viewed', { product_id: 'SKU' + i, category: 'running', price: 128 });
      samples.push(((performance.now() - t0) * 1000) / 100);
    }
    samples.sort((a, b) => a - b);
    return { median: samples[100], p99: samples[198] };
  });
  rows.push(['stub track() before load, per call (chunks of 100)', `median ${fmt(per.median)}, p99 ${fmt(per.p99)}`]);
  await page.close();
}

// Replay: evaluate the library with N buffered calls.
for (const [label, n] of [['cold', 0], ['warm', 0], ['warm', 100], ['warm', 1000]]) {
  const page = await browser.newPage();
  await page.goto(`${origin}/`, { waitUntil: 'domcontentloaded' });
  const before = events.length;
  const r = await page.evaluate(
    async ({ n, code }) => {
      const e = window.encore;
      e.init({ endpoint: '/v1/batch', webVitals: false, batchSize: 500, flushIntervalMs: 50 });
      for (let i = 0; i < n; i++) e.track('Buffered', { i });
      const t0 = performance.now();
      (0, eval)(code); // what the async <script> would run: takes over the stub and replays
      const ms = performance.now() - t0;
      await window.encore.flush();
      return { ms };
    },
    { n, code: iife },
  );
  const deadline = Date.now() + 10_000;
  while (events.length - before < n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const got = events.slice(before).filter((e) => e.event === 'Buffered');
  rows.push([`evaluate encore.iife.js with ${n} buffered calls (${label})`, `${r.ms.toFixed(1)} ms (${got.length}/${n} delivered)`]);
  await page.close();
}

await browser.close();
server.close();

rows.unshift([
  'dist/snippet.min.js',
  `${snippet.length} B min, ${gzipSync(snippet, { level: 9 }).length} B gzip, ${brotliCompressSync(snippet, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length} B brotli`,
]);
console.log('| Measure | Result |\n|---|---|');
for (const [a, b] of rows) console.log(`| ${a} | ${b} |`);
