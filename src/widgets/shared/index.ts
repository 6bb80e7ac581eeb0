/**
 * Shared utilities of Encore's widgets (gallery, recommendations). Internal to the package: widget
 * entry points import them, the package does not export them. The API below is stable.
 *
 * - `safeUrl(url, base?) → string | null`: absolute href for `https:` or same-origin URLs, else null.
 * - `h(tag, props?, ...children) → HTMLElement`: DOM builder; string children are text nodes;
 *   `class`, attributes, `on…` function listeners; URL attributes (`href`, `src`, `poster`) go
 *   through `safeUrl` and are dropped when unsafe. `append(parent, children)` appends the same way.
 * - `adoptStyles(shadowRoot, css)`: constructable stylesheet (CSP-safe), `<style>` fallback.
 * - `pickLang(el?) → 'ja' | 'en'`: nearest `[lang]`, `<html lang>`, `navigator.language`.
 * - `t(strings, lang, key, vars?) → string`: `strings[lang][key]` → English → key; `{var}` placeholders.
 *   `mergeStrings(base, overrides?)` merges per-language overrides.
 * - `formatDate(iso, lang, { timeZone?, year? }?) → string`: short month/day in the shopper's locale and
 *   time zone, year added when not this year; '' for invalid input.
 * - `prefersReducedMotion() → boolean`.
 * - `onceVisible(el, cb, threshold = 0.25) → stop()`: IntersectionObserver, fires once.
 */
export { safeUrl } from './safeUrl';
export { h, append } from './h';
export type { Props, PropValue, Child } from './h';
export { adoptStyles } from './adoptStyles';
export { pickLang, t, mergeStrings } from './lang';
export type { Lang, Strings } from './lang';
export { formatDate } from './formatDate';
export type { FormatDateOptions } from './formatDate';
export { prefersReducedMotion } from './motion';
export { onceVisible } from './onceVisible';
