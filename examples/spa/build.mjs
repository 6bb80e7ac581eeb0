// Bundles the SPA example like an app would: `import { createEncore } from 'encore-sdk'` resolved
// to this repository's build (run `npm run build` first). Output: examples/spa/dist/app.js.
// Usage: node examples/spa/build.mjs [--dev]
import { build } from 'esbuild';
import { resolve } from 'node:path';

const here = import.meta.dirname;
const root = resolve(here, '../..');

/** Builds the example; returns the output path. */
export async function buildSpa({ production = true } = {}) {
  const outdir = resolve(here, 'dist');
  await build({
    entryPoints: { app: resolve(here, 'src/main.js') },
    outdir,
    bundle: true,
    format: 'esm',
    // Video, vitals and the SPA plugin stay lazy chunks, as in an app.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    minify: production,
    sourcemap: true,
    target: 'es2020',
    platform: 'browser',
    // The package as an app gets it from npm: its `exports` map, here straight from dist/.
    alias: { 'encore-sdk': resolve(root, 'dist/encore.js') },
    define: { 'process.env.NODE_ENV': JSON.stringify(production ? 'production' : 'development') },
    logLevel: 'error',
  });
  return resolve(outdir, 'app.js');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const out = await buildSpa({ production: !process.argv.includes('--dev') });
  console.log(`built ${out}`);
}
