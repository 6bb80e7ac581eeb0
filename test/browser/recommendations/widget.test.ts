/**
 * The recommendations widget in every engine under a strict CSP: reasoned items from a catalog
 * feed (an upgrade among them, in English and Japanese) or an endpoint, the quiet fallback,
 * visibility-based measurement, the custom element and hostile feed data rendered as text.
 */
import { describe, expect, it } from 'vitest';
import { openEnginePage, type EnginePageLog, type Page } from '../../support/engines';
import { CATALOG, CLIP_A, HOSTILE, PAGE } from './fixtures';
import { engineBrowser, server, useEngineEnv } from '../../support/env';
import { letTimePass } from '../../support/wait';

const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' https:; media-src 'self' https:; connect-src 'self'";

useEngineEnv((server) => {
  server.htmlHeaders['content-security-policy'] = CSP;
  server.route('/api/catalog', () => ({ status: 200, body: CATALOG }));
  server.route('/api/hostile', () => ({ status: 200, body: HOSTILE }));
  server.route('/api/broken', () => ({ status: 500, body: 'Internal Server Error' }));
  server.route('/api/recs', () => ({
    status: 200,
    body: {
      placement: 'post-purchase',
      items: [
        { id: 'sharpener', sku: 'SH-1', name: 'Whetstone sharpener', category: 'knife-care', price: 3000, currency: 'JPY', url: `${PAGE}/product.html?id=sharpener`, reason: { type: 'accessory', label: 'Keeps your knife sharp' }, video: { src: CLIP_A, title: 'How to sharpen' } },
        { id: 'bad', name: 'Bad', url: 'javascript:alert(1)', reason: { type: 'accessory', label: 'x' } },
      ],
    },
  }));
});

async function open(lang = 'en'): Promise<{ page: Page; log: EnginePageLog }> {
  const o = await openEnginePage(engineBrowser, `${server.origin}${PAGE}/recs.html`);
  await o.page.waitForFunction(() => (window as any).pageReady);
  if (lang !== 'en') await o.page.evaluate((l) => document.documentElement.setAttribute('lang', l), lang);
  return o;
}

const render = (page: Page, options: Record<string, unknown>, target = '#recs') =>
  page.evaluate(
    async ([options, target]) => {
      const w = window as any;
      const h = w.recs.renderRecommendations(document.querySelector(target), { encore: w.fakeEncore(), ...options });
      w.handle = h;
      return (await h.ready).length as number;
    },
    [options, target] as const,
  );
const reasons = (page: Page, sel = '#recs') => page.evaluate((s) => (window as any).reasons(s), sel) as Promise<any[]>;
const tracked = (page: Page, event: string) => page.evaluate((e) => (window as any).tracked.filter((t: any) => t.event === e), event) as Promise<any[]>;

describe('recommendations widget', () => {
  it('knife → sharpener (accessory) and the sharpening video, with reasons in English', async () => {
    const { page, log } = await open();
    const n = await render(page, { catalog: '/api/catalog', order: { order_id: 'o1', products: [{ product_id: 'knife', sku: 'KN-1' }] } });
    expect(n).toBeGreaterThanOrEqual(3);
    const r = await reasons(page);
    expect(r[0]).toMatchObject({ name: 'Whetstone sharpener', reason: 'accessory', label: 'Goes with your Chef knife' });
    expect(r[0].href).toMatch(/\/product\.html\?id=sharpener&rec_id=\w+\.1$/);
    expect(r[1]).toMatchObject({ name: 'Sharpening your knife', reason: 'how-to', label: 'How to use your Chef knife' });
    expect(r[1].video).toBe(`${server.origin}${CLIP_A}`);
    expect(r[2]).toMatchObject({ name: 'Cutting board', reason: 'cross-sell' });
    expect(r.map((x) => x.name)).not.toContain('Chef knife');
    // Themable through ::part from the page's stylesheet.
    const color = await page.evaluate(() => getComputedStyle(document.querySelector('#recs')!.shadowRoot!.querySelector('.reason')!).color);
    expect(color).toBe('rgb(1, 2, 3)');
    expect(await page.evaluate(() => (window as any).cspViolations)).toEqual([]);
    expect(log.errors).toEqual([]);
    await page.close();
  });

  it('speaks Japanese when the page does, and strings can be overridden', async () => {
    const { page } = await open('ja');
    await render(page, { catalog: '/api/catalog', order: [{ product_id: 'knife' }], strings: { ja: { 'reason.how-to': '{about}のお手入れ動画' } } });
    const r = await reasons(page);
    expect(r[0].label).toBe('お持ちのChef knifeと一緒に');
    expect(r[1].label).toBe('Chef knifeのお手入れ動画');
    expect(await page.evaluate(() => document.querySelector('#recs')!.shadowRoot!.querySelector('h2')!.textContent)).toBe('あなたへのおすすめ');
    await page.close();
  });

  it('an upgrade the catalog marks shows its reason, in English and in Japanese', async () => {
    const { page } = await open();
    const catalog = {
      products: [
        { id: 'kettle', name: 'Kettle', category: 'kettles', price: 5000, currency: 'JPY', url: `${PAGE}/product.html?id=kettle`, upgrades: ['kettle-pro', 'kettle-mini'] },
        { id: 'kettle-pro', name: 'Kettle Pro', category: 'kettles', price: 12000, currency: 'JPY', url: `${PAGE}/product.html?id=kettle-pro` },
        { id: 'kettle-mini', name: 'Mini kettle', category: 'kettles', price: 3000, currency: 'JPY', url: `${PAGE}/product.html?id=kettle-mini` },
      ],
    };
    await render(page, { catalog, order: [{ product_id: 'kettle' }] });
    expect(await reasons(page)).toMatchObject([
      { name: 'Kettle Pro', reason: 'upgrade', label: 'A step up from your Kettle' },
      { name: 'Mini kettle', reason: 'similar', label: 'More in kettles' },
    ]);
    await render(page, { catalog, order: [{ product_id: 'kettle' }], lang: 'ja' }, '#below');
    expect((await reasons(page, '#below'))[0]).toMatchObject({ name: 'Kettle Pro', reason: 'upgrade', label: 'お持ちのKettleからのステップアップに' });
    // The cheaper product marked as an upgrade was reported, not thrown.
    expect((await page.evaluate(() => (window as any).warnings as string[])).some((m) => m.includes('ignored upgrade kettle kettle-mini'))).toBe(true);
    await page.close();
  });

  it('Recommendation Viewed only once an item is visible, once each; Clicked carries position and reason', async () => {
    const { page } = await open();
    await page.evaluate(() => document.body.classList.add('tall'));
    const n = await render(page, { catalog: '/api/catalog', order: [{ product_id: 'knife' }], placement: 'post-purchase' }, '#below');
    // Wait for the first intersection report of the (off-screen) list, then nothing may have been viewed yet.
    await page.evaluate(
      () =>
        new Promise<void>((resolve) => {
          const io = new IntersectionObserver(() => (io.disconnect(), resolve()));
          io.observe(document.querySelector('#below')!.shadowRoot!.querySelector('li')!);
        }),
    );
    expect(await tracked(page, 'Recommendation Viewed')).toEqual([]);
    await page.evaluate(() => document.querySelector('#below')!.scrollIntoView());
    await page.waitForFunction((n) => (window as any).tracked.filter((t: any) => t.event === 'Recommendation Viewed').length === n, n);
    // Scrolling away and back does not count again.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.evaluate(() => document.querySelector('#below')!.scrollIntoView());
    const viewed = await tracked(page, 'Recommendation Viewed');
    expect(viewed).toHaveLength(n);
    expect(viewed.map((v) => v.properties.position).sort()).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    expect(viewed[0].properties).toMatchObject({ placement: 'post-purchase', product_id: expect.any(String), reason: expect.any(String), rec_id: expect.stringMatching(/\.\d+$/) });

    await page.evaluate(() => document.addEventListener('click', (e) => e.preventDefault()));
    await page.evaluate(() => document.querySelector('#below')!.shadowRoot!.querySelector('a')!.click());
    const [clicked] = await tracked(page, 'Recommendation Clicked');
    expect(clicked.properties).toMatchObject({ placement: 'post-purchase', product_id: 'sharpener', position: 1, reason: 'accessory' });
    expect(clicked.properties.rec_id).toBe(viewed.find((v) => v.properties.position === 1).properties.rec_id);
    // destroy() leaves nothing behind.
    expect(await page.evaluate(() => ((window as any).handle.destroy(), document.querySelector('#below')!.shadowRoot!.childElementCount))).toBe(0);
    await page.close();
  });

  it('uses the endpoint when given, skipping invalid items', async () => {
    const { page } = await open();
    const n = await render(page, { src: '/api/recs', catalog: '/api/catalog', order: [{ product_id: 'knife' }] });
    expect(n).toBe(1);
    const [item] = await reasons(page);
    expect(item).toMatchObject({ name: 'Whetstone sharpener', reason: 'accessory', label: 'Keeps your knife sharp', video: `${server.origin}${CLIP_A}` });
    expect(item.href).toContain('/product.html?id=sharpener&rec_id=');
    await page.close();
  });

  it('endpoint failure: quiet fallback to catalog picks, or nothing, never an error', async () => {
    const { page, log } = await open();
    const n = await render(page, { src: '/api/broken', catalog: '/api/catalog', order: [{ product_id: 'shoes' }] });
    expect(n).toBeGreaterThan(0);
    expect((await reasons(page))[0]).toMatchObject({ name: 'Trekking jacket', reason: 'cross-sell', label: 'Goes with your Trekking shoes' });
    const none = await render(page, { src: '/api/broken' }, '#below');
    expect(none).toBe(0);
    expect(await page.evaluate(() => document.querySelector('#below')!.shadowRoot!.childElementCount)).toBe(0);
    const unreachable = await render(page, { src: 'http://127.0.0.1:9/nothing' }, '#below');
    expect(unreachable).toBe(0);
    expect(log.errors).toEqual([]);
    await page.close();
  });

  it('<encore-recommendations> renders from attributes after defineRecommendationsElement()', async () => {
    const { page } = await open();
    expect(await page.evaluate(() => !!customElements.get('encore-recommendations'))).toBe(false);
    await page.evaluate(async () => {
      const w = window as any;
      // Properties set before the definition (an upgrade) are honoured.
      const el = document.createElement('encore-recommendations') as any;
      el.id = 'el';
      el.setAttribute('catalog', '/api/catalog');
      el.setAttribute('anchors', 'shoes');
      el.setAttribute('limit', '2');
      el.encore = w.fakeEncore();
      document.body.append(el);
      w.recs.defineRecommendationsElement();
      await new Promise((r) => queueMicrotask(() => r(null)));
      await el.ready;
    });
    const r = await reasons(page, '#el');
    expect(r).toHaveLength(2);
    expect(r[0]).toMatchObject({ name: 'Trekking jacket', label: 'Goes with your Trekking shoes' });
    // The pre-upgrade `encore` property is the one measuring.
    await page.waitForFunction(() => (window as any).tracked.some((t: any) => t.event === 'Recommendation Viewed'));
    // Removing the element cleans up; putting it back renders again.
    await page.evaluate(async () => {
      const el = document.querySelector('#el') as any;
      el.remove();
      document.body.append(el);
      await new Promise((r) => queueMicrotask(() => r(null)));
      await el.ready;
    });
    expect(await reasons(page, '#el')).toHaveLength(2);
    // Setting a property renders again.
    await page.evaluate(async () => {
      const el = document.querySelector('#el') as any;
      el.order = [{ product_id: 'knife' }];
      await new Promise((r) => queueMicrotask(() => r(null)));
      await el.ready;
    });
    expect((await reasons(page, '#el'))[0]).toMatchObject({ name: 'Whetstone sharpener', reason: 'accessory' });
    await page.close();
  });

  it('a hostile feed renders as text and executes nothing', async () => {
    const { page, log } = await open();
    const n = await render(page, { catalog: '/api/hostile' });
    expect(n).toBe(3);
    const r = await reasons(page);
    expect(r.map((x) => x.name)).toEqual(['<img src=x onerror=window.__xss=1>', '"><script>window.__xss=4</script>', 'Data image']);
    const dom = await page.evaluate(() => {
      const root = document.querySelector('#recs')!.shadowRoot!;
      return {
        imgs: [...root.querySelectorAll('img')].map((i) => i.getAttribute('src')),
        scripts: root.querySelectorAll('script').length,
        videos: root.querySelectorAll('video').length,
        hrefs: [...root.querySelectorAll('a')].map((a) => a.getAttribute('href')),
        xss: (window as any).__xss ?? null,
      };
    });
    expect(dom).toMatchObject({ imgs: [], scripts: 0, videos: 0, xss: null });
    expect(dom.hrefs.every((h) => !!h && h.startsWith(server.origin))).toBe(true);
    expect((await page.evaluate(() => (window as any).warnings as string[])).some((m) => m.includes('skipped'))).toBe(true);
    // Give any injected handler a chance to run: a frame and 50 ms later, still nothing.
    await page.evaluate(() => new Promise((frame) => requestAnimationFrame(frame)));
    await letTimePass(50);
    expect(await page.evaluate(() => (window as any).__xss ?? null)).toBeNull();
    expect(log.errors).toEqual([]);
    await page.close();
  });
});
