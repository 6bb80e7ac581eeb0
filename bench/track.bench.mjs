// Main-thread cost of track() in real Chromium: Encore against @segment/analytics-next and
// @snowplow/browser-tracker, same page, same loop, same local collector.
//
// Chromium coarsens performance.now() (5 µs when cross-origin isolated), so each sample times a
// chunk of 10 calls; median and p99 are per call over 1,000 chunks = 10,000 calls. Calls run in
// tasks of 100 like a busy page would make them, then of 2,000 (a bulk import), and a longtask
// observer watches the whole burst, including the asynchronous work each SDK schedules after the
// calls (persisting, batching, sending); a probe measures that work's main-thread time per call.
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
        newTracker('sp', new URL(endpoint).origin, { appId: 'bench', eventMethod: 'post', postPath: '/v1/batch', bufferSize: 20, stateStorageStrategy: 'localStorage', contexts: { webPage: true }, credentials: 'omit' });
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
/** Two burst shapes, 10,000 calls each: tasks of 100 calls (a busy page) and of 2,000 (a bulk import). */
const SHAPES = [100, 2000];
const results = {};
for (const perTask of SHAPES)
  for (const name of ['encore', 'segment', 'snowplow']) {
    current = name;
    const context = await browser.newContext();
    const p = await context.newPage();
    await p.goto(`${origin}/?sdk=${name}`);
    // The renderer main thread's task time (Chrome's own TaskDuration metric) over the whole burst,
    // the calls and the work they queue (persisting, batching, sending) until 1.5 s after flush().
    const cdp = await context.newCDPSession(p);
    await cdp.send('Performance.enable');
    const taskSeconds = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration').value;
    await p.evaluate(async () => {
      await window.sdk.setup(`${location.origin}/v1/batch`);
      // Warm up the JIT and the SDK's lazy paths.
      for (let i = 0; i < 200; i++) window.sdk.track(i);
      await new Promise((r) => setTimeout(r, 500));
    });
    const before = await taskSeconds();
    // An SDK that has not finished in 2 minutes is reported as such (Snowplow 4.10's requests to
    // this local collector time out in Chromium 156, and it retries them for ever).
    const limit = new Promise((r) => setTimeout(() => r(null), 120_000));
    const run = await Promise.race([limit, p.evaluate(
      async ({ perTask }) => {
        const longTasks = [];
        new PerformanceObserver((l) => longTasks.push(...l.getEntries().map((e) => e.duration))).observe({ type: 'longtask', buffered: false });
        const samples = [];
        const CHUNK = 10;
        const CALLS = 10_000;
        const t0 = performance.now();
        for (let task = 0; task < CALLS / perTask; task++) {
          for (let c = 0; c < perTask / CHUNK; c++) {
            const s = performance.now();
            for (let k = 0; k < CHUNK; k++) window.sdk.track(task * perTask + c * CHUNK + k);
            samples.push((performance.now() - s) / CHUNK);
          }
          await new Promise((r) => setTimeout(r, 0));
        }
        const burstMs = performance.now() - t0;
        await window.sdk.flush();
        await new Promise((r) => setTimeout(r, 1500));
        samples.sort((a, b) => a - b);
        const q = (x) => samples[Math.min(samples.length - 1, Math.floor(x * samples.length))];
        return {
          median: q(0.5) * 1000,
          p99: q(0.99) * 1000,
          burstMs,
          longTasks: longTasks.length,
          longestTask: Math.max(0, ...longTasks),
          isolated: crossOriginIsolated,
        };
      },
      { perTask },
    )]);
    if (!run) {
      console.error(`${name} did not finish 10,000 calls in tasks of ${perTask} within 2 minutes`);
      await context.close();
      continue;
    }
    // Per call: the call itself and the work it queued.
    const queuedUs = (((await taskSeconds()) - before) * 1e6) / 10_000;
    results[`${name}@${perTask}`] = { ...run, withQueued: queuedUs };
    await context.close();
  }
await browser.close();
server.close();

const f = (n) => n.toFixed(1).padStart(8);
for (const perTask of SHAPES) {
  console.log(`\ntrack() main-thread cost per call, 10,000 calls in tasks of ${perTask.toLocaleString('en')} (µs; real Chromium, headless)\n`);
  console.log('| SDK | median µs | p99 µs | µs with the work it queues | burst ms | long tasks (>50 ms) | longest ms | vs Encore (median) | vs Encore (with queued work) |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  const base = results[`encore@${perTask}`];
  for (const name of ['encore', 'segment', 'snowplow']) {
    const r = results[`${name}@${perTask}`];
    if (!r) {
      console.log(`| ${name} | did not finish | | | | | | | |`);
      continue;
    }
    const ratio = (a, b) => (name === 'encore' ? '1.0×' : (a / b).toFixed(1) + '×');
    console.log(`| ${name} | ${f(r.median)} | ${f(r.p99)} | ${f(r.withQueued)} | ${f(r.burstMs)} | ${r.longTasks} | ${f(r.longestTask)} | ${ratio(r.median, base.median)} | ${ratio(r.withQueued, base.withQueued)} |`);
  }
}
if (!results['encore@100'].isolated) console.log('\n(note: page was not cross-origin isolated; timer resolution is coarse)');
console.log(`\ncollector received ${(received / 1024).toFixed(0)} KB in total`);
