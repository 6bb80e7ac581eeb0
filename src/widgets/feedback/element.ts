/**
 * `<encore-survey>`, registered by `defineSurveyElement()` (nothing happens at import time).
 * Attributes: `survey-id`, `type`, `after-video` (selector), `after-order-days`, `period-days`,
 * `manual`, `no-comment`, `question`, `video-id`, `order-id`, `category`, `lang`; properties
 * `encore`, `history`, `strings`. Invalid attributes are reported (console, `encore-survey-error`,
 * the client's `on('error')`), not thrown: an element cannot throw into the page.
 */
import type { Encore } from '../../types';
import type { Lang, Strings } from '../shared/lang';
import type { SurveyOptions, SurveyPurchaseHistory, SurveyType } from './options';
import { renderSurvey, type SurveyHandle } from './render';

const ATTRS = ['survey-id', 'type', 'after-video', 'after-order-days', 'period-days', 'manual', 'no-comment', 'question', 'video-id', 'order-id', 'category', 'lang'];
const PROPS = ['encore', 'history', 'strings'] as const;

/** Instances of `<encore-survey>`. */
export interface EncoreSurveyElement extends HTMLElement {
  encore?: Encore | null;
  history?: SurveyPurchaseHistory;
  strings?: Strings;
  show(): void;
  dismiss(): void;
}

/** Registers `<encore-survey>` (or `name`). Safe to call again; a no-op without custom elements (server rendering). */
export function defineSurveyElement(name = 'encore-survey'): void {
  if (typeof customElements == 'undefined' || customElements.get(name)) return;
  class SurveyElement extends HTMLElement implements EncoreSurveyElement {
    static observedAttributes = ATTRS;
    _properties: Record<string, unknown> = {};
    private _handle?: SurveyHandle;
    private _queued = false;
    declare encore?: Encore | null;
    declare history?: SurveyPurchaseHistory;
    declare strings?: Strings;

    constructor() {
      super();
      // Properties set before the element was defined (upgrade) go through the accessors.
      for (const k of PROPS)
        if (Object.prototype.hasOwnProperty.call(this, k)) {
          const v = this[k];
          delete this[k];
          this._properties[k] = v;
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
      if (this.isConnected) this._schedule();
    }
    show() {
      this._handle?.show();
    }
    dismiss() {
      this._handle?.dismiss();
    }
    _schedule() {
      if (this._queued) return;
      this._queued = true;
      // After parsing, so an `after-video` selector can find a video later in the document.
      const go = () => queueMicrotask(() => this._render());
      if (document.readyState == 'loading') document.addEventListener('DOMContentLoaded', go, { once: true });
      else go();
    }
    _render() {
      this._queued = false;
      this._handle?.destroy();
      this._handle = undefined;
      if (!this.isConnected) return;
      const attr = (n: string) => this.getAttribute(n) ?? undefined;
      // A value that is not a number stays the text it was, so the error message quotes it.
      const num = (n: string) => (attr(n) === undefined || !Number.isFinite(Number(attr(n))) ? attr(n) : Number(attr(n)));
      const options: Record<string, unknown> = {
        ...this._properties,
        surveyId: attr('survey-id'),
        type: attr('type') as SurveyType,
        afterVideo: attr('after-video'),
        afterOrderDays: num('after-order-days'),
        periodDays: num('period-days'),
        manual: this.hasAttribute('manual') || undefined,
        comment: this.hasAttribute('no-comment') ? false : undefined,
        question: attr('question'),
        videoId: attr('video-id'),
        orderId: attr('order-id'),
        category: attr('category'),
        lang: attr('lang') as Lang | undefined,
      };
      for (const k in options) if (options[k] === undefined) delete options[k];
      try {
        this._handle = renderSurvey(this, options as unknown as SurveyOptions);
      } catch (e) {
        console.error('[encore-survey]', (e as Error).message);
        this.dispatchEvent(new CustomEvent('encore-survey-error', { detail: e }));
        const encore = (this._properties.encore ?? (globalThis as { encore?: Encore }).encore) as { report?: (e: unknown, where?: string) => void } | undefined;
        try {
          encore?.report?.(e, 'survey');
        } catch {
          /* never throw into the page */
        }
      }
    }
  }
  for (const k of PROPS)
    Object.defineProperty(SurveyElement.prototype, k, {
      get(this: SurveyElement) {
        return this._properties[k];
      },
      set(this: SurveyElement, v: unknown) {
        this._properties[k] = v;
        if (this.isConnected) this._schedule();
      },
    });
  customElements.define(name, SurveyElement);
}

declare global {
  interface HTMLElementTagNameMap {
    'encore-survey': EncoreSurveyElement;
  }
}
