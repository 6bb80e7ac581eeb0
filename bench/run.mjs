// `npm run bench`: builds, prints the size table, then runs every bench/*.bench.mjs in turn.
// Benchmarks print numbers; they are not pass/fail tests. `npm run bench -- qoe` runs matching ones.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';

const here = import.meta.dirname;
const root = resolve(here, '..');
const filter = process.argv.slice(2);

const step = (cmd, args, env = {}) => spawnSync(cmd, args, { stdio: 'inherit', cwd: root, env: { ...process.env, ...env } }).status === 0;

if (!step('npx', ['rollup', '-c', '--silent'], { ENCORE_QUIET: '1' })) process.exit(1);
const { measure, table } = await import('../scripts/size.mjs');
console.log('\n## Sizes (each entry bundled alone, minified, production)\n');
console.log(table(await measure()));

const benches = readdirSync(here)
  .filter((f) => f.endsWith('.bench.mjs'))
  .filter((f) => !filter.length || filter.some((x) => f.includes(x)))
  .sort();
let failed = 0;
for (const f of benches) {
  console.log(`\n## ${f}\n`);
  const t0 = Date.now();
  if (!step('node', [resolve(here, f)])) {
    console.error(`${f} failed`);
    failed++;
  }
  console.log(`(${((Date.now() - t0) / 1000).toFixed(0)} s)`);
}
process.exit(failed ? 1 : 0);
