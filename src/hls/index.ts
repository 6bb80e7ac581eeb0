/**
 * encore-sdk/hls: the hls.js player adapter. hls.js is never imported: pass your own instance,
 * `encore.attachVideo(video, meta, { adapter: hlsAdapter(hls) })`, ideally before `loadSource()`
 * (attaching later works too: the current source and level are read at once).
 */
import type { PlayerAdapter, PlayerEvents } from '../video/types';
import { bufferedEvents } from '../video/early';

export type { PlayerAdapter, PlayerEvents, PlayerReads, PlayerSize, PlayerError, Rendition } from '../video/types';

/** hls.js `Level`, as far as the adapter reads it. */
export interface HlsLevel {
  bitrate?: number;
  width?: number;
  height?: number;
}

/** The part of an `Hls` instance the adapter uses (structural, so no hls.js types are needed). */
export interface HlsLike {
  on(event: string, listener: (event: string, data: any) => void): void;
  off(event: string, listener: (event: string, data: any) => void): void;
  levels?: HlsLevel[] | null;
  currentLevel?: number;
  url?: string | null;
}

/**
 * Creates the adapter for one hls.js instance. It adds what only hls.js knows to the `<video>`
 * element's own signals: the rendition shown (`LEVEL_SWITCHED`), fatal errors (`ERROR` with
 * `fatal: true`; `bufferStalledError` is a stall signal, not an error) and the content URL, so an
 * engine re-attach (new `blob:` media URL, same manifest) is not a new view. It listens from its
 * creation: Encore's engine attaches lazily, and what hls.js reports meanwhile waits (video/early.ts).
 */
export function hlsAdapter(hls: HlsLike): PlayerAdapter {
  const names = ((hls.constructor as any)?.Events ?? {}) as Record<string, string>;
  const name = (key: string, fallback: string) => names[key] ?? fallback;
  const SWITCHED = name('LEVEL_SWITCHED', 'hlsLevelSwitched');
  const ERROR = name('ERROR', 'hlsError');
  const LOADING = name('MANIFEST_LOADING', 'hlsManifestLoading');
  const early = bufferedEvents();
  const events: PlayerEvents = early.events;
  const level = (i: number | undefined) => {
    const l = i !== undefined && i >= 0 ? hls.levels?.[i] : undefined;
    if (l?.bitrate) events.rendition({ bitrate: l.bitrate, width: l.width, height: l.height });
  };
  const onSwitched = (_: string, d: { level: number }) => level(d?.level);
  // MANIFEST_LOADING carries the URL as given to loadSource(); `hls.url` is it made absolute, as source() reports.
  const onLoading = (_: string, d: { url: string }) => {
    const url = hls.url || d?.url;
    if (url) events.sourceChange(url);
  };
  const onError = (_: string, d: { fatal?: boolean; details?: string; error?: Error; reason?: string }) => {
    if (!d) return;
    if (d.details == 'bufferStalledError') events.stallStart();
    else events.error({ fatal: !!d.fatal, code: d.details, message: d.error?.message ?? d.reason });
  };
  hls.on(SWITCHED, onSwitched);
  hls.on(ERROR, onError);
  hls.on(LOADING, onLoading);
  return {
    name: 'hls.js',
    source: () => hls.url ?? '',
    attach(ev) {
      early.deliver(ev);
      // Attached late: read the current state.
      if (hls.url) ev.sourceChange(hls.url);
      level(hls.currentLevel);
    },
    detach() {
      hls.off(SWITCHED, onSwitched);
      hls.off(ERROR, onError);
      hls.off(LOADING, onLoading);
    },
  };
}
