/**
 * The engine-neutral page API the ported browser tests use: a plain subset of Playwright's Page,
 * so Chromium (playwright-core), Firefox (puppeteer-core over WebDriver BiDi) and WebKit (classic
 * W3C WebDriver) can all implement it. `ENCORE_ENGINE` picks the engine per Vitest project.
 */
export type Engine = 'chromium' | 'firefox' | 'webkit';

export const ENGINES: readonly Engine[] = ['chromium', 'firefox', 'webkit'];

export interface WaitOptions {
  timeout?: number;
}

export interface Page {
  goto(url: string): Promise<unknown>;
  /**
   * Runs `fn(arg)` in the page; `fn` is sent as its source text, so it must not close over test
   * variables. A string is evaluated as one expression (its promise awaited), as in Playwright.
   */
  evaluate<R, A = undefined>(fn: ((arg: A) => R | Promise<R>) | string, arg?: A): Promise<R>;
  /** Resolves once `fn(arg)` returns a truthy value in the page (default timeout 30 s). */
  waitForFunction<A = undefined>(fn: (arg: A) => unknown, arg?: A, opts?: WaitOptions): Promise<unknown>;
  /** Resolves once the page's URL matches (across navigations). */
  waitForURL(url: RegExp, opts?: WaitOptions): Promise<unknown>;
  click(selector: string): Promise<void>;
  keyboard: { press(key: string): Promise<void> };
  mouse: { move(x: number, y: number): Promise<void> };
  reload(): Promise<unknown>;
  /** `runBeforeUnload` fires beforeunload/pagehide as a user closing the tab does. */
  close(opts?: { runBeforeUnload?: boolean }): Promise<void>;
}

export interface Context {
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

/** How a browser is launched: `autoplayBlocked` refuses audible playback without a user gesture. */
export interface LaunchOptions {
  autoplayBlocked?: boolean;
}

export interface Browser {
  newContext(): Promise<Context>;
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

/** The engine chosen for this test process (`ENCORE_ENGINE`, default chromium). */
export function currentEngine(): Engine {
  const e = (process.env.ENCORE_ENGINE ?? 'chromium') as Engine;
  if (!ENGINES.includes(e)) throw new Error(`ENCORE_ENGINE=${e}: expected one of ${ENGINES.join(', ')}`);
  return e;
}

/** Polls `check` until it returns a truthy value; used where a driver has no in-page wait. */
export async function pollUntil<T>(check: () => Promise<T>, timeoutMs: number, what: string): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v;
    } catch (e) {
      last = e; // e.g. the page is navigating: try again
    }
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${last})` : ''}`);
    await new Promise((pollInterval) => setTimeout(pollInterval, 50));
  }
}
