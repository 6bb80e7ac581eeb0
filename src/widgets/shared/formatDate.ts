import type { Lang } from './lang';

/** Options of {@link formatDate}. */
export interface FormatDateOptions {
  /** IANA time zone; defaults to the shopper's (the runtime's). Tests pin it. */
  timeZone?: string;
  /** Show the year even when the date is in the current year. */
  year?: boolean;
}

/**
 * Formats an ISO date as a short month/day (`12/1`, Japanese `12月1日` style per Intl) in the shopper's
 * locale and time zone; the year is added when it is not the current year. Invalid input gives ''.
 */
export function formatDate(iso: unknown, lang: Lang, options: FormatDateOptions = {}): string {
  if (typeof iso !== 'string' && typeof iso !== 'number') return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const nav = typeof navigator !== 'undefined' ? navigator.language : '';
  // English keeps the shopper's regional format (en-GB says 1/12); Japanese always uses ja-JP.
  const locale = lang === 'ja' ? 'ja-JP' : /^en\b/i.test(nav) ? nav : 'en-US';
  try {
    const tz = options.timeZone;
    const yearOf = (x: Date) => new Intl.DateTimeFormat('en-US', { year: 'numeric', timeZone: tz }).format(x);
    const showYear = options.year || yearOf(d) !== yearOf(new Date());
    return new Intl.DateTimeFormat(locale, {
      month: 'numeric',
      day: 'numeric',
      ...(showYear ? { year: 'numeric' } : {}),
      timeZone: tz,
    }).format(d);
  } catch {
    // An unknown time zone name: fall back to the runtime's.
    return d.toLocaleDateString(locale);
  }
}
