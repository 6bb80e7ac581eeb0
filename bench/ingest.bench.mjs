// Ingest throughput of the reference collector: several concurrent keep-alive clients POST
// batches of 20 realistic events to /v1/batch on loopback for a fixed time. Prints events/s and
// request latency percentiles. The collector runs in its own process with a fresh DuckDB file.
// Env: BENCH_SECONDS (10), BENCH_CLIENTS (8), BENCH_BATCH (20).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const seconds = Number(process.env.BENCH_SECONDS) || 10;
const clients = Number(process.env.BENCH_CLIENTS) || 8;
const batchSize = Number(process.env.BENCH_BATCH) || 20;

const dir = mkdtempSync(join(tmpdir(), 'encore-bench-'));
// BENCH_ORIGIN: measure a collector that is already running (e.g. under a profiler) instead.
const external = process.env.BENCH_ORIGIN;
const child = external ? null : spawn(process.execPath, [join(root, 'scripts/start.mjs')], {
  cwd: root,
  env: { ...process.env, PORT: '0', ENCORE_DB: join(dir, 'bench.duckdb'), ENCORE_SKIP_BUILD: '1', ENCORE_QUIET: '1' },
  stdio: ['ignore', 'pipe', 'inherit'],
});
process.on('exit', () => child?.kill('SIGKILL'));
const origin = external ?? await new Promise((res, rej) => {
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
    const m = /storefront (http:\/\/[^/\s]+)/.exec(out);
    if (m) res(m[1]);
  });
  child.on('exit', (code) => rej(new Error(`collector exited with ${code}`)));
});
const { hostname, port } = new URL(origin);

// A realistic event (~700 bytes), with the messageId and anonymousId swapped per event.
const template = JSON.stringify({
  messageId: '@ID@', type: 'track', event: 'Product Viewed', anonymousId: '@ANON@', timestamp: new Date().toISOString(),
  properties: { product_id: 'SKU-RUN-SHOES', sku: 'SKU-RUN-SHOES', category: 'running', name: 'Road running shoes', price: 129, currency: 'EUR', value: 129 },
  context: {
    library: { name: 'encore-sdk', version: '0.1.0' },
    page: { url: 'https://shop.example/product.html?id=SKU-RUN-SHOES', path: '/product.html', search: '?id=SKU-RUN-SHOES', referrer: '', title: 'Road running shoes' },
    locale: 'en-US', timezone: 'Europe/Berlin', screen: { width: 1440, height: 900, density: 2 },
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36',
    session: { id: 'sess-1', seq: 1 }, consent: { analytics: true, personalization: true, marketing: false },
    traits: { segments: ['interest:running', 'lifecycle:engaged'] },
  },
});
let seq = 0;
const body = () => {
  const parts = [];
  for (let i = 0; i < batchSize; i++) {
    const n = seq++;
    parts.push(template.replace('@ID@', `bench-${process.pid}-${n}`).replace('@ANON@', `anon-${n % 5000}`));
  }
  return `{"batch":[${parts.join(',')}],"sentAt":"${new Date().toISOString()}"}`;
};

const agent = new Agent({ keepAlive: true, maxSockets: clients });
const post = (payload) =>
  new Promise((res, rej) => {
    const req = request({ hostname, port, path: '/v1/batch', method: 'POST', agent, headers: { 'content-type': 'text/plain;charset=UTF-8', 'content-length': Buffer.byteLength(payload) } }, (r) => {
      r.resume();
      r.on('end', () => (r.statusCode === 200 ? res() : rej(new Error(`HTTP ${r.statusCode}`))));
    });
    req.on('error', rej);
    req.end(payload);
  });

/** CPU seconds (user + system, all threads) used so far by a process, from /proc (Linux only). */
const cpuOf = (pid) => {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return NaN;
  }
};

// Warm up (JIT, DuckDB file growth), then measure.
for (let i = 0; i < 20; i++) await post(body());
const latencies = [];
const serverCpu0 = child ? cpuOf(child.pid) : NaN;
const clientCpu0 = process.cpuUsage();
let events = 0;
let errors = 0;
const t0 = performance.now();
const end = t0 + seconds * 1000;
await Promise.all(
  Array.from({ length: clients }, async () => {
    while (performance.now() < end) {
      const payload = body();
      const s = performance.now();
      try {
        await post(payload);
        latencies.push(performance.now() - s);
        events += batchSize;
      } catch {
        errors++;
      }
    }
  }),
);
const elapsed = (performance.now() - t0) / 1000;
const clientCpu = process.cpuUsage(clientCpu0);
latencies.sort((a, b) => a - b);
const q = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;

// Answers come after the journal write; wait until the database has caught up with everything
// sent (the warm-up included), so the table also shows the sustained storage rate.
const sent = events + 20 * batchSize;
let stored = 0;
const drainStart = performance.now();
while (performance.now() - drainStart < 120_000) {
  stored = (await (await fetch(`${origin}/api/stats`)).json()).totals.events;
  if (stored >= sent) break;
  await new Promise((r) => setTimeout(r, 100));
}
const drain = (performance.now() - drainStart) / 1000;
// CPU time is what the collector really needed, independent of what else shares the machine.
const serverCpu = child ? cpuOf(child.pid) - serverCpu0 : NaN;
if (child) {
  child.kill('SIGTERM');
  await new Promise((r) => child.on('exit', r));
}
rmSync(dir, { recursive: true, force: true });

console.log(`ingest: ${clients} clients, batches of ${batchSize}, ${seconds} s, loopback`);
console.table({
  'events/s': Math.round(events / elapsed),
  'requests/s': Math.round(latencies.length / elapsed),
  'p50 latency ms': +q(0.5).toFixed(1),
  'p99 latency ms': +q(0.99).toFixed(1),
  'max latency ms': +(latencies.at(-1) ?? NaN).toFixed(1),
  errors,
  'events sent': sent,
  'events stored': stored,
  'db catch-up s': +drain.toFixed(2),
  'stored events/s': Math.round(events / (elapsed + drain)),
  'collector CPU s': +serverCpu.toFixed(2),
  'events per collector CPU-s': Math.round(events / serverCpu),
  'client CPU s': +((clientCpu.user + clientCpu.system) / 1e6).toFixed(2),
});
console.log(`load average during the run: ${(await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' ')} on ${(await import('node:os')).cpus().length} CPUs`);
