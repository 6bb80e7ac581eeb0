/**
 * Fetching the manifest, the gallery's only source of entitlement: with the store's credentials,
 * never cached, validated before use, and kept in memory only. A newer load aborts the previous
 * one, and only the newest answer counts.
 */
import { validateManifest } from './validate';
import type { GalleryManifest, GalleryOptions } from './types';

/** What the loader tells its gallery. */
export interface LoaderEvents {
  /** A load starts (the URL is there); `refreshing` when a manifest is already shown. */
  loading(refreshing: boolean): void;
  /** The newest load ended: the validated manifest, or undefined when it failed (already reported). */
  settled(manifest: GalleryManifest | undefined): void;
  report(error: Error): void;
}

export function createManifestLoader(options: GalleryOptions, on: LoaderEvents) {
  let stopped = false;
  let seq = 0;
  let abort: AbortController | undefined;
  let latest: Promise<void> = Promise.resolve();
  let manifest: GalleryManifest | undefined;

  const settle = (m: GalleryManifest | undefined) => {
    manifest = m;
    on.settled(m);
  };

  const fetchManifest = async (my: number, signal: AbortSignal) => {
    let src = options.src;
    let data: unknown;
    try {
      src = new URL(options.src, document.baseURI).href;
      const res = await fetch(src, { credentials: options.credentials ?? 'include', headers: { accept: 'application/json' }, cache: 'no-store', signal });
      if (!res.ok) throw new Error(`gallery: ${src} answered ${res.status}`);
      data = await res.json().catch(() => {
        throw new Error(`gallery: ${src} did not answer JSON`);
      });
    } catch (e) {
      if (my !== seq || stopped) return;
      settle(undefined);
      const message = e instanceof Error ? e.message : String(e);
      on.report(new Error(message.startsWith('gallery:') ? message : `gallery: ${src} could not be loaded: ${message}`));
      return;
    }
    if (my !== seq || stopped) return;
    const { manifest: m, problems } = validateManifest(data, src);
    for (const p of problems) on.report(new Error(`gallery: ${p}`));
    settle(m ?? undefined);
  };

  /** Starts a load (aborting the one in flight); resolves when it ends. */
  const load = (): Promise<void> => {
    if (stopped) return latest;
    if (typeof options.src !== 'string' || !options.src) {
      on.settled(undefined);
      on.report(new Error('gallery: options.src (the manifest URL) is missing'));
      return latest;
    }
    const my = ++seq;
    abort?.abort();
    const ctrl = (abort = new AbortController());
    on.loading(!!manifest);
    latest = fetchManifest(my, ctrl.signal);
    return latest;
  };

  return {
    load,
    /** Waits for the newest load, even when another load starts meanwhile. */
    async settledLoad() {
      let p: Promise<void>;
      do {
        p = latest;
        await p;
      } while (p !== latest);
    },
    /** The manifest shown now, if any. */
    current: () => manifest,
    /** The shown manifest belongs to someone else (identity changed): drop it until the server answers. */
    forget() {
      manifest = undefined;
    },
    stop() {
      stopped = true;
      abort?.abort();
    },
  };
}
