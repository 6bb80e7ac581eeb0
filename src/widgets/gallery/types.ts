import type { Encore } from '../../types';
import type { Strings, Lang } from '../shared';

/** Signed playback of an unlocked item. */
export interface GalleryPlayback {
  /** https (or same-origin) URL, usually signed and short-lived. */
  src: string;
  /** MIME type: `application/vnd.apple.mpegurl` (HLS) or e.g. `video/mp4`. */
  type?: string;
  /** When the signed URL expires (ISO); the widget fetches fresh URLs after that. */
  expiresAt?: string;
}

/** Why an item is locked, as the merchant's server decided. */
export interface GalleryLock {
  /** `tier`, `purchase` or `release`; other values show a generic "Members only". */
  reason?: string;
  tier?: string;
  productId?: string;
  /** Display name of the product for `purchase` locks (falls back to `productId`). */
  productName?: string;
  availableAt?: string;
  cta?: { label: string; url: string };
}

/** One validated manifest item. URLs are absolute and safe (https or same-origin). */
export interface GalleryItem {
  id: string;
  title: string;
  description?: string;
  category?: string;
  productIds?: string[];
  poster?: string;
  durationSec?: number;
  publishedAt?: string;
  locked: boolean;
  /** Present only on unlocked items. */
  playback?: GalleryPlayback;
  /** Present only on locked items. */
  lock?: GalleryLock;
}

/** A validated gallery manifest (docs/gallery.md; the contract is test/unit/gallery/manifestSchema.ts, checked against these types). */
export interface GalleryManifest {
  id: string;
  title?: string;
  items: GalleryItem[];
}

/** The parts of an hls.js instance the gallery uses. */
export interface HlsLike {
  loadSource(src: string): void;
  attachMedia(media: HTMLMediaElement): void;
  on(event: string, listener: (event: string, data: any) => void): void;
  off(event: string, listener: (event: string, data: any) => void): void;
  destroy(): void;
}

/** The hls.js default export (the `Hls` class), or anything shaped like it. */
export interface HlsCtor {
  new (config?: Record<string, unknown>): HlsLike;
  isSupported(): boolean;
  Events: { ERROR: string };
}

/** Payload of `Exclusive Content Available` and of the `onExclusiveContent` callback. */
export interface ExclusiveContentInfo {
  gallery_id: string;
  item_id: string;
  locked: boolean;
}

/** Options of {@link renderGallery}. */
export interface GalleryOptions {
  /** Manifest URL (absolute or relative to the page). */
  src: string;
  /**
   * The Encore instance used for events, video tracking and identity changes. Read every time it is
   * needed, so a getter works; defaults to a global `window.encore` instance when there is one.
   */
  encore?: Encore | null;
  /** UI language; defaults to the nearest `[lang]`, `<html lang>`, then the browser language. */
  lang?: Lang;
  /** String overrides per language, e.g. `{ en: { tier: 'For {tier} members' } }`. Keys: see `strings.ts`. */
  strings?: Strings;
  /** Fetch credentials for the manifest; `include` by default (the store's session cookie). */
  credentials?: RequestCredentials;
  /** Called with every problem: invalid items, failed loads, playback errors. */
  onError?: (error: Error) => void;
  /** Called once per newly published item (also tracked as `Exclusive Content Available`). */
  onExclusiveContent?: (info: ExclusiveContentInfo) => void;
  /** Loads hls.js when a video needs it; defaults to `import('hls.js')`. Script-tag pages pass their own. */
  loadHls?: () => Promise<HlsCtor | { default: HlsCtor }>;
  /**
   * Video-tracker adapter for hls.js playback, e.g. `hlsAdapter` from `encore-sdk/hls`, so rendition
   * switches and hls.js errors are measured. Without it the `<video>` element alone is measured.
   */
  hlsAdapter?: (hls: HlsLike) => unknown;
  /** Use hls.js for HLS even where the browser plays HLS natively. */
  preferHlsJs?: boolean;
  /** Time zone for dates; the shopper's by default. */
  timeZone?: string;
  /** Where the last-visit time and announced items are kept; `localStorage` by default, `null` for none. */
  storage?: Pick<Storage, 'getItem' | 'setItem'> | null;
}

/** What {@link renderGallery} returns. */
export interface GalleryController {
  /** Fetches the manifest again (e.g. after login) and re-renders. */
  refresh(): Promise<void>;
  /** Removes everything the gallery added: listeners, observers, players, its content. */
  destroy(): void;
}
