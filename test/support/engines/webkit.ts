/**
 * WebKitGTK's MiniBrowser from Debian, driven over classic W3C WebDriver by `WebKitWebDriver`
 * under `xvfb-run` (MiniBrowser needs a display and has no headless mode). The driver allows one
 * session, so each context is its own driver + MiniBrowser, which also gives it fresh storage.
 * The few endpoints we need are plain fetch calls; no WebDriver client library is needed for them.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync } from 'node:fs';
import { pollUntil, type Browser, type Context, type LaunchOptions, type Page } from './types';

export const MINIBROWSER = process.env.MINIBROWSER_PATH ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

const KEYS: Record<string, string> = {
  Enter: '\uE007', Tab: '\uE004', Escape: '\uE00C', Space: ' ', ' ': ' ', Backspace: '\uE003',
  ArrowLeft: '\uE012', ArrowUp: '\uE013', ArrowRight: '\uE014', ArrowDown: '\uE015', Home: '\uE011', End: '\uE010',
};

/** Says why WebKit cannot start here, or null when it can. */
export function webkitMissing(): string | null {
  if (!existsSync(MINIBROWSER)) return `MiniBrowser not found at ${MINIBROWSER} (apt-get install webkit2gtk-driver)`;
  for (const bin of ['WebKitWebDriver', 'xvfb-run']) {
    if (spawnSync('sh', ['-c', `command -v ${bin}`]).status !== 0) return `${bin} not found (apt-get install webkit2gtk-driver xvfb)`;
  }
  return null;
}

const drivers = new Set<ChildProcess>();
process.on('exit', () => {
  for (const d of drivers) killGroup(d);
});
function killGroup(d: ChildProcess) {
  try {
    process.kill(-d.pid!, 'SIGKILL');
  } catch {
    /* already gone */
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

class Session {
  private queue: Promise<unknown> = Promise.resolve();
  private current = '';
  /** The session's first window: stays open and blank so closing the last test page keeps the session. */
  keeper = '';
  constructor(private base: string, readonly driver: ChildProcess) {}

  static async start(opts: LaunchOptions = {}): Promise<Session> {
    const port = await freePort();
    const driver = spawn('xvfb-run', ['-a', 'WebKitWebDriver', `--port=${port}`], { stdio: 'ignore', detached: true });
    drivers.add(driver);
    const base = `http://127.0.0.1:${port}`;
    await pollUntil(async () => (await fetch(`${base}/status`)).ok, 30_000, 'WebKitWebDriver to listen');
    const args = ['--automation', ...(opts.autoplayBlocked ? ['--media-playback-requires-user-gesture=true'] : [])];
    const caps = { 'webkitgtk:browserOptions': { binary: MINIBROWSER, args } };
    const r = await raw(base, 'POST', '/session', { capabilities: { alwaysMatch: caps } });
    const s = new Session(`${base}/session/${r.sessionId}`, driver);
    await s.send('POST', '/timeouts', { script: 120_000, pageLoad: 60_000, implicit: 0 });
    s.current = s.keeper = await s.send('GET', '/window');
    return s;
  }

  /** One command at a time, each in its window: WebDriver has one current window per session. */
  run<T>(handle: string, method: string, path: string, body?: unknown): Promise<T> {
    const next = this.queue.then(async () => {
      if (handle && handle !== this.current) {
        await this.send('POST', '/window', { handle });
        this.current = handle;
      }
      return this.send(method, path, body);
    });
    this.queue = next.catch(() => {});
    return next as Promise<T>;
  }

  /** A closed window is no longer current; the next command switches to its own. */
  forget(handle: string) {
    if (this.current === handle) this.current = '';
  }

  send(method: string, path: string, body?: unknown): Promise<any> {
    return raw(this.base, method, path, body);
  }

  async close() {
    await this.send('DELETE', '').catch(() => {});
    killGroup(this.driver);
    drivers.delete(this.driver);
  }
}

async function raw(base: string, method: string, path: string, body?: unknown): Promise<any> {
  const r = await fetch(base + path, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? (method === 'POST' ? '{}' : undefined) : JSON.stringify(body),
  });
  const j: any = await r.json().catch(() => ({}));
  if (!r.ok) throw new Error(`WebDriver ${method} ${path}: ${j.value?.error ?? r.status}: ${j.value?.message ?? ''}`);
  return j.value;
}

// The page function runs as `fn(arg)`; the result comes back as JSON text { j } (a cyclic or
// repeated object reference becomes undefined, roughly as Playwright returns what it cannot
// serialize), or the thrown message as { e }.
const EVAL = `const done = arguments[arguments.length - 1];
const seen = new WeakSet();
const json = (v) => JSON.stringify(v, (k, x) => { if (x && typeof x === 'object') { if (seen.has(x)) return undefined; seen.add(x); } return x; });
Promise.resolve().then(() => (__FN__)(arguments[0]))
  .then((v) => done(v === undefined ? { u: true } : { j: json(v) }), (e) => done({ e: String((e && e.stack) || e) }));`;

function webkitPage(s: Session, handle: string): Page {
  const run = <T>(m: string, p: string, b?: unknown) => s.run<T>(handle, m, p, b);
  const evaluate = async (fn: ((a: any) => unknown) | string, arg?: unknown): Promise<any> => {
    const source = typeof fn === 'string' ? `() => (${fn})` : fn.toString();
    const r: any = await run('POST', '/execute/async', { script: EVAL.replace('__FN__', () => source), args: [arg ?? null] });
    if (r?.e) throw new Error(`page function threw: ${r.e}`);
    return r?.u || r?.j === undefined ? undefined : JSON.parse(r.j);
  };
  return {
    goto: (url) => run('POST', '/url', { url }),
    evaluate: evaluate as Page['evaluate'],
    waitForFunction: (fn, arg, opts) => pollUntil(() => evaluate(fn as any, arg), opts?.timeout ?? 30_000, `page function ${fn.name || 'anonymous'}`),
    waitForURL: (url, opts) => pollUntil(async () => url.test(await run<string>('GET', '/url')), opts?.timeout ?? 30_000, `URL ${url}`),
    async click(selector) {
      const el: any = await run('POST', '/element', { using: 'css selector', value: selector });
      await run('POST', `/element/${Object.values(el)[0]}/click`);
    },
    keyboard: {
      async press(key) {
        const value = KEYS[key] ?? key;
        await run('POST', '/actions', { actions: [{ type: 'key', id: 'kb', actions: [{ type: 'keyDown', value }, { type: 'keyUp', value }] }] });
      },
    },
    mouse: {
      async move(x, y) {
        await run('POST', '/actions', { actions: [{ type: 'pointer', id: 'mouse', parameters: { pointerType: 'mouse' }, actions: [{ type: 'pointerMove', x, y, origin: 'viewport', duration: 0 }] }] });
      },
    },
    reload: () => run('POST', '/refresh'),
    async close() {
      // Closing the window unloads the page (pagehide, visibilitychange) as a tab close does.
      await run('DELETE', '/window').catch(() => {});
      s.forget(handle);
    },
  };
}

export async function launchWebKit(opts: LaunchOptions = {}): Promise<Browser> {
  const missing = webkitMissing();
  if (missing) throw new Error(missing);
  const contexts = new Set<Context>();
  const newContext = async (): Promise<Context> => {
    const s = await Session.start(opts);
    const ctx: Context = {
      async newPage() {
        const w: any = await s.run(s.keeper, 'POST', '/window/new', { type: 'window' });
        return webkitPage(s, w.handle);
      },
      async close() {
        contexts.delete(ctx);
        await s.close();
      },
    };
    contexts.add(ctx);
    return ctx;
  };
  let shared: Promise<Context> | undefined;
  return {
    newContext,
    async newPage() {
      shared ??= newContext();
      return (await shared).newPage();
    },
    async close() {
      await Promise.all([...contexts].map((c) => c.close()));
    },
  };
}
