/**
 * The chunk loader of the script-tag build. Rollup writes `dist/encore.iife.js` and its optional parts
 * (`dist/encore-chunks/*.js`) as AMD modules that call `encoreChunks.define(id, deps, factory)`; this
 * file is the small AMD loader they need, placed (by rollup.config.mjs) at the top of `encore.iife.js`.
 *
 * - Chunk URLs resolve against the URL `encore.iife.js` was loaded from (`document.currentScript`,
 *   captured when it runs; the snippet's `data-src` is that URL).
 * - Each chunk loads as a `<script>` with `integrity` (the build embeds every chunk's sha256, see
 *   `chunkIntegrity`), `crossorigin="anonymous"` and the nonce of the script that loaded Encore, so
 *   pages with a nonce, hash + `'strict-dynamic'` or `'self'` CSP load them like the main file.
 * - A chunk that fails (404, integrity mismatch, CSP block, or a file that defines nothing) rejects
 *   the dynamic import that asked for it: the feature reports it through `on('error')` and the rest of
 *   Encore keeps working. Nothing is cached for a failed chunk, so a later import tries again.
 *
 * Why not a library: RequireJS (6 KB gz) and SystemJS (3 KB gz) cost more than some of the chunks they
 * would load, and neither sets `integrity` per chunk from a build-time map.
 */

/** What `encoreChunks.define` is given by Rollup's AMD output. */
type Factory = (...deps: unknown[]) => unknown;
type Loader = { define(id: string, deps: string[], factory: Factory): void };

/** Chunk path (relative to `encore.iife.js`, e.g. `encore-chunks/video-Ab12.js`) → `sha256-…`. */
export type ChunkIntegrity = Record<string, string>;

/**
 * The global namespace every chunk calls. A second copy of Encore on the page (another version, or the
 * same file twice) gets its own loader: `define` finds the loader of the `<script>` that is running.
 */
type Namespace = { define(id: string, deps: string[], factory: Factory): void; loaders: WeakMap<Element, Loader>; last?: Loader };

/**
 * Installs the loader for the copy of `encore.iife.js` that is running now. Must be called while that
 * script evaluates (it reads `document.currentScript`).
 */
export function installChunkLoader(chunkIntegrity: ChunkIntegrity): void {
  const script = document.currentScript as HTMLScriptElement | null;
  // The directory of encore.iife.js: module ids (`encore.iife`, `encore-chunks/video-Ab12`) are paths from here.
  const root = new URL('.', script?.src || location.href).href;
  const nonce = script?.nonce || '';
  /** Module URL → its exports, once its factory has run. */
  const modules = new Map<string, Promise<unknown> | unknown>();
  /** Module URL → the pending load of its file. */
  const loading = new Map<string, Promise<unknown>>();
  /** Module URL → settles the pending load once the file's define ran. */
  const defined = new Map<string, (exports: Promise<unknown>) => void>();

  const urlOf = (id: string, from = root) => new URL(id + '.js', from).href;

  /** Loads the chunk file at `url` (once at a time; again after a failure). */
  const load = (url: string): Promise<unknown> => {
    if (modules.has(url)) return Promise.resolve(modules.get(url));
    let pending = loading.get(url);
    if (!pending) {
      pending = new Promise<unknown>((resolve, reject) => {
        const el = document.createElement('script');
        const fail = (why: string) => {
          loading.delete(url);
          defined.delete(url);
          el.remove();
          reject(new Error(`Encore could not load ${url} (${why})`));
        };
        defined.set(url, resolve);
        el.src = url;
        const integrity = chunkIntegrity[url.slice(root.length)];
        if (integrity) el.integrity = integrity;
        el.crossOrigin = 'anonymous';
        el.nonce = nonce;
        el.onerror = () => fail('network error, integrity mismatch or blocked by Content-Security-Policy');
        // A script's load event fires right after it ran: a file that did not define its module is not Encore's.
        el.onload = () => defined.has(url) && fail('the file defines no Encore chunk');
        ns.loaders.set(el, loader);
        document.head.append(el);
      });
      loading.set(url, pending);
    }
    return pending;
  };

  const loader: Loader = {
    define(id, deps, factory) {
      const url = urlOf(id);
      if (modules.has(url)) return;
      const exports = {};
      // `require` as Rollup's dynamic imports use it: ids relative to the requiring module.
      const require = (ids: string[], resolve: (m: unknown) => void, reject: (e: unknown) => void) =>
        Promise.all(ids.map((d) => load(urlOf(d, url)))).then((m) => resolve(m[0]), reject);
      const args = deps.map((d) => (d == 'exports' ? exports : d == 'require' ? require : modules.has(urlOf(d, url)) ? modules.get(urlOf(d, url)) : load(urlOf(d, url))));
      const run = (values: unknown[]) => (factory(...values), exports);
      // Run at once when every dependency is there (encore.iife.js itself: it reads document.currentScript).
      const ready = args.some((a) => a instanceof Promise) ? Promise.all(args).then(run) : run(args);
      modules.set(url, ready);
      if (ready instanceof Promise) ready.then((m) => modules.set(url, m), () => modules.delete(url));
      defined.get(url)?.(Promise.resolve(ready));
      defined.delete(url);
    },
  };

  const g = globalThis as typeof globalThis & { encoreChunks?: Namespace };
  const ns: Namespace = (g.encoreChunks ||= {
    loaders: new WeakMap(),
    define(id, deps, factory) {
      const running = document.currentScript;
      (ns.loaders.get(running!) || ns.last)!.define(id, deps, factory);
    },
  });
  ns.last = loader;
  if (script) ns.loaders.set(script, loader);
}
