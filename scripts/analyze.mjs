// Which source files make up a bundle: node scripts/analyze.mjs "import { createEncore } from './dist/encore.js'; ..."
import { build } from 'esbuild';
const r = await build({ stdin: { contents: process.argv[2], resolveDir: '/work/main', loader: 'js' }, bundle: true, minify: true, format: 'esm', write: false, metafile: true, platform: 'browser', external: ['hls.js'], define: { 'process.env.NODE_ENV': '"production"' }, logLevel: 'silent', plugins: [{ name: 'lazy', setup(b) { b.onResolve({ filter: /.*/ }, (a) => (a.kind === 'dynamic-import' ? { path: a.path, external: true } : undefined)); } }] });
const out = Object.values(r.metafile.outputs)[0];
const rows = Object.entries(out.inputs).sort((a, b) => b[1].bytesInOutput - a[1].bytesInOutput).slice(0, 25);
for (const [k, v] of rows) console.log(String(v.bytesInOutput).padStart(7), k);
