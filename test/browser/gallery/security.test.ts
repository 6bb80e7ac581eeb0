/**
 * The gallery's security in every engine: styled under a strict CSP with no violation (constructable
 * stylesheets, no inline styles), and hostile manifest text and URLs kept inert.
 */
import { describe, expect, it } from 'vitest';
import { openEnginePage } from '../../support/engines';
import { domDump, engineBrowser, inShadow, server, signIn, state, useGalleryEngineEnv, waitForGrid } from './support';

const STRICT_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; media-src 'self' blob:; connect-src 'self'; base-uri 'none'; form-action 'none'; object-src 'none'";

useGalleryEngineEnv();

const PAGE = '/test/browser/gallery/pages/gallery.html';

describe('gallery security', () => {
  it('renders styled under a strict CSP without unsafe-inline, with no violations, and plays', async () => {
    server.htmlHeaders = { 'content-security-policy': STRICT_CSP };
    const { page, log } = await openEnginePage(engineBrowser);
    await signIn(page, 'gold');
    await page.goto(`${server.origin}${PAGE}`);
    await waitForGrid(page);
    const style = await inShadow<Record<string, string>>(
      page,
      `(root) => { const card = getComputedStyle(root.querySelector('.card')); const grid = getComputedStyle(root.querySelector('.grid'));
        return { bg: card.backgroundColor, radius: card.borderTopLeftRadius, display: grid.display, host: getComputedStyle(root.host).backgroundColor, sheets: String(root.adoptedStyleSheets.length) }; }`,
    );
    expect(style).toEqual({ bg: 'rgb(25, 25, 31)', radius: '14px', display: 'grid', host: 'rgb(14, 14, 17)', sheets: '1' });
    // Opened by a key press, a real user gesture: WebKit refuses unmuted play() from a scripted click.
    await inShadow(page, `(root) => root.querySelectorAll('.open')[0].focus()`);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => (document.querySelector('#gallery')!.shadowRoot!.querySelector('video')?.currentTime ?? 0) > 0.2, undefined, { timeout: 20_000 });
    const dialogBg = await inShadow<string>(page, `(root) => getComputedStyle(root.querySelector('dialog')).backgroundColor`);
    expect(dialogBg).toBe('rgb(0, 0, 0)');
    const calls = await page.evaluate(() => (window as any).__calls);
    expect(calls.csp).toEqual([]);
    expect(log.errors).toEqual([]);
    // The policy is in force: an inline style attribute is refused (and reported).
    const probe = await page.evaluate(() => {
      document.body.insertAdjacentHTML('beforeend', '<p id="probe" style="color: rgb(1, 2, 3)">x</p>');
      return getComputedStyle(document.getElementById('probe')!).color;
    });
    expect(probe).not.toBe('rgb(1, 2, 3)');
    await page.waitForFunction(() => (window as any).__calls.csp.length > 0);
    await page.close();
  });

  it('keeps XSS payloads in every text and URL field inert', async () => {
    state.xss = true;
    const { page, log } = await openEnginePage(engineBrowser, `${server.origin}${PAGE}`);
    await waitForGrid(page);
    const titles = await inShadow<string[]>(page, `(root) => [...root.querySelectorAll('.t')].map((e) => e.textContent)`);
    expect(titles).toEqual(['t', 'p', 'r', 'u'].map((id) => `<img src=x onerror="window.__xss=1"> ${id}`));
    expect(await inShadow<string>(page, `(root) => root.querySelector('.hd').textContent`)).toBe('<b onmouseover="window.__xss=1">Gallery</b><img src=x onerror="window.__xss=1">');
    const reasons = await inShadow<string[]>(page, `(root) => [...root.querySelectorAll('.why')].map((e) => e.textContent)`);
    expect(reasons[0]).toBe('<img src=x onerror="window.__xss=1"> members');
    expect(reasons[1]).toBe('For buyers of <svg onload="window.__xss=1">');
    expect(reasons[2]).toBe('Members only');
    // Every CTA URL was unsafe (javascript:, data:, protocol-relative http): no links at all.
    expect(await inShadow<number>(page, `(root) => root.querySelectorAll('a').length`)).toBe(0);
    // Interact with everything: hover, click, play, close.
    for (const sel of ['.card', '.t', '.hd', '.why']) {
      const n = await inShadow<number>(page, `(root) => root.querySelectorAll('${sel}').length`);
      for (let i = 0; i < n; i++) await inShadow(page, `(root) => { const e = root.querySelectorAll('${sel}')[${i}]; e.dispatchEvent(new MouseEvent('mouseover', { bubbles: true })); e.click(); }`);
    }
    await inShadow(page, `(root) => root.querySelector('.open').click()`);
    await page.waitForFunction(() => !!document.querySelector('#gallery')!.shadowRoot!.querySelector('dialog[open]'));
    expect(await inShadow<string>(page, `(root) => root.querySelector('dialog h2').textContent`)).toBe('<img src=x onerror="window.__xss=1"> u');
    const dump = await domDump(page);
    await page.keyboard.press('Escape');
    expect(await page.evaluate(() => (window as any).__xss)).toBeUndefined();
    // Nothing executable or unsafe made it into any attribute, in the document or any shadow root.
    const attrs = dump.split('\n').filter((l) => /^[\w:-]+=/.test(l));
    expect(attrs.filter((l) => /^on/i.test(l))).toEqual([]);
    expect(attrs.filter((l) => /javascript:|data:|evil\.example/i.test(l))).toEqual([]);
    expect(await inShadow<number>(page, `(root) => root.querySelectorAll('script, svg, b, img:not([part=poster])').length`)).toBe(0);
    // The item whose playback URL was javascript: was skipped and reported.
    const errors = (await page.evaluate(() => (window as any).__calls.errors)) as string[];
    expect(errors.some((e) => /playback\.src/.test(e))).toBe(true);
    expect(log.errors).toEqual([]);
    await page.close();
  });
});
