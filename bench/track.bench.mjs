// Main-thread cost of track() in real Chromium: Encore against @segment/analytics-next and
// @snowplow/browser-tracker, same page, same loop, same local collector.
//
// Chromium coarsens performance.now() (5 µs when cross-origin isolated), so each sample times a
// chunk of 10 calls; median and p99 are per call over 1,000 chunks = 10,000 calls. Calls run in
// tasks of 100 like a busy page would make them, and a longtask observer watches the whole burst,
// including the asynchronous work each SDK schedules after the calls (persisting, batching, sending).
import { createServer } from 'node:http';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { ensureChromium, CHROMIUM_ARGS } from '../scripts/chromium.mjs';

const here = import.meta.dirname;
const root = resolve(here, '..');
const out = resolve(here, 'results');
mkdirSync(out, { recursive: true });

if (!existsSync(resolve(here, 'node_modules/@segment/analytics-next')) || !existsSync(resolve(here, 'node_modules/@snowplow/browser-tracker'))) {
  console.log('installing peer SDKs into bench/node_modules …');
  const r = spawnSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: here, stdio: 'inherit' });
  if (r.status !== 0) process.exit(1);
}
if (!existsSync(resolve(root, 'dist/encore.iife.js'))) {
  console.error('dist/ is missing: run npm run build (npm run bench does)');
  process.exit(1);
}

// Each SDK becomes one IIFE exposing window.sdk = { setup(endpoint), track(i), flush() }.
const entries = {
  segment: `
    import { AnalyticsBrowser } from '@segment/analytics-next';
    let a;
    window.sdk = {
      async setup(endpoint) {
        const host = new URL(endpoint).host + '/v1';
        a = AnalyticsBrowser.load({ writeKey: 'bench', cdnSettings: { integrations: { 'Segment.io': { apiKey: 'bench', apiHost: host, protocol: 'http' } } } }, { integrations: { 'Segment.io': { apiHost: host, protocol: 'http' } } });
        await a.ready();
      },
      track(i) { a.track('Product Viewed', { product_id: 'SKU' + i, category: 'running', price: 12800 }); },
      async flush() {},
    };`,
  snowplow: `
    import { newTracker, trackStructEvent } from '@snowplow/browser-tracker';
    window.sdk = {
      async setup(endpoint) {
        newTracker('sp', new URL(endpoint).origin, { appId: 'bench', eventMethod: 'post', postPath: '/v1/batch', bufferSize: 20, stateStorageStrategy: 'localStorage', contexts: { webPage: true } });
      },
      track(i) { trackStructEvent({ category: 'running', action: 'Product Viewed', label: 'SKU' + i, value: 12800 }); },
      async flush() {},
    };`,
};

const bundles = { encore: readFileSync(resolve(root, 'dist/encore.iife.js'), 'utf8') + `
  ;window.sdk = {
    async setup(endpoint) { window.e = encore.createEncore({ endpoint, webVitals: false }); },
    track(i) { window.e.track('Product Viewed', { product_id: 'SKU' + i, category: 'running', price: 12800 }); },
    flush() { return window.e.flush(); },
  };` };
for (const [name, contents] of Object.entries(entries)) {
  const r = await build({ stdin: { contents, resolveDir: here, loader: 'js' }, bundle: true, minify: true, format: 'iife', write: false, platform: 'browser', logLevel: 'silent', define: { 'process.env.NODE_ENV': '"production"' } });
  bundles[name] = r.outputFiles[0].text;
}

let received = 0;
const page = `<!doctype html><meta charset="utf-8"><title>track bench</title><body><script src="/sdk.js"></script></body>`;
let current = '';
const server = createServer((req, res) => {
  const isolate = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp', 'cross-origin-resource-policy': 'same-origin' };
  if (req.method === 'POST') {
    let n = 0;
    req.on('data', (c) => (n += c.length));
    req.on('end', () => {
      received += n;
      res.writeHead(200, { 'content-type': 'application/json', 'access-control-allow-origin': '*', ...isolate });
      res.end('{}');
    });
    return;
  }
  if (req.method === 'OPTIONS') {
    res.writeHead(204, { 'access-control-allow-origin': '*', 'access-control-allow-headers': '*', 'access-control-allow-methods': 'POST', ...isolate });
    return res.end();
  }
  if (req.url === '/sdk.js') {
    res.writeHead(200, { 'content-type': 'text/javascript', ...isolate });
    return res.end(bundles[current]);
  }
  res.writeHead(200, { 'content-type': 'text/html', ...isolate });
  res.end(page);
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({ executablePath: ensureChromium(), headless: true, args: CHROMIUM_ARGS });
const results = {};
for (const name of ['encore', 'segment', 'snowplow']) {
  current = name;
  const context = await browser.newContext();
  const p = await context.newPage();
  await p.goto(`${origin}/?sdk=${name}`);
  results[name] = await p.evaluate(async (endpoint) => {
    const longTasks = [];
    new PerformanceObserver((l) => longTasks.push(...l.getEntries().map((e) => e.duration))).observe({ type: 'longtask', buffered: false });
    await window.sdk.setup(endpoint);
    // Warm up the JIT and the SDK's lazy paths.
    for (let i = 0; i < 200; i++) window.sdk.track(i);
    await new Promise((r) => setTimeout(r, 200));
    const samples = [];
    const CHUNK = 10;
    const t0 = performance.now();
    for (let task = 0; task < 100; task++) {
      for (let c = 0; c < 100 / CHUNK; c++) {
        const s = performance.now();
        for (let k = 0; k < CHUNK; k++) window.sdk.track(task * 100 + c * CHUNK + k);
        samples.push((performance.now() - s) / CHUNK);
      }
      await new Promise((r) => setTimeout(r, 0));
    }
    const burstMs = performance.now() - t0;
    await window.sdk.flush();
    await new Promise((r) => setTimeout(r, 1500));
    samples.sort((a, b) => a - b);
    const q = (x) => samples[Math.min(samples.length - 1, Math.floor(x * samples.length))];
    return { median: q(0.5) * 1000, p99: q(0.99) * 1000, mean: (samples.reduce((a, b) => a + b, 0) / samples.length) * 1000, burstMs, longTasks: longTasks.length, longestTask: Math.max(0, ...longTasks), isolated: crossOriginIsolated };
  }, `${origin}/v1/batch`);
  await context.close();
}
await browser.close();
server.close();

const f = (n) => n.toFixed(1).padStart(8);
console.log('track() main-thread cost per call, 10,000 calls in tasks of 100 (µs; real Chromium, headless)\n');
console.log('| SDK | median µs | p99 µs | mean µs | burst ms | long tasks (>50 ms) | longest ms | vs Encore (median) |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
for (const [name, r] of Object.entries(results)) {
  const ratio = r.median / results.encore.median;
  console.log(`| ${name} | ${f(r.median)} | ${f(r.p99)} | ${f(r.mean)} | ${f(r.burstMs)} | ${r.longTasks} | ${f(r.longestTask)} | ${name === 'encore' ? '1.0×' : ratio.toFixed(1) + '×'} |`);
}
if (!results.encore.isolated) console.log('\n(note: page was not cross-origin isolated; timer resolution is coarse)');
console.log(`\ncollector received ${(received / 1024).toFixed(0)} KB in total`);
