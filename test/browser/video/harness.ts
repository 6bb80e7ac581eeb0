/**
 * Shared setup of the video browser tests: the test server with the media route, an in-memory
 * esbuild bundle of the video code (`/__video/harness.js`, exposing `EV`) for tests that check the
 * engine with a recording fake api, and helpers to read what the page recorded.
 */
import { build } from 'esbuild';
import { ROOT, startServer, type TestServer } from '../../support/server';
import { serveMedia, type MediaServer } from '../../support/media-server';

const ENTRY = `
import { attachVideoLazily, autoVideoLazily } from './src/video/lazy';
import { hlsAdapter } from './src/hls/index';
window.EV = { attachVideoLazily, autoVideoLazily, hlsAdapter };
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
