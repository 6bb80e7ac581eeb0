/**
 * Shared setup of the video browser tests: the test server with the media route, an in-memory
 * esbuild bundle of the video code (`/__video/harness.js`, exposing `EV`) for tests that check the
 * engine with a recording fake api, and helpers to read what the page recorded.
 */
import { build } from 'esbuild';
import { afterAll, beforeAll } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../../support/browser';
import { launchEngine, type Browser as EngineBrowser } from '../../support/engines';
import { ROOT, startServer, type TestServer } from '../../support/server';
import { serveMedia, type MediaServer } from '../../support/media-server';

const ENTRY = `
import { attachVideoLazily, autoVideoLazily } from './src/video/lazy';
import { hlsAdapter } from './src/hls/index';
import { shakaAdapter } from './src/shaka/index';
import { dashjsAdapter } from './src/dashjs/index';
import { registerEncorePlugin } from './src/videojs/index';
window.EV = { attachVideoLazily, autoVideoLazily, hlsAdapter, shakaAdapter, dashjsAdapter, registerEncorePlugin };
`;

let bundled: Promise<string> | undefined;

/** The video code bundled once per test file, the way the IIFE inlines it. */
export function harnessBundle(): Promise<string> {
  bundled ??= build({
    stdin: { contents: ENTRY, resolveDir: ROOT, loader: 'ts' },
    bundle: true,
    format: 'iife',
    write: false,
    target: 'es2020',
    logLevel: 'silent',
  }).then((r) => r.outputFiles[0]!.text);
  return bundled;
}

export async function startVideoServer(): Promise<{ server: TestServer; media: MediaServer }> {
  const server = await startServer();
  const media = serveMedia(server);
  server.route('/__video/harness.js', async () => ({
    status: 200,
    headers: { 'content-type': 'text/javascript' },
    body: await harnessBundle(),
  }));
  return { server, media };
}

export const PAGE = '/test/browser/video/pages/player.html';
/** The page with Shaka Player, dash.js and video.js loaded. */
export const PLAYERS_PAGE = '/test/browser/video/pages/players.html';

/** The file's shared server, media route and browser, set by `useVideoEnv()` / `useVideoEngineEnv()` (live bindings). */
export let browser: Browser;
export let engineBrowser: EngineBrowser;
export let server: TestServer;
export let media: MediaServer;

/** Registers the file's hooks: one video server and one Chromium for all its tests (files not yet ported). */
export function useVideoEnv(): void {
  beforeAll(async () => {
    ({ server, media } = await startVideoServer());
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
}

/** The same for files ported to the neutral Page API: the browser is this Vitest project's engine. */
export function useVideoEngineEnv(): void {
  beforeAll(async () => {
    [{ server, media }, engineBrowser] = await Promise.all([startVideoServer(), launchEngine()]);
  });
  afterAll(async () => {
    await engineBrowser?.close();
    await server?.close();
  });
}
