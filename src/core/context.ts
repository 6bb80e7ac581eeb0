/**
 * The parts of `context` that describe the page and device. Computed per call (URL and title can
 * change in SPAs) but cheaply: the static parts are read once per instance.
 */
import type { EventContext } from '../types';

export type PageContext = EventContext['page'];

export function pageContext(referrer?: string): PageContext {
  const l = globalThis.location;
  const d = globalThis.document;
  return {
    url: l?.href ?? '',
    path: l?.pathname ?? '',
    search: l?.search ?? '',
    referrer: referrer ?? d?.referrer ?? '',
    title: d?.title ?? '',
  };
}

/** utm_* parameters of a query string, as Segment names them (utm_campaign → name). */
export function campaignFrom(search: string): Record<string, string> | undefined {
  if (!search || search.indexOf('utm_') < 0) return undefined;
  const out: Record<string, string> = {};
  try {
    new URLSearchParams(search).forEach((v, k) => {
      if (k.startsWith('utm_') && v) out[k === 'utm_campaign' ? 'name' : k.slice(4)] = v.slice(0, 200);
    });
  } catch {
    return undefined;
  }
  return Object.keys(out).length ? out : undefined;
}

/** Locale, time zone, screen and user agent: fixed for the page's life. */
export function deviceContext(): Pick<EventContext, 'locale' | 'timezone' | 'screen' | 'userAgent'> {
  const n = globalThis.navigator;
  let timezone: string | undefined;
  try {
    timezone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch {
    /* old engines */
  }
  const s = globalThis.screen;
  return {
    locale: n?.language,
    timezone,
    screen: s ? { width: s.width, height: s.height, density: globalThis.devicePixelRatio || 1 } : undefined,
    userAgent: n?.userAgent,
  };
}
