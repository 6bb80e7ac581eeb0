// Size budgets, measured the way an app pays for Encore: each public entry bundled and minified
// on its own (production), gzip -9 and brotli. `npm test` fails when a budget is exceeded or when the
// README's size table drifts from the measurement; `npm run size -- --write` rewrites that table.
import { build } from 'esbuild';
import { readFileSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const KB = 1024;

/**
 * What a user imports, and what it may cost gzipped. `budget` is the target the issues set. Where
 * the code does not meet it yet, `ceiling` is what npm test enforces meanwhile (the measured size
 * plus a little), so size can only go down; the README table shows both and says which are unmet.
 */
export const BUDGETS = [
  { name: 'snippet (dist/snippet.min.js)', file: 'dist/snippet.min.js', budget: 800 },
  {
    name: 'core: createEncore + track (npm, tree-shaken)',
    entry: `import { createEncore } from './dist/encore.js'; createEncore({ endpoint: '/v1/batch' }).track('Product Viewed');`,
    budget: 7 * KB,
    // The page-hide spill (src/queue/spill.ts, ~160 B) keeps events tracked during a closing tab's hide.
    ceiling: 8.8 * KB,
  },
  // Not a budget: what the initial bundle leaves to lazy chunks, counted too. A default config loads
  // segments (with local state) and Web Vitals; the tab that sends loads the send path.
  {
    name: 'npm, all a default config loads (core + sender, segments, state, vitals chunks, web-vitals)',
    entry: () =>
      `import { createEncore } from './dist/encore.js'; createEncore({ endpoint: '/v1/batch' }).track('Product Viewed');\n` +
      ['sender', 'segments', 'state', 'vitals'].map((c, i) => `import * as c${i} from './dist/chunks/${chunk(c)}'; globalThis.c${i} = c${i};`).join('\n'),
  },
  // Ceiling: consent: 'gtag' adds a lazy chunk (its loader call and SRI hash live in the first file);
  // the stores on idb-keyval (+30 B) and burst writes in slices of 100 (+25 B) came after it.
  { name: 'script tag, first file (dist/encore.iife.js)', file: 'dist/encore.iife.js', budget: 10 * KB, ceiling: 10.15 * KB },
  // What a product page with a tracked <video> and the default config loads from the script tag: the
  // first file, then the video engine, Web Vitals, segments with local state, and the send path.
  {
    name: 'script tag, product page with video: everything that loads (encore.iife.js + video, vitals, segments, state, sender chunks)',
    files: () => ['dist/encore.iife.js', ...['video', 'vitals', 'segments', 'state', 'sender'].map((c) => 'dist/encore-chunks/' + chunk(c, 'dist/encore-chunks'))],
    budget: 16 * KB,
    ceiling: 19.7 * KB,
  },
  // Ceiling: the one file inlines the Consent Mode v2 bridge (consent: 'gtag', ~0.6 KB gzipped),
  // which reads consent commands with the dataLayer bridge's shared reader and reports malformed
  // ones by reason (~130 B more than a silent hand-rolled parse), the page-hide spill (~160 B), and
  // the video engine's rule that a stall does not end at playback rate 0 (Shaka's buffering hold).
  { name: 'script tag, one file (dist/encore.full.iife.js)', file: 'dist/encore.full.iife.js', budget: 16.75 * KB, ceiling: 17.6 * KB },
  { name: 'encore-sdk/hls (alone, hls.js excluded)', entry: `export * from './dist/hls.js';`, budget: 2 * KB },
  { name: 'encore-sdk/videojs (alone, video.js excluded)', entry: `export * from './dist/videojs.js';`, budget: 1.5 * KB },
  { name: 'encore-sdk/shaka (alone, Shaka excluded)', entry: `export * from './dist/shaka.js';`, budget: 1 * KB },
  { name: 'encore-sdk/dashjs (alone, dash.js excluded)', entry: `export * from './dist/dashjs.js';`, budget: 1 * KB },
  { name: 'encore-sdk/gallery (alone)', entry: `export * from './dist/gallery.js';`, budget: 10 * KB },
  { name: 'encore-sdk/recommendations (alone)', entry: `export * from './dist/recommendations.js';`, budget: 10 * KB },
  { name: 'encore-sdk/cart (alone)', entry: `export * from './dist/cart.js';`, budget: 3 * KB },
  { name: 'encore-sdk/feedback (alone)', entry: `export * from './dist/feedback.js';`, budget: 4 * KB },
  // Not a budget: the survey's DOM, strings and styles load as a lazy chunk once a survey is about to show.
  {
    name: 'encore-sdk/feedback, once a survey shows (entry + view chunk)',
    entry: () => `export * from './dist/feedback.js'; import * as v from './dist/chunks/${chunk('view')}'; globalThis.v = v;`,
  },
  { name: 'encore-sdk/datalayer (alone)', entry: `export * from './dist/datalayer.js';`, budget: 1.5 * KB },
  // Not a budget: reading entries (their forms and the GA4 mapping) loads as a lazy chunk at setup.
  {
    name: 'encore-sdk/datalayer, once it reads (entry + translate chunk)',
    entry: () => `export * from './dist/datalayer.js'; import * as t from './dist/chunks/${chunk('translate')}'; globalThis.t = t;`,
  },
];

/** The file name of a lazy chunk of the npm build (names carry a content hash). */
function chunk(name, dir = 'dist/chunks') {
  const f = readdirSync(resolve(root, dir)).find((f) => f.startsWith(name + '-') && f.endsWith('.js'));
  if (!f) throw new Error(`${dir} has no ${name} chunk: run npm run build`);
  return f;
}

/** Bundles an entry like an app would (NODE_ENV=production, minified) and returns the initial chunk. */
export async function bundle(contents) {
  const out = await build({
    stdin: { contents, resolveDir: root, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    write: false,
    splitting: false,
    platform: 'browser',
    target: 'es2020',
    external: ['hls.js', 'hls.js/*'],
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
    // Dynamic imports stay lazy chunks in an app; measure only what loads up front.
    plugins: [
      {
        name: 'lazy-chunks-external',
        setup(b) {
          b.onResolve({ filter: /.*/ }, (args) =>
            args.kind === 'dynamic-import' ? { path: args.path, external: true } : undefined,
          );
        },
      },
    ],
  });
  return out.outputFiles[0].contents;
}

export async function measure() {
  const rows = [];
  for (const b of BUDGETS) {
    let bytes;
    let gzip, brotli;
    if (b.files) {
      // Separate files, each compressed on its own as the browser fetches them.
      const files = b.files().map((f) => readFileSync(resolve(root, f)));
      bytes = Buffer.concat(files);
      gzip = files.reduce((n, f) => n + gzipSync(f, { level: 9 }).length, 0);
      brotli = files.reduce((n, f) => n + brotliCompressSync(f, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length, 0);
      rows.push({ ...b, min: bytes.length, gzip, brotli });
      continue;
    }
    if (b.file) {
      const p = resolve(root, b.file);
      if (!existsSync(p)) throw new Error(`${b.file} is missing: run npm run build`);
      bytes = readFileSync(p);
    } else bytes = await bundle(typeof b.entry === 'function' ? b.entry() : b.entry);
    gzip = gzipSync(bytes, { level: 9 }).length;
    brotli = brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
    rows.push({ ...b, min: bytes.length, gzip, brotli });
  }
  return rows;
}

const fmt = (n) => (n >= KB ? `${(n / KB).toFixed(2)} KB` : `${n} B`);

export function table(rows) {
  return [
    '| What you load | Minified | Gzip | Brotli | Target (gzip) | Enforced limit |',
    '|---|---:|---:|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.name} | ${fmt(r.min)} | ${fmt(r.gzip)} | ${fmt(r.brotli)} | ${r.budget ? fmt(r.budget) + (r.gzip > r.budget ? ' (not met)' : '') : '(for reference)'} | ${r.budget ? fmt(r.ceiling ?? r.budget) : '–'} |`,
    ),
  ].join('\n');
}

const START = '<!-- size-table:start -->';
const END = '<!-- size-table:end -->';

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = await measure();
  const t = table(rows);
  console.log(t);
  let failed = 0;
  for (const r of rows) {
    const limit = r.ceiling ?? r.budget;
    if (limit && r.gzip > limit) {
      console.error(`over budget: ${r.name} is ${fmt(r.gzip)} gzipped, limit ${fmt(limit)}`);
      failed++;
    }
  }
  const readmePath = resolve(root, 'README.md');
  const readme = readFileSync(readmePath, 'utf8');
  const a = readme.indexOf(START);
  const z = readme.indexOf(END);
  if (a < 0 || z < 0) {
    console.error('README.md has no size table markers');
    failed++;
  } else if (process.argv.includes('--write')) {
    writeFileSync(readmePath, readme.slice(0, a + START.length) + '\n' + t + '\n' + readme.slice(z));
    console.log('README size table updated');
  } else {
    // The README must state what we measure: every gzip figure within 3 % (or 30 B) of the measurement.
    const claimed = readme.slice(a, z);
    for (const r of rows) {
      const line = claimed.split('\n').find((l) => l.startsWith(`| ${r.name} |`));
      const cell = line?.split('|')[3]?.trim();
      const n = cell ? (cell.endsWith('KB') ? parseFloat(cell) * KB : parseFloat(cell)) : NaN;
      if (!(Math.abs(n - r.gzip) <= Math.max(30, r.gzip * 0.03))) {
        console.error(`README size table is stale for "${r.name}": says ${cell ?? 'nothing'}, measured ${fmt(r.gzip)} (npm run size -- --write)`);
        failed++;
      }
    }
  }
  // Internal names are shortened in every built file (scripts/private-names.mjs): one left whole
  // means the map missed it (and chunks could disagree), one in a declaration file means a
  // public type exposes an internal field.
  const builtFiles = (dir) => readdirSync(resolve(root, dir), { recursive: true }).map(String).filter((f) => /\.(js|d\.ts)$/.test(f)).map((f) => `${dir}/${f}`);
  for (const file of builtFiles('dist')) {
    const left = readFileSync(resolve(root, file), 'utf8').match(/\.[a-z][A-Za-z0-9]*_\b(?![$\w])|\b[a-z][A-Za-z0-9]*_\??:/);
    if (left) {
      console.error(`internal name ${left[0]} left whole in ${file} (scripts/private-names.mjs)`);
      failed++;
    }
  }
  for (const r of rows) if (r.budget && r.gzip > r.budget) console.warn(`target not met: ${r.name} is ${fmt(r.gzip)} gzipped, target ${fmt(r.budget)} (ceiling ${fmt(r.ceiling)})`);
  if (failed) process.exit(1);
  console.log('size budgets: ok');
}
