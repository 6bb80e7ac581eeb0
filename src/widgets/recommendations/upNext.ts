/**
 * `attachUpNext(video, options)`: N seconds before the end of a video, a card announces the next
 * one with a visible countdown that follows the playhead (pausing pauses it). Escape or Cancel
 * stops it; when the video ends it plays the next one in the same element (muted when the browser
 * requires it for autoplay), which video tracking sees as a new view.
 */
import type { Encore, VideoHandle } from '../../types';
import { adoptStyles } from '../shared/adoptStyles';
import { h } from '../shared/h';
import { mergeStrings, pickLang, t, type Lang, type Strings } from '../shared/lang';
import { safeUrl } from '../shared/safeUrl';
import { STRINGS } from './strings';
import { UP_NEXT_CSS } from './styles';
import { attempt } from './warn';

/** The next video. */
export interface UpNextVideo {
  src: string;
  poster?: string;
  title?: string;
  videoId?: string;
  category?: string;
  productIds?: string[];
}

export interface UpNextOptions {
  /** The next video, or a function asked when the card is about to show (`null`: nothing next). */
  next: UpNextVideo | null | (() => UpNextVideo | null | undefined);
  /** Seconds before the end that the card shows; default 10. */
  seconds?: number;
  /**
   * Measures the card like a recommendation: `Recommendation Viewed` when it shows and
   * `Recommendation Clicked` when the next video starts (`placement: 'up-next'`, `auto` true at 0).
   */
  encore?: Encore;
  /** The `attachVideo` handle of this element: its meta is updated for the new view. */
  handle?: VideoHandle;
  /** Where the card goes; default right after the video. */
  container?: Element | ShadowRoot;
  lang?: Lang;
  strings?: Strings;
  /** Loads the next source into the element (e.g. through hls.js); default sets `video.src`. */
  load?: (video: HTMLVideoElement, next: UpNextVideo) => void;
  /** Called after the next video was started. */
  onAdvance?: (next: UpNextVideo) => void;
}

export interface UpNextHandle {
  /** Hides the card and stops the countdown for the current video. */
  cancel(): void;
  /** Removes the card and every listener. */
  destroy(): void;
}

const DATA: Array<[keyof UpNextVideo, string]> = [
  ['videoId', 'encoreVideo'],
  ['title', 'encoreTitle'],
  ['category', 'encoreCategory'],
];

/** Attaches an up-next card to `video`. Never throws; a missing or unsafe next video shows nothing. */
export function attachUpNext(video: HTMLVideoElement, options: UpNextOptions): UpNextHandle {
  const seconds = options.seconds ?? 10;
  const lang = options.lang ?? pickLang(video);
  const strings = mergeStrings(STRINGS, options.strings);
  const tr = (key: string, vars?: Record<string, string | number>) => t(strings, lang, key, vars);

  const host = h('div', { part: 'up-next', exportparts: 'card,poster,label,title,countdown,progress,play,cancel' });
  const root = host.attachShadow({ mode: 'open' });
  adoptStyles(root, UP_NEXT_CSS);
  const status = h('div', { class: 'sr', role: 'status', 'aria-live': 'polite' });
  const poster = h('img', { part: 'poster', alt: '' });
  const titleEl = h('p', { class: 'title', part: 'title' });
  const count = h('p', { class: 'count', part: 'countdown', 'aria-hidden': 'true' });
  const bar = h('div', { class: 'bar', part: 'progress' });
  const playBtn = h('button', { type: 'button', part: 'play' }, tr('playNow'));
  const cancelBtn = h('button', { type: 'button', class: 'cancel', part: 'cancel' }, tr('cancel'));
  const card = h(
    'div',
    { class: 'card', part: 'card', role: 'group', 'aria-label': tr('upNext'), hidden: true },
    poster,
    h('div', { class: 'body' }, h('p', { class: 'label', part: 'label' }, tr('upNext')), titleEl, count, bar),
    playBtn,
    cancelBtn,
  );
  root.append(card, status);
  if (options.container) options.container.appendChild(host);
  else video.insertAdjacentElement('afterend', host);

  let next: UpNextVideo | undefined;
  let shown = false;
  let cancelled = false;
  let lastCount = -1;
  let recId = '';
  const measure = (event: string, n: UpNextVideo, extra?: object) => {
    attempt(() => options.encore?.track(event, { placement: 'up-next', rec_id: recId, product_id: n.productIds?.[0] ?? n.videoId, video_id: n.videoId, position: 1, reason: 'up-next', ...extra }));
  };

  const resolveNext = (): UpNextVideo | undefined => {
    const n = attempt(() => (typeof options.next === 'function' ? options.next() : options.next));
    const src = n && safeUrl(n.src);
    return n && src ? { ...n, src, poster: safeUrl(n.poster) ?? undefined } : undefined;
  };

  const remaining = () => Math.max(0, video.duration - video.currentTime);

  const show = () => {
    next = resolveNext();
    if (!next) return;
    shown = true;
    recId = `un.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    measure('Recommendation Viewed', next);
    if (next.poster) poster.setAttribute('src', next.poster);
    else poster.removeAttribute('src');
    poster.hidden = !next.poster;
    titleEl.textContent = next.title ?? '';
    card.hidden = false;
    tick();
    status.textContent = tr('announce', { title: next.title ?? '', n: Math.ceil(remaining()) });
    document.addEventListener('keydown', onKey);
  };

  const hide = () => {
    shown = false;
    lastCount = -1;
    // Focus on a button that disappears would fall to the page: keep it on the player.
    if (root.activeElement) video.focus();
    card.hidden = true;
    document.removeEventListener('keydown', onKey);
  };

  const tick = () => {
    const left = remaining();
    const n = Math.ceil(left);
    if (n !== lastCount) {
      lastCount = n;
      count.textContent = tr('countdown', { n });
    }
    // CSSOM writes are allowed under a strict CSP (only style attributes in markup are not).
    bar.style.transform = `scaleX(${Math.min(1, left / seconds)})`;
  };

  const cancel = () => {
    if (!shown) return;
    cancelled = true;
    hide();
    status.textContent = tr('cancelled');
  };

  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape' || e.key === 'Esc') cancel();
  };

  const advance = (auto: boolean) => {
    const n = next;
    hide();
    if (!n) return;
    measure('Recommendation Clicked', n, { auto });
    cancelled = false;
    next = undefined;
    status.textContent = '';
    video.poster = n.poster ?? '';
    for (const [k, d] of DATA) if (video.dataset[d] != null && n[k]) video.dataset[d] = String(n[k]);
    if (options.load) attempt(() => options.load!(video, n));
    else video.src = n.src;
    if (n.videoId) attempt(() => options.handle?.update({ videoId: n.videoId, title: n.title, category: n.category, productIds: n.productIds }));
    const play = () => video.play();
    play().catch((e: unknown) => {
      // Autoplay policy: muted playback is allowed where sound is not.
      if ((e as Error)?.name === 'NotAllowedError' && !video.muted) {
        video.muted = true;
        return play();
      }
    }).catch(() => undefined);
    attempt(() => options.onAdvance?.(n));
  };

  const onTime = () => {
    if (!Number.isFinite(video.duration) || video.duration <= 0) return;
    const near = remaining() <= seconds;
    if (shown && !near) hide(); // the viewer seeked back
    else if (shown) tick();
    else if (near && !cancelled && !video.ended) show();
    if (!near) cancelled = false;
  };
  const onEnded = () => {
    if (shown && !cancelled) advance(true);
  };
  const onPlayNow = () => advance(false);

  video.addEventListener('timeupdate', onTime);
  video.addEventListener('ended', onEnded);
  playBtn.addEventListener('click', onPlayNow);
  cancelBtn.addEventListener('click', cancel);

  return {
    cancel,
    destroy() {
      hide();
      video.removeEventListener('timeupdate', onTime);
      video.removeEventListener('ended', onEnded);
      playBtn.removeEventListener('click', onPlayNow);
      cancelBtn.removeEventListener('click', cancel);
      host.remove();
    },
  };
}
