/** UI languages the widgets ship strings for. */
export type Lang = 'ja' | 'en';

/** Strings per language; `{name}` placeholders are filled from `vars` by {@link t}. */
export type Strings = Partial<Record<Lang, Record<string, string>>>;

/**
 * The UI language for a widget: the nearest `[lang]` ancestor of `el`, else `<html lang>`, else the
 * browser language. Japanese when it starts with `ja`, English otherwise.
 */
export function pickLang(el?: Element | null): Lang {
  const tag =
    el?.closest('[lang]')?.getAttribute('lang') ||
    (typeof document !== 'undefined' && document.documentElement.lang) ||
    (typeof navigator !== 'undefined' && navigator.language) ||
    'en';
  return /^ja\b/i.test(tag) ? 'ja' : 'en';
}

/**
 * Looks up `key` in `strings[lang]`, then in English, then gives the key itself, and fills `{name}`
 * placeholders from `vars` (missing vars become ''). The result is plain text: set it with textContent.
 */
export function t(strings: Strings, lang: Lang, key: string, vars?: Record<string, string | number>): string {
  const s = strings[lang]?.[key] ?? strings.en?.[key] ?? key;
  return s.replace(/\{(\w+)\}/g, (_, name: string) => (vars && vars[name] != null ? String(vars[name]) : ''));
}

/** Merges override strings over defaults, per language (used for the widgets' `strings` option). */
export function mergeStrings(base: Strings, overrides?: Strings | null): Strings {
  if (!overrides) return base;
  return {
    en: { ...base.en, ...overrides.en },
    ja: { ...base.ja, ...overrides.ja },
  };
}
