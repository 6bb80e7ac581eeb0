// `npm test`: typecheck, build, unit tests, real-Chromium tests, size budgets. Stops at the first
// failing stage and prints a closing "N passed, N failed" line.
import { spawnSync } from 'node:child_process';
import { readFileSync, existsSync, mkdirSync } from 'node:fs';
import { ensureChromium } from './chromium.mjs';

const run = (label, cmd, args, env = {}) => {
  const t0 = Date.now();
  console.log(`\n▶ ${label}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  console.log(`  ${label}: ${r.status === 0 ? 'ok' : 'FAILED'} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  return r.status === 0;
};

const only = process.argv.slice(2);
let ok = run('typecheck', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']);
ok = ok && run('build', 'npx', ['rollup', '-c', '--silent'], { ENCORE_QUIET: '1' });
if (ok) {
  try {
    console.log(`\n▶ chromium: ${ensureChromium()}`);
  } catch (e) {
    console.error(e.message);
    ok = false;
  }
}
mkdirSync('test-results', { recursive: true });
const report = 'test-results/vitest.json';
ok = ok && run('unit + real-browser tests', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...only]);
const sized = ok && run('size budgets', 'node', ['scripts/size.mjs']);

let passed = 0, failed = 0, skipped = 0;
if (existsSync(report)) {
  const j = JSON.parse(readFileSync(report, 'utf8'));
  passed = j.numPassedTests ?? 0;
  failed = j.numFailedTests ?? 0;
  skipped = (j.numPendingTests ?? 0) + (j.numTodoTests ?? 0);
}
if (ok && !sized) failed += 1;
if (!ok && failed === 0) failed = 1;
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(ok && sized ? 0 : 1);
