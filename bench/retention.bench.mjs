// Retention bench (`npm run bench -- retention`): the whole Retention section (/api/retention's
// computation, collector/retention/compute.ts) over 1,000,000 stored events. The history is the
// seeded generator's (collector/retention/seed.ts) scaled to 60,000 customers, topped up with
// product views, ingested through the collector's own ingest() and Store into a temp DuckDB.
// Prints the median query time of several runs (target: at most 1 s).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleForNode } from '../scripts/bundle-node.mjs';

const TARGET = Number(process.env.RETENTION_BENCH_EVENTS || 1_000_000);
const CUSTOMERS = Number(process.env.RETENTION_BENCH_CUSTOMERS || 60_000);
const RUNS = Number(process.env.RETENTION_BENCH_RUNS || 7);

const dir = mkdtempSync(join(tmpdir(), 'encore-retention-bench-'));
const { Store, ingest, seedPlan, seedEvents, computeRetention } = await import(
  await bundleForNode(
    'retention-bench',
    `export { Store } from './collector/store'; export { ingest } from './collector/ingest';
     export { seedPlan, seedEvents } from './collector/retention/seed'; export { computeRetention } from './collector/retention/compute';`,
  ),
);

const end = Date.parse('2026-06-01T00:00:00Z');
const plan = seedPlan(end, CUSTOMERS);
const events = seedEvents(plan);
// Top up to TARGET with product views spread over the customers' sessions.
const extra = TARGET - events.length;
for (let i = 0; i < extra; i++) {
  const c = plan.customers[i % plan.customers.length];
  const t = c.orders[0].at - (1 + (i % 97)) * 3600_000;
  events.push({
    type: 'track', event: 'Product Viewed', messageId: `bench-${i}`, anonymousId: c.anonymousId, timestamp: new Date(t).toISOString(),
    properties: { product_id: `SKU-${c.category}-${i % 13}`, category: c.category, price: 42 },
    context: { session: { id: `${c.anonymousId}-browse-${i % 5}`, seq: i }, traits: { segments: c.interest ? [c.interest] : [] } },
  });
}

// RETENTION_BENCH_DB=<file> keeps the database and reuses it on the next run (ingest takes a minute).
const dbPath = process.env.RETENTION_BENCH_DB || join(dir, 'bench.duckdb');
const store = await Store.open(dbPath, { forwarding: false });
const have = await store.read(async (conn) => Number((await conn.runAndReadAll('SELECT count(*) FROM events')).getRows()[0][0]));
const t0 = Date.now();
const pending = [];
for (let i = have >= events.length ? events.length : 0; i < events.length; i += 2000) {
  const r = ingest(JSON.stringify({ batch: events.slice(i, i + 2000) }), new Set(), null);
  if (r.status !== 200 || r.rejected.length) throw new Error(`ingest: ${r.error ?? r.rejected[0]?.reason}`);
  pending.push(store.submit({ rows: r.rows }));
  if (pending.length >= 50) await Promise.all(pending.splice(0));
}
await Promise.all(pending);
await store.idle();
console.log(`stored ${events.length.toLocaleString('en-US')} events (${plan.customers.length.toLocaleString('en-US')} customers) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

/** RETENTION_BENCH_PROFILE=1: prints each statement's time in the last run. */
function profiled(conn, last) {
  if (!process.env.RETENTION_BENCH_PROFILE || !last) return conn;
  const wrap = (fn) => async (sql, ...rest) => {
    const s = performance.now();
    const r = await fn.call(conn, sql, ...rest);
    console.log(`  ${(performance.now() - s).toFixed(0).padStart(5)} ms  ${sql.trim().split('\n')[0].slice(0, 90)}`);
    return r;
  };
  return new Proxy(conn, { get: (t, k) => (k === 'run' || k === 'runAndReadAll' ? wrap(t[k]) : typeof t[k] === 'function' ? t[k].bind(t) : t[k]) });
}
const times = [];
const cpu = [];
let result;
for (let run = 0; run < RUNS; run++) {
  const s = performance.now();
  const c0 = process.cpuUsage();
  result = await store.read((conn) => computeRetention(profiled(conn, run === RUNS - 1), { period: 'week', asOf: new Date(end).toISOString() }));
  times.push(performance.now() - s);
  // DuckDB's threads run in this process: CPU time is the figure that does not depend on what else shares the machine.
  const c1 = process.cpuUsage(c0);
  cpu.push((c1.user + c1.system) / 1000);
}
const sorted = [...times].sort((a, b) => a - b);
const median = sorted[Math.floor(sorted.length / 2)];
const all = result.groups.find((g) => g.split === 'all');
console.log(`customers ${all.customers}, orders ${all.orders}, groups ${result.groups.length}, repeat rate ${all.repeatRate.value} %`);
console.log(`runs (ms): ${times.map((t) => t.toFixed(0)).join(', ')}`);
const cpuMedian = [...cpu].sort((a, b) => a - b)[Math.floor(cpu.length / 2)];
console.log(`process CPU per run (ms): ${cpu.map((t) => t.toFixed(0)).join(', ')}; median ${cpuMedian.toFixed(0)} ms (load average ${(await import('node:os')).loadavg()[0].toFixed(1)})`);
console.log(`Retention section over ${events.length.toLocaleString('en-US')} events: median ${median.toFixed(0)} ms (target ≤ 1000 ms) ${median <= 1000 ? 'OK' : 'OVER'}`);
await store.close();
rmSync(dir, { recursive: true, force: true });
