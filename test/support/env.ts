/**
 * The usual lifecycle of a real-browser test file: one recording server and one browser, started
 * before its tests and closed after them. `useBrowserEnv(setup?)` registers the hooks for Chromium
 * through Playwright (files not yet ported to the other engines); `useEngineEnv(setup?)` does the same
 * for the engine of this Vitest project behind the neutral Page API (test/support/engines).
 * `browser`, `engineBrowser` and `server` are live bindings set by the hooks.
 */
import { afterAll, beforeAll } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './browser';
import { launchEngine, type Browser as EngineBrowser } from './engines';
import { startServer, type TestServer } from './server';

export let browser: Browser;
export let engineBrowser: EngineBrowser;
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

export function useEngineEnv(setup?: (server: TestServer) => void): void {
  beforeAll(async () => {
    [engineBrowser, server] = await Promise.all([launchEngine(), startServer()]);
    setup?.(server);
  });
  afterAll(async () => {
    await engineBrowser?.close();
    await server?.close();
  });
}
