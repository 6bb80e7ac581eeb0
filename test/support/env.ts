/**
 * The usual lifecycle of a real-Chromium test file: one recording server and one Chromium, started
 * before its tests and closed after them. `useBrowserEnv(setup?)` registers the hooks; `browser` and
 * `server` are live bindings set by them (`setup` runs once both exist, e.g. to add routes).
 */
import { afterAll, beforeAll } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './browser';
import { startServer, type TestServer } from './server';

export let browser: Browser;
export let server: TestServer;

export function useBrowserEnv(setup?: (server: TestServer) => void): void {
  beforeAll(async () => {
    [browser, server] = await Promise.all([launchBrowser(), startServer()]);
    setup?.(server);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
}
