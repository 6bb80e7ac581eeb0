/**
 * Launches the engine a test process runs in (`ENCORE_ENGINE`), behind the neutral Page API.
 * Chromium stays on playwright-core, whose Page already is a superset of that API.
 */
import { launchBrowser } from '../browser';
import { launchFirefox } from './firefox';
import { launchWebKit } from './webkit';
import { currentEngine, type Browser, type Engine } from './types';

export * from './types';

export async function launchEngine(engine: Engine = currentEngine()): Promise<Browser> {
  if (engine === 'firefox') return launchFirefox();
  if (engine === 'webkit') return launchWebKit();
  return (await launchBrowser()) as unknown as Browser;
}
