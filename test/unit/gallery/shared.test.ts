import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatDate, h, mergeStrings, pickLang, safeUrl, t } from '../../../src/widgets/shared';

describe('safeUrl', () => {
  it('keeps https and same-origin URLs, absolute', () => {
    expect(safeUrl('https://cdn.example.com/a.jpg')).toBe('https://cdn.example.com/a.jpg');
    expect(safeUrl('/a.jpg')).toBe(new URL('/a.jpg', location.href).href);
    expect(safeUrl('a.jpg', 'https://shop.example.com/x/y')).toBe('https://shop.example.com/x/a.jpg');
    expect(safeUrl('  https://cdn.example.com/a.jpg  ')).toBe('https://cdn.example.com/a.jpg');
  });

  it('drops script, data, blob, cross-origin http and garbage', () => {
    for (const bad of [
      'javascript:alert(1)',
      ' JaVaScRiPt:alert(1)',
      'java\nscript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'blob:https://x/y',
      'http://evil.example/x',
      '//evil.example/x',
      'vbscript:x',
      'file:///etc/passwd',
      '',
      '   ',
      null,
      undefined,
      42,
      {},
    ]) {
      expect(safeUrl(bad), String(bad)).toBeNull();
    }
  });

  it('treats same-origin http as safe only for the page origin', () => {
    expect(safeUrl(location.origin + '/x')).toBe(location.origin + '/x');
    expect(safeUrl('x', 'http://other.example/')).toBeNull();
  });
});

describe('h', () => {
  it('renders text as text and never as markup', () => {
    const el = h('p', { class: 'c', title: '<b>' }, '<img src=x onerror=alert(1)>', 3);
    expect(el.textContent).toBe('<img src=x onerror=alert(1)>3');
    expect(el.querySelector('img')).toBeNull();
    expect(el.className).toBe('c');
    expect(el.getAttribute('title')).toBe('<b>');
  });

  it('adds function listeners only, and filters URL attributes', () => {
    const onclick = vi.fn();
    const a = h('a', { href: 'javascript:alert(1)', onclick, onmouseover: 'alert(1)' as never });
    a.click();
    expect(onclick).toHaveBeenCalledOnce();
    expect(a.hasAttribute('href')).toBe(false);
    expect(a.hasAttribute('onmouseover')).toBe(false);
    expect(h('img', { src: 'https://x.example/a.png' }).getAttribute('src')).toBe('https://x.example/a.png');
    expect(h('button', { disabled: true, hidden: false }).outerHTML).toBe('<button disabled=""></button>');
  });
});

describe('pickLang and t', () => {
  afterEach(() => {
    document.documentElement.lang = '';
  });

  it('uses the nearest lang, then the document, then the browser', () => {
    const outer = h('div', { lang: 'ja-JP' }, h('span'));
    expect(pickLang(outer.firstElementChild)).toBe('ja');
    expect(pickLang(h('div', { lang: 'en' }))).toBe('en');
    document.documentElement.lang = 'ja';
    expect(pickLang(h('div'))).toBe('ja');
    expect(pickLang(null)).toBe('ja');
    document.documentElement.lang = '';
    expect(pickLang(h('div'))).toBe(/^ja/.test(navigator.language) ? 'ja' : 'en');
  });

  it('looks up with English fallback and fills placeholders', () => {
    const strings = mergeStrings({ en: { hi: 'Hello {name}', only: 'en only' }, ja: { hi: '{name}さん、こんにちは' } }, { ja: { only: undefined as never } });
    expect(t(strings, 'ja', 'hi', { name: '山田' })).toBe('山田さん、こんにちは');
    expect(t(strings, 'en', 'hi', { name: '<b>' })).toBe('Hello <b>');
    expect(t(strings, 'ja', 'only')).toBe('en only');
    expect(t(strings, 'en', 'missing')).toBe('missing');
    expect(t(strings, 'en', 'hi')).toBe('Hello ');
    expect(t(mergeStrings(strings, { en: { hi: 'Hey {name}' } }), 'en', 'hi', { name: 'A' })).toBe('Hey A');
  });
});

describe('formatDate', () => {
  it('formats month/day in the given time zone, per language', () => {
    const year = new Date().getFullYear();
    const iso = `${year}-12-01T03:00:00Z`;
    expect(formatDate(iso, 'ja', { timeZone: 'Asia/Tokyo' })).toBe('12/1');
    // Same instant, still November 30 in New York.
    expect(formatDate(iso, 'en', { timeZone: 'America/New_York' })).toMatch(/^(11\/30|30\/11)$/);
    expect(formatDate(iso, 'en', { timeZone: 'Asia/Tokyo', year: true })).toMatch(new RegExp(`${year}`));
  });

  it('adds the year when the date is not in the current year', () => {
    expect(formatDate('2031-05-04T12:00:00Z', 'ja', { timeZone: 'UTC' })).toBe('2031/5/4');
    expect(formatDate('2031-05-04T12:00:00Z', 'en', { timeZone: 'UTC' })).toMatch(/2031/);
  });

  it('gives an empty string for invalid input', () => {
    expect(formatDate('not a date', 'en')).toBe('');
    expect(formatDate(undefined, 'en')).toBe('');
    expect(formatDate({}, 'ja')).toBe('');
  });

  it('falls back when the time zone is unknown', () => {
    expect(formatDate('2031-05-04T12:00:00Z', 'en', { timeZone: 'Mars/Olympus' })).not.toBe('');
  });
});

describe('onceVisible, adoptStyles, prefersReducedMotion', () => {
  it('fires once when visible, and never after stop()', async () => {
    const { onceVisible } = await import('../../../src/widgets/shared');
    let observer: { cb: IntersectionObserverCallback; disconnected: boolean } | undefined;
    class FakeIO {
      constructor(cb: IntersectionObserverCallback) {
        observer = { cb, disconnected: false };
      }
      observe() {}
      disconnect() {
        observer!.disconnected = true;
      }
    }
    vi.stubGlobal('IntersectionObserver', FakeIO);
    const cb = vi.fn();
    onceVisible(h('div'), cb, 0.5);
    const entry = (ratio: number) => [{ isIntersecting: ratio > 0, intersectionRatio: ratio }] as unknown as IntersectionObserverEntry[];
    observer!.cb(entry(0.2), {} as IntersectionObserver);
    expect(cb).not.toHaveBeenCalled();
    observer!.cb(entry(0.6), {} as IntersectionObserver);
    observer!.cb(entry(1), {} as IntersectionObserver);
    expect(cb).toHaveBeenCalledOnce();
    expect(observer!.disconnected).toBe(true);
    const never = vi.fn();
    const stop = onceVisible(h('div'), never);
    stop();
    observer!.cb(entry(1), {} as IntersectionObserver);
    expect(never).not.toHaveBeenCalled();
    vi.unstubAllGlobals();
  });

  it('without IntersectionObserver fires in a microtask unless stopped', async () => {
    const { onceVisible } = await import('../../../src/widgets/shared');
    vi.stubGlobal('IntersectionObserver', undefined);
    const cb = vi.fn();
    const stopped = vi.fn();
    onceVisible(h('div'), cb);
    onceVisible(h('div'), stopped)();
    await Promise.resolve();
    expect(cb).toHaveBeenCalledOnce();
    expect(stopped).not.toHaveBeenCalled();
    vi.unstubAllGlobals();
  });

  it('falls back to a <style> element without constructable stylesheets', async () => {
    const { adoptStyles } = await import('../../../src/widgets/shared');
    vi.stubGlobal('CSSStyleSheet', undefined);
    const root = h('div').attachShadow({ mode: 'open' });
    adoptStyles(root, ':host{color:red}');
    expect(root.querySelector('style')?.textContent).toBe(':host{color:red}');
    vi.unstubAllGlobals();
  });

  it('reads the reduced-motion preference and survives a missing matchMedia', async () => {
    const { prefersReducedMotion } = await import('../../../src/widgets/shared');
    vi.stubGlobal('matchMedia', (q: string) => ({ matches: q.includes('reduce') }));
    expect(prefersReducedMotion()).toBe(true);
    vi.stubGlobal('matchMedia', undefined);
    expect(prefersReducedMotion()).toBe(false);
    vi.unstubAllGlobals();
  });
});
