// `npm start`: builds the SDK, bundles the reference collector (TypeScript, via esbuild: Node 20
// cannot run .ts) and starts it. Prints one line with the storefront and dashboard URLs.
// Env: PORT (8080), ENCORE_DB (.encore/encore.duckdb), WRITE_KEYS, CORS_ORIGINS, FORWARD_URL,
// FORWARD_WRITE_KEY, MEDIA_SECRET; ENCORE_SKIP_BUILD=1 skips the SDK build (tests use it).
import { spawnSync } from 'node:child_process';
import { mkdirSync, renameSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = resolve(import.meta.dirname, '..');

if (process.env.ENCORE_SKIP_BUILD !== '1') {
  const rollup = join(root, 'node_modules/.bin/rollup');
  const r = spawnSync(rollup, ['-c', '--silent'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, ENCORE_QUIET: '1' } });
  if (r.status !== 0) {
    console.error('npm start: the SDK build failed (see above).');
    process.exit(1);
  }
}

// Written under a per-process name and renamed, so concurrent starts never read a half-written file.
const outDir = join(root, '.encore/build');
mkdirSync(outDir, { recursive: true });
const tmp = join(outDir, `collector.${process.pid}.mjs`);
const out = join(outDir, 'collector.mjs');
await build({
  entryPoints: [join(root, 'collector/main.ts')],
  outfile: tmp,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  logLevel: 'error',
});
renameSync(tmp, out);

const { main } = await import(pathToFileURL(out).href);
await main(root).catch((error) => {
  console.error(`npm start: ${error?.message ?? error}`);
  process.exit(1);
});
