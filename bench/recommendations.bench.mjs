// Recommendations: the cost of ranking a catalog in the browser, and of a full render (fetch-free,
// catalog object) in real Chromium, by catalog size. Prints a table; results/recommendations.json.
import { createServer } from 'node:http';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { resolve, extname, join } from 'node:path';
import { tmpdir } from 'node:os';
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { ensureChromium, CHROMIUM_ARGS } from '../scripts/chromium.mjs';

const here = import.meta.dirname;
const root = resolve(here, '..');
mkdirSync(resolve(here, 'results'), { recursive: true });
const DAY = 86_400_000;

/** A synthetic catalog: n products over n/20 categories, accessories, complements, refills. */
function catalog(n) {
  const cats = Math.max(5, Math.floor(n / 20));
  const products = [];
  for (let i = 0; i < n; i++) {
    products.push({
      id: `p${i}`, sku: `SKU-${i}`, name: `Product ${i}`, category: `c${i % cats}`, price: 1000 + i, currency: 'JPY',
      url: `/p/${i}`, image: `/img/${i}.jpg`, popularity: (i * 7919) % 1000,
      accessories: [`p${(i + 1) % n}`, `p${(i + 2) % n}`], complements: [`c${(i + 1) % cats}`],
      howTo: i % 10 === 0 ? [{ id: `v${i}`, src: `/v/${i}.mp4`, title: `How to ${i}` }] : undefined,
      replenishDays: i % 5 === 0 ? 90 : undefined,
    });
  }
  return { products };
}

// Node: the pure ranking, bundled from source.
const out = await build({ entryPoints: [resolve(root, 'src/widgets/recommendations/index.ts')], bundle: true, format: 'esm', write: false, platform: 'neutral', logLevel: 'silent' });
const tmp = join(tmpdir(), `encore-recs-bench-${process.pid}.mjs`);
writeFileSync(tmp, out.outputFiles[0].text);
const { rank } = await import(tmp);

const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const now = Date.now();
const rows = [];
for (const n of [100, 1000, 10000]) {
  const products = catalog(n).products.map((p) => ({ ...p, url: `https://shop.example${p.url}` }));
  const purchases = Array.from({ length: 50 }, (_, i) => ({ product_id: `p${i * 3}`, at: now - (i + 1) * 5 * DAY }));
  const interests = { c1: 3, c2: 1.5, c3: 0.5 };
  const times = [];
  for (let r = 0; r < 30; r++) {
    const t0 = performance.now();
    rank({ products, anchors: ['p0', 'p1', 'p2'], personal: true, purchases, interests, now });
    times.push(performance.now() - t0);
  }
  rows.push({ what: `rank() in Node, ${n} products, 3 anchors, 50 purchases`, median_ms: +median(times).toFixed(3) });
}

// Chromium: renderRecommendations with a catalog object, until `ready`.
if (!existsSync(resolve(root, 'dist/recommendations.js'))) {
  console.error('dist/ is missing: run npm run build');
  process.exit(1);
}
const server = createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  if (url.pathname === '/') {
    res.writeHead(200, { 'content-type': 'text/html' });
    return res.end('<!doctype html><html lang="en"><body><div id="r"></div><script type="module">import * as m from "/dist/recommendations.js"; window.m = m; window.ok = true;</script></body></html>');
  }
  try {
    const body = readFileSync(resolve(root, '.' + url.pathname));
    res.writeHead(200, { 'content-type': extname(url.pathname) === '.js' ? 'text/javascript' : 'application/octet-stream' });
    res.end(body);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({ executablePath: ensureChromium({ log: () => {} }), headless: true, args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage();
  await page.goto(origin + '/');
  await page.waitForFunction(() => window.ok);
  for (const n of [100, 1000, 10000]) {
    const ms = await page.evaluate(async ([cat, runs]) => {
      const times = [];
      for (let i = 0; i < runs; i++) {
        const el = document.createElement('div');
        document.body.append(el);
        const t0 = performance.now();
        const h = window.m.renderRecommendations(el, { catalog: cat, order: [{ product_id: 'p0' }, { product_id: 'p1' }], limit: 6 });
        await h.ready;
        times.push(performance.now() - t0);
        h.destroy();
        el.remove();
      }
      return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
    }, [catalog(n), 15]);
    rows.push({ what: `renderRecommendations() in Chromium, ${n}-product catalog object (validate + rank + DOM)`, median_ms: +ms.toFixed(2) });
  }
} finally {
  await browser.close();
  server.close();
}

const bundle = await build({ stdin: { contents: "export * from './dist/recommendations.js';", resolveDir: root }, bundle: true, minify: true, format: 'esm', write: false, logLevel: 'silent', define: { 'process.env.NODE_ENV': '"production"' } });
const bytes = bundle.outputFiles[0].contents;
rows.push({ what: 'encore-sdk/recommendations alone, minified / gzip (bytes)', median_ms: `${bytes.length} / ${gzipSync(bytes, { level: 9 }).length}` });

console.log('| Recommendations | median |');
console.log('|---|---:|');
for (const r of rows) console.log(`| ${r.what} | ${r.median_ms}${typeof r.median_ms === 'number' ? ' ms' : ''} |`);
writeFileSync(resolve(here, 'results/recommendations.json'), JSON.stringify(rows, null, 2));
