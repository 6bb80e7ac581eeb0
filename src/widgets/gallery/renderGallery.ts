import { adoptStyles, h, mergeStrings, onceVisible, pickLang, t } from '../shared';
import type { Encore } from '../../types';
import { GALLERY_CSS } from './styles';
import { GALLERY_STRINGS } from './strings';
import { validateManifest } from './validate';
import { lockReason } from './lockReason';
import { newContentTracker } from './newContent';
import type { Player } from './player';
import type { GalleryController, GalleryItem, GalleryManifest, GalleryOptions, HlsCtor } from './types';

/**
 * Notifications that mean "the shopper is someone else now" (`identify()` with a new user, `reset()`):
 * re-fetch the manifest, since the server decides entitlement per identity.
 */
const IDENTITY_NOTIFICATIONS = ['identity'];

/** The plugin-API members the gallery uses to notify `encore.on(…)` listeners. */
type Hooks = {
  report?: (error: unknown, where?: string) => void;
  emit?: (name: string, payload: unknown) => void;
  identity?: () => { userId: string | null; anonymousId: string };
};
const whoKey = (p?: { userId?: string | null; anonymousId?: string } | null) => (p ? `${p.userId ?? ''}|${p.anonymousId ?? ''}` : '');

const duration = (s: number) => `${Math.floor(s / 60)}:${String(Math.floor(s % 60)).padStart(2, '0')}`;

/**
 * Renders a gated gallery into `element` (in its shadow root) from the manifest at `options.src`.
 * The merchant's server decides what is locked; the widget only shows what it is told, keeps the
 * manifest in memory only, and never builds a playback URL for a locked item.
 *
 * @returns a controller: `refresh()` re-fetches (after login/logout), `destroy()` removes everything.
 */
export function renderGallery(element: HTMLElement, options: GalleryOptions): GalleryController {
  options = options ?? ({} as GalleryOptions);
  let root: ShadowRoot;
  try {
    root = element.shadowRoot ?? element.attachShadow({ mode: 'open' });
  } catch (e) {
    // Not an element that can host a shadow root (<input>, <img>, a closed root): never throw into the page.
    const error = new Error(`gallery: cannot render into ${String((element as Element | null)?.tagName ?? element)}: ${(e as Error).message}`);
    console.warn('[encore-gallery]', error.message);
    try {
      options.onError?.(error);
    } catch {
      /* page callback errors stay in the page */
    }
    return { refresh: () => Promise.resolve(), destroy() {} };
  }
  root.replaceChildren();
  const sheetsBefore = [...root.adoptedStyleSheets];
  adoptStyles(root, GALLERY_CSS);
  const lang = options.lang ?? pickLang(element);
  const strings = mergeStrings(GALLERY_STRINGS, options.strings);
  const tx = (key: string, vars?: Record<string, string>) => t(strings, lang, key, vars);
  const storage = options.storage !== undefined ? options.storage : typeof localStorage !== 'undefined' ? safeLocalStorage() : null;

  const container = h('div', { class: 'gal', part: 'gallery', role: 'region', 'aria-label': tx('label'), tabindex: '-1' });
  root.append(container);

  let destroyed = false;
  let seq = 0;
  let abort: AbortController | undefined;
  let latest: Promise<void> = Promise.resolve();
  let manifest: GalleryManifest | undefined;
  let player: Player | undefined;
  let news: ReturnType<typeof newContentTracker> | undefined;
  let stopViewed: (() => void) | undefined;
  let cardStops: Array<() => void> = [];
  const openers = new Map<string, HTMLElement>();
  const seenLocked = new Set<string>();
  const announced = new Set<string>();
  const posters = new Map<Element, string>();
  const posterIO =
    typeof IntersectionObserver === 'function'
      ? new IntersectionObserver(
          (entries) => {
            for (const e of entries) if (e.isIntersecting) showPoster(e.target as HTMLImageElement);
          },
          { rootMargin: '300px' },
        )
      : undefined;

  const getEncore = (): Encore | undefined => {
    // undefined: the global script-tag instance if any; null: explicitly none.
    const e = options.encore === undefined ? (globalThis as { encore?: Encore }).encore : options.encore;
    return e && typeof e.track === 'function' ? e : undefined;
  };

  // The instance's notification hooks (`emit`, `report`): instances from createEncore carry them;
  // the script-tag global does not, so they are obtained the sanctioned way, as a plugin's `setup(api)`.
  let hooked: Encore | undefined;
  let hooks: Hooks | undefined;
  const sdk = (): Hooks | undefined => {
    const e = getEncore() as (Encore & Hooks) | undefined;
    if (!e || typeof e.emit === 'function') return e;
    if (e !== hooked) {
      hooked = e;
      hooks = undefined;
      try {
        e.use({ name: 'encore-gallery', type: 'feature', setup: (api) => void (hooked === e && (hooks = api)) });
      } catch {
        /* an instance without plugins: page hooks only */
      }
    }
    return hooks;
  };

  const report = (error: Error) => {
    console.warn('[encore-gallery]', error.message);
    try {
      options.onError?.(error);
    } catch {
      /* a throwing page callback must not break the gallery */
    }
    element.dispatchEvent(new CustomEvent('encore-gallery-error', { detail: error }));
    // Through the SDK too, so `encore.on('error')` listeners hear it.
    try {
      const h = sdk();
      if (h?.report) h.report(error); // messages already start with `gallery:`
      else h?.emit?.('error', error);
    } catch {
      /* never throw into the page */
    }
  };

  const track = (event: string, properties: Record<string, unknown>) => {
    try {
      getEncore()?.track(event, properties);
    } catch (e) {
      report(e as Error);
    }
  };

  let subscribed: Encore | undefined;
  let who = '';
  // identify() with the same user again changes nothing on the server: skip the re-fetch.
  const onIdentity = (payload: unknown) => {
    const next = whoKey(payload as Parameters<typeof whoKey>[0]) || String(Math.random());
    if (next === who) return;
    who = next;
    // The grid shows the previous shopper's entitlement: take it down until the server answers.
    manifest = undefined;
    void load();
  };
  const unsubscribe = () => {
    for (const n of IDENTITY_NOTIFICATIONS) subscribed?.off(n, onIdentity);
    subscribed = undefined;
  };
  const subscribe = () => {
    sdk();
    const e = getEncore();
    if (e === subscribed) return;
    unsubscribe();
    if (typeof e?.on !== 'function') return;
    subscribed = e;
    // Who the manifest is being fetched for, so only a real change re-fetches.
    try {
      who = whoKey(sdk()?.identity?.());
    } catch {
      who = '';
    }
    for (const n of IDENTITY_NOTIFICATIONS) e.on(n, onIdentity);
  };

  function showPoster(img: HTMLImageElement) {
    const url = posters.get(img);
    if (!url) return;
    posters.delete(img);
    posterIO?.unobserve(img);
    img.src = url;
  }

  const poster = (item: GalleryItem) => {
    if (!item.poster) return null;
    const img = h('img', {
      part: 'poster',
      alt: '',
      loading: 'lazy',
      decoding: 'async',
      onload: () => img.classList.add('on'),
      onerror: () => img.remove(),
    });
    posters.set(img, item.poster);
    if (posterIO) posterIO.observe(img);
    else showPoster(img);
    return img;
  };

  const lockedSeen = (item: GalleryItem, interaction: 'view' | 'click') => {
    if (interaction === 'view' && seenLocked.has(item.id)) return;
    seenLocked.add(item.id);
    track('Gallery Item Locked Viewed', { gallery_id: manifest?.id, item_id: item.id, reason: item.lock?.reason ?? 'unknown', interaction });
  };

  const announce = (m: GalleryManifest, item: GalleryItem) => {
    if (announced.has(item.id)) return;
    announced.add(item.id);
    if (news && !news.claim(item.id)) return;
    const info = { gallery_id: m.id, item_id: item.id, locked: item.locked };
    track('Exclusive Content Available', info);
    try {
      options.onExclusiveContent?.(info);
    } catch {
      /* page callback errors stay in the page */
    }
    element.dispatchEvent(new CustomEvent('encore-exclusive-content', { detail: info }));
    try {
      sdk()?.emit?.('exclusive-content', info);
    } catch {
      /* never throw into the page */
    }
  };

  const card = (m: GalleryManifest, item: GalleryItem) => {
    const isNew = !!news?.isNew(item);
    if (isNew) announce(m, item);
    const badge = isNew && h('span', { class: 'new', part: 'new-badge' }, tx('new'));
    const body = h(
      'div',
      { class: 'body' },
      h('h3', { class: 't', part: 'title' }, item.title),
      item.description && h('p', { class: 'd', part: 'description' }, item.description),
    );
    if (!item.locked) {
      const open = h(
        'button',
        {
          class: 'open',
          part: 'play-button',
          type: 'button',
          // The label replaces the button's content for screen readers, so it carries the "New" badge too.
          'aria-label': tx('play', { title: item.title }) + (isNew ? ` (${tx('new')})` : ''),
          onclick: () => void play(item.id),
        },
        h(
          'span',
          { class: 'media', part: 'media' },
          poster(item),
          badge,
          h('span', { class: 'play', 'aria-hidden': 'true' }),
          item.durationSec != null && h('span', { class: 'dur', part: 'duration' }, duration(item.durationSec)),
        ),
      );
      openers.set(item.id, open);
      return h('li', { class: 'card', part: 'card' }, open, body);
    }
    const cta = item.lock?.cta;
    body.append(
      h('p', { class: 'why', part: 'reason' }, lockReason(item.lock, strings, lang, options.timeZone)),
      cta ? h('a', { class: 'cta', part: 'cta', href: cta.url }, cta.label) : '',
    );
    const li = h(
      'li',
      { class: 'card locked', part: 'card locked', onclick: () => lockedSeen(item, 'click') },
      h('div', { class: 'media', part: 'media' }, poster(item), badge, h('span', { class: 'lock', part: 'lock-badge' }, h('i', { 'aria-hidden': 'true' }), tx('locked'))),
      body,
    );
    cardStops.push(onceVisible(li, () => lockedSeen(item, 'view'), 0.5));
    return li;
  };

  const clearCards = () => {
    for (const stop of cardStops) stop();
    cardStops = [];
    posterIO?.disconnect();
    posters.clear();
    openers.clear();
  };

  const render = (m: GalleryManifest) => {
    clearCards();
    news ??= newContentTracker(storage, m.id);
    const heading = m.title ? h('h2', { class: 'hd', part: 'heading' }, m.title) : null;
    const content = m.items.length
      ? h('ul', { class: 'grid', part: 'grid', role: 'list' }, ...m.items.map((item) => card(m, item)))
      : h('p', { class: 'state', part: 'empty' }, tx('empty'));
    container.replaceChildren(heading ?? '', content);
    container.setAttribute('aria-label', m.title || tx('label'));
    container.setAttribute('aria-busy', 'false');
    stopViewed ??= onceVisible(container, () =>
      track('Gallery Viewed', { gallery_id: m.id, item_count: m.items.length, locked_count: m.items.filter((i) => i.locked).length }),
    );
  };

  const showLoading = () => {
    clearCards();
    container.setAttribute('aria-busy', 'true');
    const sk = () => h('li', { class: 'sk' });
    container.replaceChildren(
      h('p', { class: 'vh', role: 'status' }, tx('loading')),
      h('ul', { class: 'grid', 'aria-hidden': 'true' }, sk(), sk(), sk()),
    );
  };

  const showError = () => {
    clearCards();
    container.setAttribute('aria-busy', 'false');
    container.replaceChildren(
      h(
        'div',
        { class: 'state', part: 'error', role: 'alert' },
        h('p', null, tx('error')),
        h('button', { class: 'retry', part: 'retry', type: 'button', onclick: () => void load().then(() => container.focus()) }, tx('retry')),
      ),
    );
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
      if (my !== seq || destroyed) return;
      manifest = undefined;
      player?.close(false);
      showError();
      const message = e instanceof Error ? e.message : String(e);
      report(new Error(message.startsWith('gallery:') ? message : `gallery: ${src} could not be loaded: ${message}`));
      return;
    }
    if (my !== seq || destroyed) return;
    const { manifest: m, problems } = validateManifest(data, src);
    for (const p of problems) report(new Error(`gallery: ${p}`));
    if (!m) {
      manifest = undefined;
      player?.close(false);
      showError();
      return;
    }
    manifest = m;
    render(m);
    // Entitlement may have been withdrawn (logout): stop a player whose item is no longer unlocked.
    if (player && !m.items.some((i) => i.id === player!.itemId && !i.locked)) player.close();
  };

  const load = (): Promise<void> => {
    if (destroyed) return latest;
    if (typeof options.src !== 'string' || !options.src) {
      showError();
      report(new Error('gallery: options.src (the manifest URL) is missing'));
      return latest;
    }
    subscribe();
    const my = ++seq;
    abort?.abort();
    const ctrl = (abort = new AbortController());
    if (!manifest) showLoading();
    else container.setAttribute('aria-busy', 'true');
    latest = fetchManifest(my, ctrl.signal);
    return latest;
  };

  /** Waits for the newest load, even when another load starts meanwhile. */
  const settled = async () => {
    let p: Promise<void>;
    do {
      p = latest;
      await p;
    } while (p !== latest);
  };

  const loadHls = async (): Promise<HlsCtor> => {
    const m = await (options.loadHls ? options.loadHls() : import('hls.js'));
    return ((m as { default?: HlsCtor }).default ?? m) as HlsCtor;
  };

  let opening = 0;
  const play = async (id: string) => {
    const item = manifest?.items.find((i) => i.id === id);
    if (!item || item.locked || !item.playback) return;
    player?.close(false);
    player = undefined;
    const mine = ++opening;
    // The player is its own chunk: a gallery nobody plays never downloads it. The click's user
    // activation outlives this short load, so playback with sound still starts.
    let openPlayer: typeof import('./player').openPlayer;
    try {
      ({ openPlayer } = await import('./player'));
    } catch (e) {
      return report(new Error(`gallery: the player could not be loaded: ${(e as Error).message}`));
    }
    if (destroyed || mine !== opening) return;
    player = openPlayer(
      {
        root,
        strings,
        lang,
        encore: getEncore,
        loadHls,
        preferHlsJs: !!options.preferHlsJs,
        hlsAdapter: options.hlsAdapter,
        refetch: async (itemId) => {
          await load();
          await settled();
          return manifest?.items.find((i) => i.id === itemId && !i.locked);
        },
        report,
        onClose: (itemId) => {
          player = undefined;
          (openers.get(itemId) ?? container).focus();
        },
      },
      item,
    );
  };

  void load();

  return {
    async refresh() {
      await load();
      await settled();
    },
    destroy() {
      if (destroyed) return;
      destroyed = true;
      abort?.abort();
      player?.close(false);
      clearCards();
      stopViewed?.();
      unsubscribe();
      root.replaceChildren();
      root.adoptedStyleSheets = sheetsBefore;
    },
  };
}

/** localStorage, or null where touching it throws (sandboxed iframes, blocked storage). */
function safeLocalStorage(): Storage | null {
  try {
    return localStorage;
  } catch {
    return null;
  }
}
