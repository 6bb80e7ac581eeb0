/**
 * Opening the dialog player for an unlocked item. The player is its own chunk, loaded on the first
 * play, so a gallery nobody plays never downloads it; at most one player is open per gallery, and
 * it closes when the item it plays is no longer unlocked (the shopper logged out).
 */
import type { Lang, Strings } from '../shared';
import type { EncoreLink } from './encoreLink';
import type { Player } from './player';
import type { GalleryItem, GalleryManifest, GalleryOptions, HlsCtor } from './types';

/** What the launcher needs from its gallery. */
export interface LauncherDeps {
  root: ShadowRoot;
  strings: Strings;
  lang: Lang;
  options: GalleryOptions;
  link: EncoreLink;
  /** The manifest shown now. */
  manifest: () => GalleryManifest | undefined;
  /** Fetches the manifest again and gives the item's fresh version, if still unlocked. */
  refetch: (itemId: string) => Promise<GalleryItem | undefined>;
  /** The player closed: where focus goes back to. */
  closed: (itemId: string) => void;
  /** False once the gallery is destroyed. */
  alive: () => boolean;
}

export function playerLauncher({ root, strings, lang, options, link, manifest, refetch, closed, alive }: LauncherDeps) {
  let player: Player | undefined;
  let opening = 0;

  const loadHls = async (): Promise<HlsCtor> => {
    const m = await (options.loadHls ? options.loadHls() : import('hls.js'));
    return ((m as { default?: HlsCtor }).default ?? m) as HlsCtor;
  };

  const close = (restoreFocus?: boolean) => {
    player?.close(restoreFocus);
    player = undefined;
  };

  const play = async (id: string) => {
    const item = manifest()?.items.find((i) => i.id === id);
    if (!item || item.locked || !item.playback) return;
    close(false);
    const mine = ++opening;
    // The click's user activation outlives this short load, so playback with sound still starts.
    let openPlayer: typeof import('./player').openPlayer;
    try {
      ({ openPlayer } = await import('./player'));
    } catch (e) {
      return link.report(new Error(`gallery: the player could not be loaded: ${(e as Error).message}`));
    }
    if (!alive() || mine !== opening) return;
    player = openPlayer(
      {
        root,
        strings,
        lang,
        encore: link.encore,
        loadHls,
        preferHlsJs: !!options.preferHlsJs,
        hlsAdapter: options.hlsAdapter,
        refetch,
        report: link.report,
        onClose: (itemId) => {
          player = undefined;
          closed(itemId);
        },
      },
      item,
    );
  };

  return {
    play,
    /** Closes the open player without moving focus (the grid is being replaced or removed). */
    close: () => close(false),
    /** Entitlement may have been withdrawn (logout): stop a player whose item is no longer unlocked. */
    keepIfUnlocked(m: GalleryManifest) {
      if (player && !m.items.some((i) => i.id === player!.itemId && !i.locked)) close();
    },
  };
}
