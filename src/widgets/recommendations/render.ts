/**
 * `renderRecommendations(element, options)`: renders reasoned recommendations into the element's
 * shadow root, from a recommendations endpoint (`src`) or, without one (or when it fails), ranked
 * here from a catalog feed. Failures end in a quiet fallback: catalog picks or nothing, never an error.
 */
import type { Encore, VideoHandle } from '../../types';
import { adoptStyles } from '../shared/adoptStyles';
import { h } from '../shared/h';
import { mergeStrings, pickLang, t, type Lang, type Strings } from '../shared/lang';
import { onceVisible } from '../shared/onceVisible';
import { safeUrl } from '../shared/safeUrl';
import { orderProducts, type PurchaseHistory } from './history';
import { rank, type Ranked } from './rank';
import { checkReplenishment } from './replenishmentCheck';
import { STRINGS } from './strings';
import { REC_CSS } from './styles';
import type { Catalog, RecItem } from './types';
import { parseCatalog, parseResponse } from './validate';
import { attempt as safe, warn } from './warn';

/** Options of {@link renderRecommendations} (and properties of `<encore-recommendations>`). */
export interface RecommendationsOptions {
  /** Recommendations endpoint (`GET`, the shape in docs/recommendations.md). */
  src?: string;
  /** Catalog feed: a JSON URL or the feed object, ranked locally when there is no `src` or it fails. */
  catalog?: string | Catalog | unknown;
  /** Placement name reported with events; default `post-purchase`. */
  placement?: string;
  /** The Encore instance for measurement, interest scores and how-to video tracking. */
  encore?: Encore;
  /** Purchase history (e.g. `purchaseHistoryPlugin()`); its consent state decides personalization. */
  history?: PurchaseHistory;
  /** Personalization consent when no `history` is given; default false. */
  personalization?: boolean;
  /** The order just completed (`Order Completed` properties or a product list); default the history's last order. */
  order?: unknown;
  /** Product ids or skus to recommend for (e.g. the product on the page), used when there is no order. */
  anchors?: string[];
  limit?: number;
  /** Days before a refill is due that the reminder shows; default 14. */
  leadDays?: number;
  lang?: Lang;
  strings?: Strings;
  /** Heading text; `null` for none. */
  title?: string | null;
  /** Fetch credentials for `src` and a catalog URL; default `same-origin`. */
  credentials?: RequestCredentials;
  /** Called for each how-to video rendered (e.g. to `attachUpNext`), with its tracking handle. */
  onVideo?: (video: HTMLVideoElement, item: RecItem, handle?: VideoHandle) => void;
  /** Clock, for tests. */
  now?: () => number;
}

export interface RecommendationsHandle {
  /** Resolves with the items rendered (possibly none). */
  ready: Promise<RecItem[]>;
  /** Loads and renders again. */
  refresh(): Promise<RecItem[]>;
  /** Removes everything the widget added (listeners, observers, video tracking). */
  destroy(): void;
}

type Shown = RecItem & { product_id: string; dueAt?: number };

/** Distinguishes renderings; not a secret. */
const randomId = () => Math.random().toString(36).slice(2, 8);

async function getJson(url: string, credentials: RequestCredentials, signal: AbortSignal): Promise<unknown> {
  const res = await fetch(url, { credentials, signal });
  if (!res.ok) throw new Error(`HTTP ${res.status} from ${url}`);
  return res.json();
}

/** Renders recommendations into `element` (a shadow root is attached to it). Never throws. */
export function renderRecommendations(element: HTMLElement, options: RecommendationsOptions = {}): RecommendationsHandle {
  let root: ShadowRoot | undefined;
  try {
    // Styles are adopted once per shadow root, so re-rendering (element reconnects) does not stack them.
    const fresh = !element.shadowRoot;
    root = element.shadowRoot ?? element.attachShadow({ mode: 'open' });
    if (fresh || !root.adoptedStyleSheets.length) adoptStyles(root, REC_CSS);
  } catch (e) {
    warn(e);
  }
  let cleanups: Array<() => void> = [];
  let generation = 0;
  let abort: AbortController | undefined;

  const clear = () => {
    for (const c of cleanups) c();
    cleanups = [];
    root?.replaceChildren();
  };

  const load = async (signal: AbortSignal): Promise<Shown[]> => {
    const lang = options.lang ?? pickLang(element);
    const strings = mergeStrings(STRINGS, options.strings);
    const history = options.history;
    const credentials = options.credentials ?? 'same-origin';
    const src = options.src && safeUrl(options.src);
    if (src) {
      try {
        const res = parseResponse(await getJson(src, credentials, signal), src);
        if (res?.items.length) {
          // The server's reason label is shown as it is (text); it knows what was bought, the widget may not.
          return res.items.map((i) => ({ ...i, product_id: i.id }));
        }
      } catch (e) {
        if (signal.aborted) return [];
        // The quiet fallback: no error in the page, catalog picks below when a catalog is given.
        warn(e);
      }
    }
    if (options.catalog == null) return [];
    let catalog: Catalog;
    if (typeof options.catalog === 'string') {
      const url = safeUrl(options.catalog);
      if (!url) return [];
      try {
        catalog = parseCatalog(await getJson(url, credentials, signal), url);
      } catch (e) {
        if (!signal.aborted) warn(e);
        return [];
      }
    } else catalog = parseCatalog(options.catalog);

    const encore = options.encore ?? history?.api?.();
    const personal = history ? history.personal() : !!options.personalization;
    const now = options.now?.() ?? Date.now();
    const purchases = personal && history ? await history.list() : [];
    const interests: Record<string, number> = {};
    if (personal) {
      for (const s of safe(() => encore?.segments()) ?? []) {
        if (s.id.startsWith('interest:') && typeof s.score === 'number') interests[s.id.slice(9)] = s.score;
      }
    }
    const order = orderProducts(options.order ?? history?.lastOrder());
    const anchors = order.length ? order.map((p) => p.product_id ?? p.sku!) : options.anchors;
    // Awaited so that `ready` means the due cycle was claimed (tests and pages can rely on it).
    if (history) await checkReplenishment({ catalog, history, encore, leadDays: options.leadDays, now }).catch(warn);
    const ranked = rank({ products: catalog.products, howTo: catalog.howTo, anchors, personal, purchases, interests, now, leadDays: options.leadDays, limit: options.limit });
    return ranked.map((r) => toItem(r, strings, lang));
  };

  const paint = (items: Shown[]) => {
    if (!root) return;
    const lang = options.lang ?? pickLang(element);
    const strings = mergeStrings(STRINGS, options.strings);
    const placement = options.placement ?? 'post-purchase';
    const encore = options.encore ?? options.history?.api?.();
    const renderId = randomId();
    const title = options.title === undefined ? t(strings, lang, 'title') : options.title;
    const list = h('ul', { part: 'list' });
    items.forEach((item, i) => {
      const position = i + 1;
      const recId = `${renderId}.${position}`;
      const props = { placement, rec_id: recId, product_id: item.product_id, position, reason: item.reason.type, reason_label: item.reason.label };
      let clicked = false;
      const click = () => {
        if (clicked && item.video) return;
        clicked = true;
        safe(() => encore?.track('Recommendation Clicked', props));
      };
      const li = h('li', { part: `item item-${item.reason.type}`, 'data-reason': item.reason.type });
      if (item.url) {
        const price = formatPrice(item.price, item.currency, lang);
        li.append(
          h(
            'a',
            { part: 'link', href: withParam(item.url, 'rec_id', recId), onclick: click },
            item.image && !item.video ? h('img', { part: 'image', src: item.image, alt: '', loading: 'lazy' }) : null,
            h('span', { class: 'name', part: 'name' }, item.name),
            price ? h('span', { class: 'price', part: 'price' }, price) : null,
          ),
        );
      }
      const v = item.video;
      if (v) {
        const video = h('video', { part: 'video', controls: true, preload: 'metadata', playsinline: true, poster: v.poster, src: v.src, title: v.title || item.name });
        // Starting the video is how the shopper follows a video recommendation.
        video.addEventListener('play', click);
        li.append(video);
        if (!item.url) li.append(h('span', { class: 'name', part: 'name' }, item.name));
        const handle = safe(() =>
          encore?.attachVideo(video, { videoId: item.id, title: v.title || item.name, category: item.category, productIds: [item.product_id] }),
        );
        if (handle) cleanups.push(() => handle.detach());
        safe(() => options.onVideo?.(video, item, handle));
      }
      li.append(h('p', { class: 'reason', part: 'reason' }, item.reason.label));
      if (item.dueAt) li.append(h('span', { class: 'due', part: 'due' }, t(strings, lang, 'due', { date: shortDate(item.dueAt, lang) })));
      list.append(li);
      cleanups.push(onceVisible(li, () => safe(() => encore?.track('Recommendation Viewed', props)), 0.5));
    });
    if (items.length) root.append(h('section', { part: 'container', 'aria-label': title ?? t(strings, lang, 'title') }, title ? h('h2', { part: 'title' }, title) : null, list));
  };

  const refresh = (): Promise<RecItem[]> => {
    const gen = ++generation;
    abort?.abort();
    const ctl = (abort = new AbortController());
    return load(ctl.signal)
      .catch((e) => {
        warn(e);
        return [] as Shown[];
      })
      .then((items) => {
        if (gen !== generation) return [];
        clear();
        paint(items);
        return items;
      });
  };

  return {
    ready: refresh(),
    refresh,
    destroy() {
      generation++;
      abort?.abort();
      clear();
    },
  };
}

function toItem(r: Ranked, strings: Strings, lang: Lang): Shown {
  const p = r.product;
  return {
    id: r.video ? `howto:${r.video.id ?? p.id}` : p.id,
    product_id: p.id,
    sku: p.sku,
    name: r.video?.title || p.name,
    category: p.category,
    price: r.video ? undefined : p.price,
    currency: p.currency,
    url: r.video ? undefined : p.url,
    image: p.image,
    reason: { type: r.reason, label: t(strings, lang, `reason.${r.reason}`, { about: r.about }) },
    video: r.video && { src: r.video.src, poster: r.video.poster, title: r.video.title },
    dueAt: r.dueAt,
  };
}

/** Month and day in the shopper's locale and time zone (a due date is never far away). */
function shortDate(at: number, lang: Lang): string {
  return new Date(at).toLocaleDateString(lang === 'ja' ? 'ja-JP' : undefined, { month: 'short', day: 'numeric' });
}

function formatPrice(price: number | undefined, currency: string | undefined, lang: Lang): string {
  if (price == null) return '';
  try {
    return currency ? new Intl.NumberFormat(lang === 'ja' ? 'ja-JP' : 'en-US', { style: 'currency', currency }).format(price) : String(price);
  } catch {
    return String(price);
  }
}

function withParam(url: string, name: string, value: string): string {
  try {
    const u = new URL(url);
    u.searchParams.set(name, value);
    return u.href;
  } catch {
    return url;
  }
}
