// `npm start`: builds the SDK, bundles the reference collector (TypeScript, via esbuild: Node 20
// cannot run .ts) and starts it. Prints one line with the storefront and dashboard URLs.
// Env: PORT (8080), ENCORE_DB (.encore/encore.duckdb), WRITE_KEYS, CORS_ORIGINS, FORWARD_URL,
// FORWARD_WRITE_KEY, MEDIA_SECRET, ENCORE_DORMANT_DAYS; --seed-history or ENCORE_SEED_HISTORY=1 (ENCORE_SEED_END)
// stores a synthetic history for the Retention section; ENCORE_SKIP_BUILD=1 skips the SDK build (tests use it),
// ENCORE_FORCE_BUILD=1 builds even when dist/ is up to date.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { bundleForNode } from './bundle-node.mjs';

const root = resolve(import.meta.dirname, '..');

/** True when every dist file exists and is newer than every source and build input. */
function distIsFresh() {
  const newest = (path) => {
    const st = statSync(path);
    if (!st.isDirectory()) return st.mtimeMs;
    return readdirSync(path).reduce((m, name) => Math.max(m, newest(join(path, name))), st.mtimeMs);
  };
  try {
    const inputs = Math.max(...['src', 'rollup.config.mjs', 'package.json', 'tsconfig.json'].map((p) => newest(join(root, p))));
    const outputs = ['encore.js', 'encore.iife.js', 'encore.dev.iife.js', 'snippet.min.js', 'hls.js', 'gallery.js', 'recommendations.js', 'cart.js', 'feedback.js'];
    return outputs.every((f) => statSync(join(root, 'dist', f)).mtimeMs > inputs);
  } catch {
    return false;
  }
}

// The SDK build is skipped when dist/ is already newer than its sources (e.g. right after `npm
// test` built it: rebuilding would rewrite files other test processes are reading).
const skip = process.env.ENCORE_SKIP_BUILD === '1' || (process.env.ENCORE_FORCE_BUILD !== '1' && distIsFresh());
if (!skip) {
  const rollup = join(root, 'node_modules/.bin/rollup');
  const r = spawnSync(rollup, ['-c', '--silent'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, ENCORE_QUIET: '1' } });
  if (r.status !== 0) {
    console.error('npm start: the SDK build failed (see above).');
    process.exit(1);
  }
}

const { main } = await import(await bundleForNode('collector', `export { main } from './collector/main';`));
await main(root).catch((error) => {
  console.error(`npm start: ${error?.message ?? error}`);
  process.exit(1);
});
