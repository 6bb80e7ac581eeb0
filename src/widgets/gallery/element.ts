import type { Encore } from '../../types';
import { renderGallery } from './renderGallery';
import type { GalleryController, GalleryOptions } from './types';

/** The `<encore-gallery>` element's class (the shape of instances after {@link defineGalleryElement}). */
export interface EncoreGalleryElement extends HTMLElement {
  /** The Encore instance for events and video tracking; defaults to `window.encore`. */
  encore: Encore | null | undefined;
  /** Extra options (strings, loadHls, onError, …) applied at the next render. */
  options: Partial<GalleryOptions>;
  /** Fetches the manifest again. */
  refresh(): Promise<void>;
}

/**
 * Registers `<encore-gallery src="…">` (attributes: `src`, `lang`, `credentials`). Call it once;
 * importing the module registers nothing. Safe to call again, and a no-op where custom elements
 * do not exist (server rendering).
 */
export function defineGalleryElement(name = 'encore-gallery'): void {
  if (typeof customElements === 'undefined' || customElements.get(name)) return;

  class GalleryElement extends HTMLElement implements EncoreGalleryElement {
    static get observedAttributes() {
      return ['src', 'lang', 'credentials'];
    }
    private _c: GalleryController | undefined;
    private _e: Encore | null | undefined;
    private _o: Partial<GalleryOptions> = {};

    get encore() {
      return this._e;
    }
    set encore(value) {
      const changed = value !== this._e;
      this._e = value;
      // Identity listeners move to the new instance when the manifest is next loaded.
      if (changed) void this._c?.refresh();
    }
    get options() {
      return this._o;
    }
    set options(value) {
      this._o = value ?? {};
      this._render();
    }
    refresh() {
      return this._c?.refresh() ?? Promise.resolve();
    }
    private _live = false;

    constructor() {
      super();
      // Properties set before the element was defined are own properties shadowing the accessors:
      // take them over (the usual custom-element "lazy property" upgrade).
      for (const key of ['encore', 'options'] as const) {
        if (Object.prototype.hasOwnProperty.call(this, key)) {
          const value = (this as any)[key];
          delete (this as any)[key];
          if (key === 'encore') this._e = value;
          else this._o = value ?? {};
        }
      }
    }
    connectedCallback() {
      this._live = true;
      this._render();
    }
    disconnectedCallback() {
      this._live = false;
      this._c?.destroy();
      this._c = undefined;
    }
    attributeChangedCallback() {
      // Before connection (parsing, upgrade) connectedCallback does the first render.
      if (this._live) this._render();
    }
    private _render() {
      this._c?.destroy();
      this._c = undefined;
      const src = this.getAttribute('src');
      if (!src || !this.isConnected) return;
      const self = this;
      const credentials = this.getAttribute('credentials') as RequestCredentials | null;
      this._c = renderGallery(this, {
        ...this._o,
        src,
        ...(credentials ? { credentials } : {}),
        get encore() {
          return self._e ?? self._o.encore;
        },
      });
    }
  }
  customElements.define(name, GalleryElement);
}

declare global {
  interface HTMLElementTagNameMap {
    'encore-gallery': EncoreGalleryElement;
  }
}
