/**
 * Launches the engine a test process runs in (`ENCORE_ENGINE`), behind the neutral Page API.
 * Chromium stays on playwright-core, whose Page already is a superset of that API.
 */
import { launchBrowser } from '../browser';
import { launchFirefox } from './firefox';
import { launchWebKit } from './webkit';
import { currentEngine, type Browser, type Context, type Engine, type LaunchOptions, type Page } from './types';

export * from './types';

export async function launchEngine(engine: Engine = currentEngine(), opts: LaunchOptions = {}): Promise<Browser> {
  if (engine === 'firefox') return launchFirefox(opts);
  if (engine === 'webkit') return launchWebKit(opts);
  const autoplay = opts.autoplayBlocked ? ['--autoplay-policy=document-user-activation-required'] : [];
  return (await launchBrowser(autoplay)) as unknown as Browser;
}

export interface EnginePageLog {
  /** Uncaught page errors, where the driver reports them (Chromium, Firefox). */
  errors: string[];
  /** False in WebKit: classic WebDriver has no event for uncaught page errors, so `errors` stays empty. */
  observed: boolean;
}

/** Opens a page in `ctx` (recording uncaught errors where the driver can) and goes to `url`. */
export async function openEnginePage(ctx: Context | Browser, url?: string): Promise<{ page: Page; log: EnginePageLog }> {
  const page = await ctx.newPage();
  const log: EnginePageLog = { errors: [], observed: false };
  const events = (page as any).raw ?? page; // puppeteer's page (Firefox) or Playwright's (Chromium)
  if (typeof events.on === 'function') {
    events.on('pageerror', (e: unknown) => log.errors.push(String(e)));
    log.observed = true;
  }
  if (url) await page.goto(url);
  return { page, log };
}
