// Bundles the collector's TypeScript for Node 20, which cannot run .ts: one ESM file under
// .encore/build/ (inside the repository, so the external packages such as @duckdb/node-api resolve
// from node_modules). Written under a per-process name and renamed, so concurrent runs never read a
// half-written file. Used by `npm start` and by benchmarks that call collector modules directly.
import { mkdirSync, renameSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = resolve(import.meta.dirname, '..');

/**
 * @param {string} name output file name without extension
 * @param {string} source TypeScript module text, resolved from the repository root
 * @returns {Promise<string>} the file URL to `import()`
 */
export async function bundleForNode(name, source) {
  const outDir = join(root, '.encore/build');
  mkdirSync(outDir, { recursive: true });
  const tmp = join(outDir, `${name}.${process.pid}.mjs`);
  const out = join(outDir, `${name}.mjs`);
  await build({
    stdin: { contents: source, resolveDir: root, loader: 'ts', sourcefile: `${name}.ts` },
    outfile: tmp,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'error',
  });
  renameSync(tmp, out);
  return pathToFileURL(out).href;
}
