// `npm test`: typecheck, build, unit tests, the real-browser suite in every installed engine
// (Chromium, Firefox ESR, WebKitGTK), size budgets. Says which engine it could not start and why,
// prints each engine's pass/fail count and duration, and a closing "N passed, N failed" line.
// `ENCORE_ENGINES=firefox,webkit npm test` limits the engines; other arguments go to Vitest.
import { spawnSync } from 'node:child_process';
import { readFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { engineProblems } from './engines.mjs';
import { ensureChromium } from './chromium.mjs';

const run = (label, cmd, args, env = {}) => {
  const t0 = Date.now();
  console.log(`\n▶ ${label}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  const s = (Date.now() - t0) / 1000;
  console.log(`  ${label}: ${r.status === 0 ? 'ok' : 'FAILED'} (${s.toFixed(1)} s)`);
  return { ok: r.status === 0, s };
};

const only = process.argv.slice(2);

// Each failed test's file, name and first lines of its message, read from Vitest's JSON report:
// CI keeps only the end of the log, so the summary must name what failed.
const failuresIn = (report) =>
  (report.testResults ?? []).flatMap((file) =>
    (file.assertionResults ?? [])
      .filter((t) => t.status === 'failed')
      .map((t) => ({
        where: `${file.name.replace(process.cwd() + '/', '')} > ${t.fullName}`,
        why: (t.failureMessages ?? []).join('\n').split('\n').slice(0, 6).join('\n      '),
      })),
  );
let ok = run('typecheck', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']).ok;
ok = ok && run('build', 'npx', ['rollup', '-c', '--silent'], { ENCORE_QUIET: '1' }).ok;

const wanted = (process.env.ENCORE_ENGINES ?? 'chromium,firefox,webkit').split(',').map((e) => e.trim()).filter(Boolean);
if (wanted.includes('chromium')) {
  try {
    ensureChromium(); // installs Debian's chromium when run as root and none is found
  } catch {
    /* named below with the reason */
  }
}
const problems = engineProblems();
const engines = wanted.filter((e) => !problems[e]);
console.log('\n▶ engines');
for (const e of wanted) console.log(`  ${e}: ${problems[e] ? `NOT RUN — ${problems[e]}` : 'ok'}`);
// CI (`.ci/run`) requires all three: an engine that cannot start fails the run there.
if (engines.length === 0 || (process.env.ENCORE_REQUIRE_ENGINES && engines.length < wanted.length)) ok = false;

mkdirSync('test-results', { recursive: true });
// Unit tests, then one Vitest run per engine: each engine gets its own report, count and duration.
// Each engine's files, then its media files one at a time (vitest.config.ts).
const stages = [{ name: 'unit', projects: ['unit'] }, ...engines.map((e) => ({ name: e, projects: [`browser-${e}`, `browser-${e}-media`] }))];
const results = [];
// A failing engine does not stop the others: one run shows every engine's failures.
const ready = ok;
for (const st of stages) {
  if (!ready) break;
  const report = `test-results/vitest-${st.name}.json`;
  rmSync(report, { force: true });
  const r = run(st.name === 'unit' ? 'unit tests' : `real-browser tests in ${st.name}`, 'npx', [
    'vitest', 'run', ...st.projects.flatMap((p) => ['--project', p]), '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, '--passWithNoTests', ...only,
  ]);
  const j = existsSync(report) ? JSON.parse(readFileSync(report, 'utf8')) : {};
  const counts = { name: st.name, passed: j.numPassedTests ?? 0, failed: j.numFailedTests ?? (r.ok ? 0 : 1), skipped: (j.numPendingTests ?? 0) + (j.numTodoTests ?? 0), s: r.s };
  if (!r.ok && counts.failed === 0) counts.failed = 1; // a crash before any test reported
  counts.failures = failuresIn(j);
  results.push(counts);
  ok = ok && r.ok;
}
const sized = ready && run('size budgets', 'node', ['scripts/size.mjs']).ok;

console.log('\n▶ summary');
for (const r of results) console.log(`  ${r.name.padEnd(9)} ${r.passed} passed, ${r.failed} failed${r.skipped ? `, ${r.skipped} skipped` : ''} (${r.s.toFixed(1)} s)`);
for (const r of results) for (const f of r.failures) console.log(`\n  FAILED in ${r.name}: ${f.where}\n      ${f.why}`);
for (const e of wanted) if (problems[e]) console.log(`  ${e.padEnd(9)} not run: ${problems[e]}`);
let passed = results.reduce((n, r) => n + r.passed, 0);
let failed = results.reduce((n, r) => n + r.failed, 0);
const skipped = results.reduce((n, r) => n + r.skipped, 0);
if (ready && !sized) failed += 1;
if (!ok && failed === 0) failed = 1;
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(ok && sized ? 0 : 1);
