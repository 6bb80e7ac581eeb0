import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ROOT, type TestServer } from '../../support/server';

/** Where the built files come from (`ENCORE_TEST_DIST` lets a test run against another build). */
export const DIST = process.env.ENCORE_TEST_DIST ?? join(ROOT, 'dist');

const serveDist = async (path: string, prefix: string, res: import('node:http').ServerResponse) => {
  // One folder level (encore-chunks/) is allowed; nothing can climb out of dist/.
  const file = path.slice(prefix.length).replace(/[^\w./-]/g, '').replace(/\.\.+/g, '.');
  const body = await readFile(join(DIST, file));
  res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' });
  res.end(body);
};

/** Serves `dist/<file>` at `/lib/<file>` at once. */
export function serveLibrary(server: TestServer) {
  server.route('/lib/', (req, res) => serveDist(req.path, '/lib/', res));
}

/**
 * Serves `dist/<file>` under `/slow/<file>` only once the gate is opened, so a test controls when
 * the library arrives. `hits` counts requests for the library (not its chunks); `openedAt` is when the gate opened (server clock).
 */
export function slowLibrary(server: TestServer) {
  let open!: () => void;
  let gate = new Promise<void>((r) => (open = r));
  const state = {
    hits: 0,
    openedAt: 0,
    open() {
      state.openedAt = Date.now();
      open();
    },
    /** Closes the gate again for the next page. */
    close() {
      gate = new Promise<void>((r) => (open = r));
    },
  };
  server.route('/slow/', async (req, res) => {
    // The library file itself; the chunks it loads come from here too but are not counted.
    if (!req.path.includes('/encore-chunks/')) state.hits++;
    await gate;
    await serveDist(req.path, '/slow/', res);
  });
  return state;
}

/** How many times each messageId arrived in accepted batches. */
export function arrivals(server: TestServer): Map<string, number> {
  const m = new Map<string, number>();
  for (const e of server.events()) m.set(e.messageId, (m.get(e.messageId) ?? 0) + 1);
  return m;
}
