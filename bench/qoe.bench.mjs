// Video QoE bench (`npm run bench -- qoe`), two tables:
// 1. Accuracy: startup time and rebuffering Encore reports vs the truth the page records from the
//    playhead itself (sampled every frame), over several injected stall patterns: hls.js, native HLS,
//    MP4, video.js (VHS), Shaka Player and dash.js (DASH fixture).
// 2. Cost: main-thread CPU (CDP Performance metrics) per minute of playback with 1 and 6 looping
//    players, untracked vs tracked through the real script-tag build (dist/encore.iife.js).
// Runs real Chromium against a local server that serves the committed fixtures with faults injected.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { extname, join, normalize, resolve } from 'node:path';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { ensureChromium, CHROMIUM_ARGS } from '../scripts/chromium.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const FIX = join(ROOT, 'test/fixtures/hls');
const DASH = join(ROOT, 'test/fixtures/dash');
const CPU_SECONDS = Number(process.env.QOE_BENCH_CPU_SECONDS || 20);
if (!existsSync(join(ROOT, 'dist/encore.iife.js'))) {
  console.error('dist/encore.iife.js is missing: run npm run build');
  process.exit(1);
}

const harness = (
  await build({
    stdin: {
      contents: [
        `import { attachVideoLazily } from './src/video/lazy'; import { hlsAdapter } from './src/hls/index';`,
        `import { shakaAdapter } from './src/shaka/index'; import { dashjsAdapter } from './src/dashjs/index'; import { registerEncorePlugin } from './src/videojs/index';`,
        `window.EV = { attachVideoLazily, hlsAdapter, shakaAdapter, dashjsAdapter, registerEncorePlugin };`,
      ].join('\n'),
      resolveDir: ROOT,
      loader: 'ts',
    },
    bundle: true,
    format: 'iife',
    write: false,
    target: 'es2020',
    logLevel: 'silent',
  })
).outputFiles[0].text;

/** Scenario name -> rules: { match: RegExp, delayMs?, pauseAt?, pauseMs? } */
const scenarios = new Map();
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.m3u8': 'application/vnd.apple.mpegurl', '.m4s': 'video/iso.segment', '.mp4': 'video/mp4', '.mpd': 'application/dash+xml' };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const CPU_PAGE = `<!doctype html><meta charset="utf-8"><script src="/dist/encore.iife.js"></script><script src="/__video/harness.js"></script><body></body>`;

const server = createServer(async (req, res) => {
  const url = new URL(req.url, 'http://x');
  try {
    if (url.pathname == '/v1/batch') {
      for await (const _ of req);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      return;
    }
    if (url.pathname == '/__video/harness.js') return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(harness);
    if (url.pathname == '/__bench/cpu.html') return void res.writeHead(200, { 'content-type': 'text/html' }).end(CPU_PAGE);
    let file;
    let rule;
    if (url.pathname.startsWith('/media/')) {
      const [, , name, ...rest] = url.pathname.split('/');
      const path = rest.join('/');
      file = path.startsWith('dash/') ? join(DASH, normalize(path.slice(5))) : join(FIX, normalize(path));
      rule = scenarios.get(name)?.find((r) => r.match.test(path));
    } else file = join(ROOT, normalize(decodeURIComponent(url.pathname)));
    if (!file.startsWith(ROOT)) return void res.writeHead(403).end();
    if (rule?.delayMs) await sleep(rule.delayMs);
    const data = await readFile(file);
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'content-length': data.length, 'accept-ranges': 'none', 'cache-control': 'no-store' });
    if (rule?.pauseAt !== undefined) {
      const cut = Math.floor(data.length * rule.pauseAt);
      res.write(data.subarray(0, cut));
      await sleep(rule.pauseMs);
      res.end(data.subarray(cut));
    } else res.end(data);
  } catch {
    if (!res.headersSent) res.writeHead(404).end();
  }
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({ executablePath: ensureChromium({ log: () => {} }), headless: true, args: CHROMIUM_ARGS });

// ---------- 1. accuracy ----------

const SHORT_BUFFER = { maxBufferLength: 1, maxMaxBufferLength: 2, maxBufferSize: 1, startLevel: 0, capLevelToPlayerSize: false, testBandwidth: false };
const PATTERNS = [
  { name: 'segment 0 late by 700 ms', player: 'hls.js', rules: [{ match: /seg0\.m4s$/, delayMs: 700 }], hls: SHORT_BUFFER },
  { name: 'segment 3 late by 4 s', player: 'hls.js', rules: [{ match: /seg3\.m4s$/, delayMs: 4000 }], hls: SHORT_BUFFER },
  { name: 'segments 2 and 4 late by 3 s', player: 'hls.js', rules: [{ match: /seg[24]\.m4s$/, delayMs: 3000 }], hls: SHORT_BUFFER },
  { name: 'segment 3 late by 2.6 s', player: 'hls.js', rules: [{ match: /seg3\.m4s$/, delayMs: 2600 }], hls: SHORT_BUFFER },
  { name: 'segment 0 late by 1 s, segment 3 by 4 s', player: 'hls.js', rules: [{ match: /seg0\.m4s$/, delayMs: 1000 }, { match: /seg3\.m4s$/, delayMs: 4000 }], hls: SHORT_BUFFER },
  { name: 'native HLS, segment 0 late by 900 ms', player: 'native', rules: [{ match: /seg0\.m4s$/, delayMs: 900 }] },
  { name: 'MP4 download pauses at 45 % for 7.5 s', player: 'mp4', rules: [{ match: /clip\.mp4$/, pauseAt: 0.45, pauseMs: 7500 }] },
  // VHS buffers ahead 30 s, so only a long delay of segment 3 (6-8 s) stalls it.
  { name: 'segment 0 late by 700 ms', player: 'video.js', rules: [{ match: /seg0\.m4s$/, delayMs: 700 }] },
  { name: 'segment 3 late by 9 s', player: 'video.js', rules: [{ match: /seg3\.m4s$/, delayMs: 9000 }] },
  // DASH: r0-r2 are the video representations, numbered from 1 (seg4 = 6-8 s).
  { name: 'DASH segment 1 late by 700 ms', player: 'shaka', rules: [{ match: /r[0-2]-seg1\.m4s$/, delayMs: 700 }] },
  { name: 'DASH segment 4 late by 4 s', player: 'shaka', rules: [{ match: /r[0-2]-seg4\.m4s$/, delayMs: 4000 }] },
  { name: 'DASH segment 1 late by 700 ms', player: 'dash.js', rules: [{ match: /r[0-2]-seg1\.m4s$/, delayMs: 700 }] },
  { name: 'DASH segment 4 late by 4 s', player: 'dash.js', rules: [{ match: /r[0-2]-seg4\.m4s$/, delayMs: 4000 }] },
];

/**
 * Page script per player: creates it on the muted `<video>` `v`, tracked into `api` (`opts.adapter`
 * or the video.js plugin), and loads `src` without playing; sets `handle`. Short forward buffers
 * for Shaka and dash.js, so a late segment is a real stall.
 */
const SETUP = {
  'video.js': `
    v.className = 'video-js';
    const player = videojs(v, { html5: { vhs: { overrideNative: true } } });
    EV.registerEncorePlugin(videojs, { attachVideo: (el, meta, o) => EV.attachVideoLazily(api, el, meta, o) });
    handle = player.encore({ videoId: 'bench' });
    v = player.tech(true).el();
    player.src({ src, type: 'application/x-mpegURL' });`,
  shaka: `
    shaka.polyfill.installAll();
    const player = new shaka.Player();
    await player.attach(v);
    player.configure({ abr: { enabled: false }, streaming: { bufferingGoal: 1, rebufferingGoal: 0.5 } });
    handle = EV.attachVideoLazily(api, v, { videoId: 'bench' }, { adapter: EV.shakaAdapter(player) });
    await player.load(src);`,
  'dash.js': `
    const player = dashjs.MediaPlayer().create();
    const buffer = { bufferTimeDefault: 1, bufferTimeAtTopQuality: 1, bufferTimeAtTopQualityLongForm: 1, stableBufferTime: 1 };
    player.updateSettings({ debug: { logLevel: 1 }, streaming: { abr: { autoSwitchBitrate: { video: false } }, buffer } });
    handle = EV.attachVideoLazily(api, v, { videoId: 'bench' }, { adapter: EV.dashjsAdapter(player) });
    player.initialize(v, src, false);`,
};

async function accuracy(p, i) {
  const name = `acc${i}`;
  scenarios.set(name, p.rules);
  const page = await browser.newPage();
  const setup = SETUP[p.player];
  await page.goto(`${origin}/test/browser/video/pages/${setup ? 'players' : 'player'}.html`);
  const src = p.player == 'mp4' ? `/media/${name}/clip.mp4` : /^(shaka|dash\.js)$/.test(p.player) ? `/media/${name}/dash/manifest.mpd` : `/media/${name}/master.m3u8`;
  const result = await page.evaluate(
    async ({ src, player, hlsConfig, setup }) => {
      const api = T.fakeApi();
      let v = T.video('v');
      let hls;
      let handle;
      const opts = {};
      if (setup) await new Function('EV', 'api', 'src', `return (async () => { let v = document.getElementById('v'), handle; ${setup}; return { v, handle }; })()`)(EV, api, src).then((r) => ({ v, handle } = r));
      else {
        if (player == 'hls.js') {
          hls = new Hls({ enableWorker: false, ...hlsConfig });
          opts.adapter = EV.hlsAdapter(hls);
        }
        handle = EV.attachVideoLazily(api, v, { videoId: 'bench' }, opts);
        if (hls) {
          hls.loadSource(src);
          hls.attachMedia(v);
        } else v.src = src;
      }
      const truth = T.truth(v);
      await truth.play();
      // Play to the end (12 s of media plus stalls), then read the summary.
      // (An error or 60 s without the end reads the summary as it is, so the row shows what went wrong.)
      await Promise.race([new Promise((r) => v.addEventListener('ended', r, { once: true })), new Promise((r) => setTimeout(r, 60_000))]);
      handle.detach();
      truth.stop = true;
      const s = api.calls.find((c) => c.event == 'Video View Summary').properties;
      return { s, startup: truth.firstFrameAt - truth.intentAt, stalls: truth.stalls.map((x) => x.end - x.start) };
    },
    { src, player: p.player, hlsConfig: p.hls ?? {}, setup },
  );
  await page.close();
  const truthRebuffer = result.stalls.reduce((a, b) => a + b, 0);
  return {
    pattern: p.name,
    player: p.player,
    startupTruth: result.startup,
    startupErr: result.s.startup_time_ms - result.startup,
    rebuffersTruth: result.stalls.length,
    rebuffers: result.s.rebuffer_count,
    rebufferTruth: truthRebuffer,
    rebufferErr: result.s.rebuffer_duration_ms - truthRebuffer,
  };
}

const rows = [];
// QOE_BENCH_ONLY=<regex> runs only the patterns whose player or name matches.
const only = process.env.QOE_BENCH_ONLY && new RegExp(process.env.QOE_BENCH_ONLY);
if (!process.env.QOE_BENCH_SKIP_ACCURACY)
  for (const [i, p] of PATTERNS.entries()) if (!only || only.test(`${p.player} ${p.name}`)) rows.push(await accuracy(p, i));

const f0 = (n) => (Number.isFinite(n) ? n.toFixed(0) : '-');
const sign = (n) => (n >= 0 ? '+' : '') + f0(n);
console.log('### QoE accuracy vs truth (ms; error = reported - truth)\n');
console.log('| Pattern | Player | Startup truth | Startup error | Rebuffers (truth / reported) | Rebuffer truth | Rebuffer error |');
console.log('|---|---|---:|---:|---:|---:|---:|');
for (const r of rows)
  console.log(`| ${r.pattern} | ${r.player} | ${f0(r.startupTruth)} | ${sign(r.startupErr)} | ${r.rebuffersTruth} / ${r.rebuffers} | ${f0(r.rebufferTruth)} | ${sign(r.rebufferErr)} |`);
const maxStartup = Math.max(...rows.map((r) => Math.abs(r.startupErr)));
const maxRebuffer = Math.max(...rows.map((r) => Math.abs(r.rebufferErr)));
const countOk = rows.every((r) => r.rebuffersTruth == r.rebuffers);
console.log(`\nmax |startup error| ${f0(maxStartup)} ms, max |rebuffer error| ${f0(maxRebuffer)} ms, rebuffer counts ${countOk ? 'all match' : 'DIFFER'}`);

// ---------- 2. main-thread cost ----------

/** tracked: false (no Encore), 'engine' (video code with a no-op api), 'full' (script-tag build, real queue). */
async function cpu(players, tracked) {
  const page = await browser.newPage();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.goto(`${origin}/__bench/cpu.html`);
  await page.evaluate(
    async ({ players, tracked }) => {
      if (tracked == 'full') encore.init({ endpoint: '/v1/batch', webVitals: false });
      const noop = { track() {}, report() {} };
      const starts = [];
      for (let i = 0; i < players; i++) {
        const v = document.createElement('video');
        v.muted = true;
        v.loop = true;
        v.width = 320;
        v.height = 180;
        document.body.append(v);
        const meta = { videoId: `v${i}`, category: 'bench', productIds: ['B1'] };
        if (tracked == 'full') encore.attachVideo(v, meta);
        if (tracked == 'engine') EV.attachVideoLazily(noop, v, meta);
        v.src = '/media/plain/clip.mp4';
        starts.push(v.play());
      }
      await Promise.all(starts);
    },
    { players, tracked },
  );
  await sleep(1000);
  const metric = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  const a = await metric();
  await sleep(CPU_SECONDS * 1000);
  const b = await metric();
  await page.close();
  const perMin = (k) => ((b[k] - a[k]) * 1000 * 60) / CPU_SECONDS; // seconds -> ms per minute
  return { script: perMin('ScriptDuration'), task: perMin('TaskDuration') };
}

console.log(`\n### Main-thread CPU per minute of playback (ms/min, CDP Performance metrics over ${CPU_SECONDS} s, looping MP4)\n`);
console.log('"video only" = the video code with a no-op api; "full" = dist/encore.iife.js with its real queue (IndexedDB, batches).\n');
console.log('| Players | Script: untracked | video only | full | Task: untracked | video only | full |');
console.log('|---:|---:|---:|---:|---:|---:|---:|');
for (const n of (process.env.QOE_BENCH_PLAYERS || '1,6').split(',').map(Number)) {
  const base = await cpu(n, false);
  const eng = await cpu(n, 'engine');
  const full = await cpu(n, 'full');
  console.log(`| ${n} | ${f0(base.script)} | ${f0(eng.script)} | ${f0(full.script)} | ${f0(base.task)} | ${f0(eng.task)} | ${f0(full.task)} |`);
}

await browser.close();
server.close();
