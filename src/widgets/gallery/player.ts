import { h, t, type Lang, type Strings } from '../shared';
import type { AttachVideoOptions, Encore, VideoHandle } from '../../types';
import type { GalleryItem, HlsCtor, HlsLike } from './types';

/** What the dialog player needs from its gallery. */
export interface PlayerDeps {
  root: ShadowRoot;
  strings: Strings;
  lang: Lang;
  encore(): Encore | undefined;
  loadHls(): Promise<HlsCtor>;
  preferHlsJs: boolean;
  /** Makes the video tracker's adapter for an hls.js instance (`hlsAdapter` from `encore-sdk/hls`). */
  hlsAdapter?: (hls: HlsLike) => unknown;
  /** Fetches the manifest again and gives the item's fresh version (fresh signed URL), if still playable. */
  refetch(id: string): Promise<GalleryItem | undefined>;
  report(error: Error): void;
  /** The dialog closed (restore focus). */
  onClose(itemId: string): void;
}

export interface Player {
  readonly itemId: string;
  /** Closes the dialog; `restoreFocus` false when the gallery itself is going away. */
  close(restoreFocus?: boolean): void;
}

const HLS_TYPE = 'application/vnd.apple.mpegurl';
/** Signed URLs this close to expiry are treated as expired (clock skew, startup time). */
const EXPIRY_MARGIN_MS = 5000;

const expired = (iso?: string) => !!iso && Date.parse(iso) <= Date.now() + EXPIRY_MARGIN_MS;
const isHls = (type: string | undefined, src: string) => (type ? /mpegurl/i.test(type) : /\.m3u8($|[?#])/i.test(new URL(src).pathname));

/**
 * Opens an unlocked item in a modal dialog (native `<dialog>`: the page behind is inert, Esc closes,
 * focus is trapped and given back on close). The playback URL exists only on the `<video>` or in
 * hls.js while the dialog is open. An expired URL, or a media error (which is how a 401/403 from a
 * signed URL shows up), triggers one manifest re-fetch for a fresh URL; a second failure shows an error.
 */
export function openPlayer(d: PlayerDeps, item: GalleryItem): Player {
  const tx = (key: string) => t(d.strings, d.lang, key);
  // One dialog per gallery at a time, inside the gallery's own shadow root: a fixed id is unique.
  const titleId = 'dlg-title';
  let hls: HlsLike | undefined;
  let tracking: VideoHandle | undefined;
  let closed = false;
  let retried = false;

  const status = h('p', { class: 'st', part: 'player-error', role: 'status' });
  const video = h('video', { part: 'video', controls: true, playsinline: true, preload: 'auto' });
  const closeBtn = h('button', { class: 'x', part: 'close', type: 'button', 'aria-label': tx('close'), onclick: () => close() }, '×');
  const dialog = h(
    'dialog',
    {
      part: 'dialog',
      'aria-modal': 'true',
      'aria-labelledby': titleId,
      // Esc: close through our own path so playback and tracking stop and focus is restored.
      oncancel: (e: Event) => {
        e.preventDefault();
        close();
      },
      onclick: (e: Event) => e.target === dialog && close(),
      onkeydown: (e: KeyboardEvent) => {
        if (e.key !== 'Tab') return;
        // Keep Tab inside the dialog: the video takes focus as one stop (its controls are keyboard-driven).
        const stops: HTMLElement[] = [closeBtn, video];
        const i = stops.indexOf(d.root.activeElement as HTMLElement);
        const edge = e.shiftKey ? i <= 0 : i < 0 || i === stops.length - 1;
        if (edge) {
          e.preventDefault();
          (e.shiftKey ? stops[stops.length - 1]! : stops[0]!).focus();
        }
      },
    },
    h('div', { class: 'dh' }, h('h2', { id: titleId, part: 'player-title' }, item.title), closeBtn),
    video,
    status,
    h('p', { class: 'dd', part: 'player-description' }, item.description),
  );

  const fail = (error: Error) => {
    if (closed) return;
    // The view is over (failed): end it now so its summary is sent.
    tracking?.detach();
    tracking = undefined;
    unload();
    status.textContent = tx('playError');
    d.report(error);
  };

  const unload = () => {
    hls?.destroy();
    hls = undefined;
    if (video.hasAttribute('src')) {
      video.removeAttribute('src');
      video.load();
    }
  };

  const retry = async (error: Error) => {
    if (retried || closed) return fail(error);
    retried = true;
    // The failed attempt ends its view; the fresh URL is tracked as a new one.
    tracking?.detach();
    tracking = undefined;
    unload();
    const fresh = await d.refetch(item.id);
    if (closed) return;
    if (!fresh?.playback || expired(fresh.playback.expiresAt)) return fail(error);
    void start(fresh);
  };

  /** Starts video tracking; with hls.js, through the page's adapter (renditions, fatal errors) when given. */
  const track = (it: GalleryItem, adapter?: unknown) => {
    const enc = d.encore();
    try {
      if (typeof enc?.attachVideo === 'function') {
        const meta = { videoId: it.id, title: it.title, category: it.category, productIds: it.productIds };
        tracking = enc.attachVideo(video, meta, adapter ? { adapter: adapter as AttachVideoOptions["adapter"] } : undefined);
      }
    } catch (e) {
      d.report(e as Error);
    }
  };

  const start = async (it: GalleryItem) => {
    const pb = it.playback!;
    if (expired(pb.expiresAt)) return retry(new Error(`gallery: playback URL of ${it.id} expired`));
    if (isHls(pb.type, pb.src) && (d.preferHlsJs || !video.canPlayType(HLS_TYPE))) {
      let Hls: HlsCtor;
      try {
        Hls = await d.loadHls();
      } catch (e) {
        return fail(new Error(`gallery: hls.js could not be loaded: ${(e as Error).message}`));
      }
      if (closed) return;
      if (!Hls.isSupported()) return fail(new Error('gallery: this browser cannot play HLS'));
      const instance = (hls = new Hls());
      instance.on(Hls.Events.ERROR, (_e, data) => {
        if (data?.fatal && hls === instance) void retry(new Error(`gallery: hls.js ${data.details} ${data.response?.code ?? ''}`.trim()));
      });
      track(it, d.hlsAdapter?.(instance));
      instance.attachMedia(video);
      instance.loadSource(pb.src);
    } else {
      track(it);
      video.src = pb.src;
    }
    video.play().catch(() => {
      /* autoplay refused or source failed: the error listener handles failures, controls remain */
    });
  };

  // A native source failing (403 on a signed URL reports as a media error): fetch a fresh URL once.
  video.addEventListener('error', () => {
    if (!hls && video.hasAttribute('src')) void retry(new Error(`gallery: media error ${video.error?.code ?? ''} on ${item.id}`));
  });

  const close = (restoreFocus = true) => {
    if (closed) return;
    closed = true;
    video.pause();
    tracking?.detach();
    unload();
    if (dialog.open) dialog.close();
    dialog.remove();
    if (restoreFocus) d.onClose(item.id);
  };

  d.root.append(dialog);
  try {
    dialog.showModal();
  } catch {
    // No modal support (very old browsers) or the gallery was detached meanwhile: still show it.
    dialog.setAttribute('open', '');
  }
  closeBtn.focus();
  void start(item);
  return { itemId: item.id, close };
}
