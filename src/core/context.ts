/**
 * The parts of `context` the core adds from the page's address and the device: the campaign
 * (utm_* parameters) and the device's fixed facts, read once per instance. `context.page` itself
 * is `lib/page-context.ts` (the snippet and SPA page views read it too).
 */
import type { EventContext } from '../types';

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
