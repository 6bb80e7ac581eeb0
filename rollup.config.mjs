// Builds every dist/ file named in CONTRACT.md. Entries and their formats are data here so that
// scripts/size.mjs and the tests can read the same list.
import esbuild from 'rollup-plugin-esbuild';
import resolve from '@rollup/plugin-node-resolve';
import replace from '@rollup/plugin-replace';
import terser from '@rollup/plugin-terser';
import { dts } from 'rollup-plugin-dts';
import { readFileSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { buildSync } from 'esbuild';
import { privateMangle } from './scripts/private-names.mjs';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

/** ESM entry points, one per package subpath. */
export const esmEntries = {
  encore: 'src/index.ts',
  hls: 'src/hls/index.ts',
  videojs: 'src/videojs/index.ts',
  shaka: 'src/shaka/index.ts',
  dashjs: 'src/dashjs/index.ts',
  gallery: 'src/widgets/gallery/index.ts',
  recommendations: 'src/widgets/recommendations/index.ts',
  cart: 'src/widgets/cart/index.ts',
  feedback: 'src/widgets/feedback/index.ts',
  datalayer: 'src/datalayer/index.ts',
};

const version = () => replace({ preventAssignment: true, values: { __ENCORE_VERSION__: JSON.stringify(pkg.version) } });
const nodeEnv = (env) => replace({ preventAssignment: true, values: { 'process.env.NODE_ENV': JSON.stringify(env) } });
const ts = () => esbuild({ target: 'es2020', tsconfig: 'tsconfig.json', minify: false, sourceMap: true });
const min = (extra = {}) =>
  terser({
    ecma: 2020,
    module: extra.module ?? false,
    compress: { passes: 2, pure_getters: true, unsafe_arrows: true },
    // Internal names (`attempts_`) become short ones, the same in every file (scripts/private-names.mjs).
    // ENCORE_KEEP_NAMES=1 keeps them whole, for reading a build while debugging.
    mangle: { properties: process.env.ENCORE_KEEP_NAMES ? false : privateMangle() },
    // Keep /*#__PURE__*/ so apps' bundlers can drop what they do not use.
    format: { comments: false, preserve_annotations: true },
    ...extra.options,
  });

/** Prints the paste-ready snippet and the SRI hash once the script-tag builds are written. */
const announce = () => ({
  name: 'encore-announce',
  writeBundle(options, bundle) {
    if (process.env.ENCORE_QUIET) return;
    for (const [file, chunk] of Object.entries(bundle)) {
      if (file === 'encore.iife.js') {
        const sri = 'sha384-' + createHash('sha384').update(chunk.code).digest('base64');
        console.log(`encore.iife.js integrity: ${sri}`);
      }
      if (file === 'snippet.min.js') {
        console.log('\nPaste-ready snippet (set the URL of encore.iife.js in data-src, and your endpoint):\n');
        console.log(
          `<script data-src="https://cdn.example.com/encore.iife.js">\n${chunk.code.trim()}\nencore.init({ endpoint: "https://collector.example.com/v1/batch" });\nencore.page();\n</script>\n`,
        );
      }
    }
  },
});

/** Chunk names carry content hashes: without this every build would leave the previous build's chunks in dist/ (and in the package). */
const cleanChunks = () => ({ name: 'encore-clean-chunks', buildStart: () => rmSync('dist/chunks', { recursive: true, force: true }) });

/** The chunk loader placed before the AMD modules of encore.iife.js (terser minifies it with them). */
const chunkLoader = buildSync({ entryPoints: ['src/script-tag/banner.ts'], bundle: true, format: 'iife', target: 'es2020', write: false }).outputFiles[0].text;

/**
 * Gives encore.iife.js the SHA-256 of every chunk (SRI's sha256: as safe against a tampered chunk as
 * sha384, and 20 incompressible characters shorter per chunk in the file every page loads; the
 * first file's own integrity stays sha384). The finished file is wrapped in a function whose
 * `ENCORE_CHUNK_INTEGRITY` parameter is that map (a first line of its own, so the source map only
 * shifts by one line). Also removes the previous build's chunks, whose names carry content hashes.
 */
const embedChunkIntegrity = () => ({
  name: 'encore-chunk-integrity',
  buildStart: () => rmSync('dist/encore-chunks', { recursive: true, force: true }),
  generateBundle(options, bundle) {
    const integrity = {};
    for (const [file, chunk] of Object.entries(bundle))
      if (chunk.type === 'chunk' && !chunk.isEntry) integrity[file] = 'sha256-' + createHash('sha256').update(chunk.code).digest('base64');
    const entry = bundle['encore.iife.js'];
    entry.code = `(function (ENCORE_CHUNK_INTEGRITY) {\n${entry.code}\n})(${JSON.stringify(integrity)});\n`;
    if (entry.map) entry.map.mappings = ';' + entry.map.mappings;
  },
});

/** Left to the app's bundler in the ESM build: hls.js (optional peer), web-vitals, and zod (development-only validation). */
const external = (id) => /^(hls\.js|web-vitals|zod)(\/|$)/.test(id);

export default [
  // ESM for bundlers: process.env.NODE_ENV is left for the app's bundler to replace, so development
  // builds validate config with zod and production builds tree-shake it away.
  {
    input: esmEntries,
    external,
    plugins: [cleanChunks(), version(), resolve({ browser: true }), ts(), min({ module: true })],
    output: {
      dir: 'dist',
      format: 'es',
      entryFileNames: '[name].js',
      chunkFileNames: 'chunks/[name]-[hash].js',
      sourcemap: true,
    },
  },
  {
    input: Object.fromEntries(Object.entries(esmEntries).map(([k, v]) => [k, v])),
    external: (id) => external(id),
    plugins: [dts({ tsconfig: 'tsconfig.json', compilerOptions: { noEmit: false, declaration: true, emitDeclarationOnly: true } })],
    output: { dir: 'dist', format: 'es', entryFileNames: '[name].d.ts', chunkFileNames: 'chunks/[name]-[hash].d.ts' },
  },
  // Script tag, split: the core in encore.iife.js, optional parts in encore-chunks/ that its loader
  // (src/script-tag/loader.ts) fetches with Subresource Integrity when a page needs them.
  {
    input: { 'encore.iife': 'src/script-tag/entry.ts' },
    // Chunks import shared code from the entry instead of a third file.
    preserveEntrySignatures: 'allow-extension',
    plugins: [version(), nodeEnv('production'), resolve({ browser: true }), ts(), min({ options: { format: { comments: false } } }), embedChunkIntegrity(), announce()],
    output: {
      dir: 'dist',
      format: 'amd',
      amd: { define: 'encoreChunks.define', autoId: true },
      banner: (chunk) => (chunk.isEntry ? chunkLoader : ''),
      entryFileNames: '[name].js',
      chunkFileNames: 'encore-chunks/[name]-[hash].js',
      freeze: false,
      sourcemap: true,
    },
  },
  // Script tag, one file: everything inlined (encore.full.iife.js), and its development variant.
  ...[
    ['dist/encore.full.iife.js', 'production'],
    ['dist/encore.dev.iife.js', 'development'],
  ].map(([file, env]) => ({
    input: 'src/iife.ts',
    // Nothing bundles the script tag further: no /*#__PURE__*/ annotations to keep, and the inlined
    // lazy modules' namespace objects are internal, so they need not be frozen.
    plugins: [version(), nodeEnv(env), resolve({ browser: true }), ts(), min({ options: { format: { comments: false } } }), announce()],
    output: { file, format: 'iife', inlineDynamicImports: true, freeze: false, sourcemap: true },
  })),
  {
    input: 'src/snippet/snippet.ts',
    plugins: [version(), nodeEnv('production'), ts(), min({ options: { compress: { passes: 3, unsafe: true }, toplevel: true } }), announce()],
    output: { file: 'dist/snippet.min.js', format: 'iife', sourcemap: false },
  },
];
