// Gallery benchmark: bundle size of encore-sdk/gallery alone, and in real Chromium the time from
// renderGallery() to a rendered grid (manifest fetch + validation + DOM), the DOM size, and the
// JS heap, for manifests of 12, 100 and 500 items. Standalone: node bench/gallery.bench.mjs
import { build } from 'esbuild';
import { createServer } from 'node:http';
import { gzipSync } from 'node:zlib';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { ensureChromium, CHROMIUM_ARGS } from '../scripts/chromium.mjs';

const root = resolve(import.meta.dirname, '..');
const RUNS = 5;

// Built as an app would: ESM with code splitting, so the lazily imported player is its own chunk.
const built = await build({
  entryPoints: { gallery: resolve(root, 'src/widgets/gallery/index.ts') },
  bundle: true,
  minify: true,
  format: 'esm',
  splitting: true,
  outdir: '/virtual',
  write: false,
  platform: 'browser',
  target: 'es2020',
  external: ['hls.js'],
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'silent',
  metafile: true,
});
const files = new Map(built.outputFiles.map((f) => [f.path.replace('/virtual/', '/'), f.contents]));
const bundle = files.get('/gallery.js');
// Up front: the entry and what it imports statically; the rest loads on first play.
const base = (path) => '/' + path.split('/').pop();
const entryMeta = Object.entries(built.metafile.outputs).find(([k]) => base(k) === '/gallery.js')[1];
const staticImports = entryMeta.imports.filter((i) => i.kind === 'import-statement').map((i) => base(i.path));
const upFront = ['/gallery.js', ...staticImports];
const lazy = [...files].filter(([name]) => !upFront.includes(name) && name.endsWith('.js'));

const poster = (i) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="320" height="180"><rect width="320" height="180" fill="hsl(${(i * 37) % 360},40%,35%)"/></svg>`;

function manifest(n) {
  const items = [];
  for (let i = 0; i < n; i++) {
    const locked = i % 3 !== 0;
    const base = { id: `item-${i}`, title: `Film ${i}: behind the scenes`, description: 'A look inside the lab.', category: 'running', productIds: ['SKU1'], poster: `/poster/${i}.svg`, durationSec: 95, publishedAt: new Date(Date.now() - i * 864e5).toISOString() };
    items.push(
      locked
        ? { ...base, locked: true, lock: { reason: ['tier', 'purchase', 'release'][i % 3], tier: 'gold', productId: 'SKU9', availableAt: new Date(Date.now() + 9e8).toISOString(), cta: { label: 'Join', url: '/join' } } }
        : { ...base, locked: false, playback: { src: `/media/${i}.m3u8?token=x`, type: 'application/vnd.apple.mpegurl', expiresAt: new Date(Date.now() + 6e5).toISOString() } },
    );
  }
  return JSON.stringify({ id: 'bench', title: 'Bench gallery', items });
}

const PAGE = `<!doctype html><html lang="en"><body><div id="g"></div><script type="module">
import { renderGallery } from '/gallery.js';
window.run = async (n) => {
  const host = document.getElementById('g');
  const t0 = performance.now();
  const c = renderGallery(host, { src: '/manifest/' + n, storage: null });
  await c.refresh();
  const t1 = performance.now();
  await new Promise((r) => requestAnimationFrame(() => setTimeout(r)));
  const t2 = performance.now();
  const nodes = host.shadowRoot.querySelectorAll('*').length;
  c.destroy();
  return { load: t1 - t0, paint: t2 - t0, nodes };
};
</script></body></html>`;

const server = createServer((req, res) => {
  const url = req.url ?? '/';
  if (url === '/') return res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
  if (files.has(url)) return res.writeHead(200, { 'content-type': 'text/javascript' }).end(files.get(url));
  let m;
  if ((m = /^\/manifest\/(\d+)/.exec(url))) return res.writeHead(200, { 'content-type': 'application/json' }).end(manifest(Number(m[1])));
  if ((m = /^\/poster\/(\d+)/.exec(url))) return res.writeHead(200, { 'content-type': 'image/svg+xml' }).end(poster(Number(m[1])));
  res.writeHead(404).end();
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({ executablePath: ensureChromium({ log: () => {} }), headless: true, args: CHROMIUM_ARGS });
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
await page.goto(origin);
await page.waitForFunction(() => typeof window.run === 'function');

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows = [];
for (const n of [12, 100, 500]) {
  const runs = [];
  for (let i = 0; i < RUNS + 1; i++) runs.push(await page.evaluate((k) => window.run(k), n));
  runs.shift(); // warm-up
  rows.push({ items: n, load: median(runs.map((r) => r.load)), paint: median(runs.map((r) => r.paint)), nodes: runs[0].nodes });
}
const heap = await page.evaluate(() => performance.memory?.usedJSHeapSize ?? 0);
await browser.close();
server.close();

const gz = (b) => gzipSync(b, { level: 9 }).length;
const front = Buffer.concat(upFront.map((n) => files.get(n)));
console.log(`encore-sdk/gallery up front (${upFront.length} files): ${front.length} B minified, ${gz(front)} B gzip`);
for (const [name, b] of lazy) console.log(`  lazy chunk ${name}: ${b.length} B minified, ${gz(b)} B gzip (loaded on first play)`);
console.log('');
console.log('| items | fetch+validate+render (ms, median of 5) | to next frame (ms) | shadow DOM nodes |');
console.log('|---:|---:|---:|---:|');
for (const r of rows) console.log(`| ${r.items} | ${r.load.toFixed(1)} | ${r.paint.toFixed(1)} | ${r.nodes} |`);
console.log('');
console.log(`JS heap after runs: ${(heap / 1048576).toFixed(1)} MB`);
