/**
 * `renderGallery(element, options)`: the gallery's shell and lifecycle. It owns the shadow root, its
 * stylesheet and strings, and wires the parts together: the Encore link (`encoreLink.ts`), the
 * manifest loader (`manifestLoader.ts`), the grid of cards (`grid.ts`) and the player launcher
 * (`playerLauncher.ts`). `destroy()` undoes all of it.
 */
import { adoptStyles, h, mergeStrings, pickLang, t } from '../shared';
import { GALLERY_CSS } from './styles';
import { GALLERY_STRINGS } from './strings';
import { linkEncore } from './encoreLink';
import { createManifestLoader } from './manifestLoader';
import { createGrid } from './grid';
import { playerLauncher } from './playerLauncher';
import type { GalleryController, GalleryOptions } from './types';

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

  const container = h('div', { class: 'gal', part: 'gallery', role: 'region', 'aria-label': tx('label'), tabindex: '-1' });
  root.append(container);

  let destroyed = false;
  const link = linkEncore(element, options, () => {
    // The grid shows the previous shopper's entitlement: take it down until the server answers.
    loader.forget();
    void load();
  });
  const loader = createManifestLoader(options, {
    loading(refreshing) {
      link.followIdentity();
      grid.showLoading(refreshing);
    },
    settled(manifest) {
      if (!manifest) {
        player.close();
        grid.showError();
        return;
      }
      grid.render(manifest);
      player.keepIfUnlocked(manifest);
    },
    report: link.report,
  });
  const load = loader.load;
  const refresh = async () => {
    await load();
    await loader.settledLoad();
  };
  const grid = createGrid({ container, strings, lang, tx, options, link, play: (id) => void player.play(id), retry: load });
  const player = playerLauncher({
    root,
    strings,
    lang,
    options,
    link,
    manifest: loader.current,
    refetch: async (itemId) => {
      await refresh();
      return loader.current()?.items.find((i) => i.id === itemId && !i.locked);
    },
    closed: grid.focusItem,
    alive: () => !destroyed,
  });

  void load();

  return {
    refresh,
    destroy() {
      if (destroyed) return;
      destroyed = true;
      loader.stop();
      player.close();
      grid.destroy();
      link.unfollowIdentity();
      root.replaceChildren();
      root.adoptedStyleSheets = sheetsBefore;
    },
  };
}
