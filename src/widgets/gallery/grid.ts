/**
 * What the gallery shows inside its container: the grid of cards for a manifest (unlocked items are
 * one play button each, locked ones show why and their call to action), the loading and error
 * states, and the events the grid itself causes (gallery viewed, locked teaser seen or clicked,
 * new content announced). Also where focus goes back to when the player closes.
 */
import { h, onceVisible, type Lang, type Strings } from '../shared';
import { lockReason } from './lockReason';
import { newContentTracker } from './newContent';
import { lazyPosters } from './lazyPosters';
import type { EncoreLink } from './encoreLink';
import type { GalleryItem, GalleryManifest, GalleryOptions } from './types';

/** What the grid needs from its gallery. */
export interface GridDeps {
  container: HTMLElement;
  strings: Strings;
  lang: Lang;
  tx: (key: string, vars?: Record<string, string>) => string;
  options: GalleryOptions;
  link: EncoreLink;
  /** The shopper pressed play on an unlocked item. */
  play: (itemId: string) => void;
  /** The shopper pressed Retry in the error state. */
  retry: () => Promise<void>;
}

const duration = (s: number) => `${Math.floor(s / 60)}:${String(Math.floor(s % 60)).padStart(2, '0')}`;

export function createGrid({ container, strings, lang, tx, options, link, play, retry }: GridDeps) {
  const posters = lazyPosters();
  let news: ReturnType<typeof newContentTracker> | undefined;
  let stopViewed: (() => void) | undefined;
  let cardStops: Array<() => void> = [];
  /** Each unlocked item's play button, where focus returns when its player closes. */
  const openers = new Map<string, HTMLElement>();
  const seenLocked = new Set<string>();
  const announced = new Set<string>();

  const lockedSeen = (m: GalleryManifest, item: GalleryItem, interaction: 'view' | 'click') => {
    if (interaction === 'view' && seenLocked.has(item.id)) return;
    seenLocked.add(item.id);
    link.track('Gallery Item Locked Viewed', { gallery_id: m.id, item_id: item.id, reason: item.lock?.reason ?? 'unknown', interaction });
  };

  /** Announces a new item once per gallery, and once ever per browser (the tracker's storage). */
  const announce = (m: GalleryManifest, item: GalleryItem) => {
    if (announced.has(item.id)) return;
    announced.add(item.id);
    if (news && !news.claim(item.id)) return;
    link.announce({ gallery_id: m.id, item_id: item.id, locked: item.locked });
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
          onclick: () => play(item.id),
        },
        h(
          'span',
          { class: 'media', part: 'media' },
          posters.poster(item.poster),
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
      { class: 'card locked', part: 'card locked', onclick: () => lockedSeen(m, item, 'click') },
      h('div', { class: 'media', part: 'media' }, posters.poster(item.poster), badge, h('span', { class: 'lock', part: 'lock-badge' }, h('i', { 'aria-hidden': 'true' }), tx('locked'))),
      body,
    );
    cardStops.push(onceVisible(li, () => lockedSeen(m, item, 'view'), 0.5));
    return li;
  };

  /** Stops everything the current cards observe. */
  const clear = () => {
    for (const stop of cardStops) stop();
    cardStops = [];
    posters.clear();
    openers.clear();
  };

  const render = (m: GalleryManifest) => {
    clear();
    news ??= newContentTracker(options.storage !== undefined ? options.storage : safeLocalStorage(), m.id);
    const heading = m.title ? h('h2', { class: 'hd', part: 'heading' }, m.title) : null;
    const content = m.items.length
      ? h('ul', { class: 'grid', part: 'grid', role: 'list' }, ...m.items.map((item) => card(m, item)))
      : h('p', { class: 'state', part: 'empty' }, tx('empty'));
    container.replaceChildren(heading ?? '', content);
    container.setAttribute('aria-label', m.title || tx('label'));
    container.setAttribute('aria-busy', 'false');
    stopViewed ??= onceVisible(container, () =>
      link.track('Gallery Viewed', { gallery_id: m.id, item_count: m.items.length, locked_count: m.items.filter((i) => i.locked).length }),
    );
  };

  /** A skeleton grid, or (`keepCards`, while refreshing a shown manifest) the current cards marked busy. */
  const showLoading = (keepCards: boolean) => {
    container.setAttribute('aria-busy', 'true');
    if (keepCards) return;
    clear();
    const sk = () => h('li', { class: 'sk' });
    container.replaceChildren(
      h('p', { class: 'vh', role: 'status' }, tx('loading')),
      h('ul', { class: 'grid', 'aria-hidden': 'true' }, sk(), sk(), sk()),
    );
  };

  const showError = () => {
    clear();
    container.setAttribute('aria-busy', 'false');
    container.replaceChildren(
      h(
        'div',
        { class: 'state', part: 'error', role: 'alert' },
        h('p', null, tx('error')),
        h('button', { class: 'retry', part: 'retry', type: 'button', onclick: () => void retry().then(() => container.focus()) }, tx('retry')),
      ),
    );
  };

  return {
    render,
    showLoading,
    showError,
    /** Focus back to the play button of `itemId` (its player closed), or to the gallery. */
    focusItem(itemId: string) {
      (openers.get(itemId) ?? container).focus();
    },
    destroy() {
      clear();
      stopViewed?.();
    },
  };
}

/** localStorage, or null where there is none or touching it throws (sandboxed iframes, blocked storage). */
function safeLocalStorage(): Storage | null {
  try {
    return typeof localStorage !== 'undefined' ? localStorage : null;
  } catch {
    return null;
  }
}
