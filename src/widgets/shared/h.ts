import { safeUrl } from './safeUrl';

/** Property values `h` understands; see {@link h}. */
export type PropValue = string | number | boolean | null | undefined | ((event: any) => void);
export type Props = Record<string, PropValue>;
export type Child = Node | string | number | null | undefined | false;

/** Attributes that take a URL: their values go through {@link safeUrl} and are dropped when unsafe. */
const URL_ATTRS = new Set(['href', 'src', 'poster', 'action', 'formaction', 'srcset', 'xlink:href', 'data']);

/**
 * Creates an element. Text never becomes markup: string children become text nodes, and there is
 * no way to set `innerHTML` through `h`.
 *
 * - `props.class` sets the class; other string/number props become attributes; `true` sets an empty
 *   attribute; `false`/`null`/`undefined` skip it.
 * - `props.onclick` etc. (a function under an `on…` name) adds an event listener; a non-function `on…`
 *   value is ignored, so data can never become an inline handler.
 * - URL attributes (`href`, `src`, `poster`, …) pass through `safeUrl` and are left out when unsafe.
 *   (`srcset` is never set: it would need per-candidate parsing.)
 */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props?: Props | null, ...children: Child[]): HTMLElementTagNameMap[K];
export function h(tag: string, props?: Props | null, ...children: Child[]): HTMLElement;
export function h(tag: string, props?: Props | null, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  if (props) {
    for (const name in props) {
      const value = props[name];
      if (value == null || value === false) continue;
      if (name.length > 2 && name.startsWith('on')) {
        if (typeof value === 'function') el.addEventListener(name.slice(2), value);
        continue;
      }
      if (typeof value === 'function') continue;
      if (name === 'class') {
        el.className = String(value);
        continue;
      }
      if (URL_ATTRS.has(name.toLowerCase())) {
        const url = name === 'srcset' ? null : safeUrl(String(value));
        if (url) el.setAttribute(name, url);
        continue;
      }
      el.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

/** Appends children as `h` does (strings as text nodes, falsy skipped). */
export function append(parent: Node, children: Child[]): void {
  for (const c of children) {
    if (c == null || c === false) continue;
    parent.appendChild(typeof c === 'object' ? c : document.createTextNode(String(c)));
  }
}
