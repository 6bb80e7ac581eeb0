/**
 * Custom elements, registered only by an explicit call (nothing happens at import time):
 * `<encore-recommendations>` and `<encore-up-next>`.
 */
import type { Encore, VideoHandle } from '../../types';
import type { Lang, Strings } from '../shared/lang';
import type { PurchaseHistory } from './history';
import { renderRecommendations, type RecommendationsHandle, type RecommendationsOptions } from './render';
import { UP_NEXT_CSS } from './styles';
import { attachUpNext, type UpNextHandle, type UpNextVideo } from './upNext';
import { adoptStyles } from '../shared/adoptStyles';
import { h } from '../shared/h';

const REC_ATTRS = ['src', 'catalog', 'placement', 'limit', 'lang', 'lead-days', 'anchors'];
/** Properties of the element; setting any of them renders again. */
const REC_PROPS = ['encore', 'history', 'order', 'strings', 'personalization', 'onVideo', 'catalog'] as const;
type RecProps = Pick<RecommendationsOptions, (typeof REC_PROPS)[number]>;

/**
 * Registers `<encore-recommendations>` (attributes `src`, `catalog` (URL), `placement`, `limit`,
 * `lead-days`, `anchors` (comma-separated ids), `lang`; properties `encore`, `history`, `catalog`
 * (object), `order`, `strings`, `personalization`, `onVideo`, each of which renders again when set).
 * Safe to call more than once.
 */
export function defineRecommendationsElement(name = 'encore-recommendations'): void {
  if (typeof customElements === 'undefined' || customElements.get(name)) return;
  class EncoreRecommendations extends HTMLElement {
    static observedAttributes = REC_ATTRS;
    declare encore?: Encore;
    declare history?: PurchaseHistory;
    declare order?: unknown;
    declare strings?: Strings;
    declare personalization?: boolean;
    declare onVideo?: RecommendationsOptions['onVideo'];
    declare catalog?: unknown;
    _p: RecProps = {};
    private _handle?: RecommendationsHandle;
    private _queued = false;
    /** Resolves with the items of the latest render. */
    ready: Promise<unknown> = Promise.resolve([]);

    constructor() {
      super();
      // Properties set before the element was defined (upgrade) go through the accessors.
      for (const k of REC_PROPS) {
        if (Object.prototype.hasOwnProperty.call(this, k)) {
          const v = (this as RecProps)[k];
          delete (this as RecProps)[k];
          (this._p as Record<string, unknown>)[k] = v;
        }
      }
    }
    connectedCallback() {
      this._schedule();
    }
    disconnectedCallback() {
      this._handle?.destroy();
      this._handle = undefined;
    }
    attributeChangedCallback() {
      this._schedule();
    }
    /** Renders again with the current attributes and properties. */
    refresh(): Promise<unknown> {
      this._queued = false;
      this._handle?.destroy();
      if (!this.isConnected) return Promise.resolve([]);
      const attr = (n: string) => this.getAttribute(n) ?? undefined;
      const num = (n: string) => (attr(n) ? Number(attr(n)) || undefined : undefined);
      this._handle = renderRecommendations(this, {
        ...this._p,
        src: attr('src'),
        catalog: this._p.catalog ?? attr('catalog'),
        placement: attr('placement'),
        limit: num('limit'),
        leadDays: num('lead-days'),
        anchors: attr('anchors')?.split(',').map((s) => s.trim()).filter(Boolean),
        lang: (attr('lang') as Lang | undefined) || undefined,
      });
      return (this.ready = this._handle.ready);
    }
    _schedule() {
      if (this._queued) return;
      this._queued = true;
      // One render per task, however many attributes and properties were set together.
      queueMicrotask(() => {
        if (this._queued) void this.refresh();
      });
    }
  }
  for (const k of REC_PROPS) {
    Object.defineProperty(EncoreRecommendations.prototype, k, {
      get(this: EncoreRecommendations) {
        return this._p[k];
      },
      set(this: EncoreRecommendations, v: unknown) {
        (this._p as Record<string, unknown>)[k] = v;
        this._schedule();
      },
    });
  }
  customElements.define(name, EncoreRecommendations);
}

/**
 * Registers `<encore-up-next>`: wrap a `<video>` in it. Attributes `seconds`, `next-src`,
 * `next-poster`, `next-title`, `next-video-id`, `next-category`; properties `next` (object or
 * function), `encore`, `handle`. The card overlays the video's bottom corner.
 */
export function defineUpNextElement(name = 'encore-up-next'): void {
  if (typeof customElements === 'undefined' || customElements.get(name)) return;
  class EncoreUpNext extends HTMLElement {
    static observedAttributes = ['seconds', 'next-src', 'next-poster', 'next-title', 'next-video-id', 'next-category'];
    next?: UpNextVideo | (() => UpNextVideo | null | undefined);
    encore?: Encore;
    handle?: VideoHandle;
    private _up?: UpNextHandle;
    private _overlay?: HTMLElement;
    connectedCallback() {
      if (!this._overlay) {
        const root = this.attachShadow({ mode: 'open' });
        adoptStyles(root, `${UP_NEXT_CSS}:host{display:inline-block;position:relative}.overlay{position:absolute;right:var(--encore-up-next-inset,12px);bottom:calc(var(--encore-up-next-inset,12px) + 40px)}`);
        this._overlay = h('div', { class: 'overlay', part: 'overlay' });
        root.append(h('slot'), this._overlay);
      }
      this.attach();
    }
    disconnectedCallback() {
      this._up?.destroy();
      this._up = undefined;
    }
    attributeChangedCallback() {
      if (this._up) this.attach();
    }
    /** Attaches to the first `<video>` child again (after changing `next`, `encore` or `handle`). */
    attach() {
      this._up?.destroy();
      const video = this.querySelector('video');
      if (!video || !this._overlay) return;
      const attr = (n: string) => this.getAttribute(n) ?? undefined;
      const fromAttrs = (): UpNextVideo | null => {
        const src = attr('next-src');
        return src ? { src, poster: attr('next-poster'), title: attr('next-title'), videoId: attr('next-video-id'), category: attr('next-category') } : null;
      };
      this._up = attachUpNext(video, {
        next: () => (typeof this.next === 'function' ? this.next() : this.next) ?? fromAttrs(),
        seconds: Number(attr('seconds')) || undefined,
        encore: this.encore,
        handle: this.handle,
        container: this._overlay,
      });
    }
  }
  customElements.define(name, EncoreUpNext);
}
