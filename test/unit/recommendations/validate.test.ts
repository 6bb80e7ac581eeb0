import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseCatalog, parseResponse } from '../../../src/widgets/recommendations/validate';
import { rank } from '../../../src/widgets/recommendations/rank';

afterEach(() => vi.restoreAllMocks());

describe('validation', () => {
  it('skips products without id, name or a safe url, with a warning each', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const c = parseCatalog({
      products: [
        { id: 'ok', name: 'Fine', url: 'https://shop.example/ok', image: 'javascript:alert(1)', price: 10, currency: 'jpy' },
        { id: 'js', name: 'Bad', url: 'javascript:alert(1)' },
        { id: 'http', name: 'Plain http elsewhere', url: 'http://evil.example/x' },
        { name: 'no id', url: 'https://shop.example/x' },
        null,
        'string',
      ],
    });
    expect(c.products.map((p) => p.id)).toEqual(['ok']);
    expect(c.products[0]!.image).toBeUndefined();
    expect(c.products[0]!.currency).toBe('JPY');
    expect(warn).toHaveBeenCalledTimes(5);
  });

  it('keeps hostile text as data (it is rendered with textContent later)', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const c = parseCatalog([{ id: 'x', name: '<img src=x onerror=window.__xss=1>', url: 'https://shop.example/x' }]);
    expect(c.products[0]!.name).toBe('<img src=x onerror=window.__xss=1>');
  });

  it('resolves relative urls against the feed url and checks the origin', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const c = parseCatalog({ products: [{ id: 'r', name: 'R', url: '/p/r' }] }, 'https://cdn.example/feed.json');
    expect(c.products[0]!.url).toBe('https://cdn.example/p/r');
    const local = parseCatalog({ products: [{ id: 'r', name: 'R', url: '/p/r' }] });
    expect(local.products[0]!.url).toBe(new URL('/p/r', document.baseURI).href);
  });

  it('parses how-to videos per product and per category, dropping unsafe ones', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const c = parseCatalog({
      products: [{ id: 'k', name: 'K', url: 'https://s.example/k', howTo: [{ src: 'javascript:x', title: 'bad' }, { src: 'https://v.example/a.mp4', title: 'A' }] }],
      howTo: { knives: { src: 'https://v.example/b.mp4', title: 'B', poster: 'data:image/png;base64,xx' } },
    });
    expect(c.products[0]!.howTo).toEqual([{ id: undefined, src: 'https://v.example/a.mp4', poster: undefined, title: 'A' }]);
    expect(c.howTo!.knives![0]!.poster).toBeUndefined();
  });

  it('endpoint items need a known reason and a safe url or video', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const r = parseResponse({
      placement: 'post-purchase',
      items: [
        { id: 'a', name: 'A', url: 'https://s.example/a', reason: { type: 'accessory', label: 'Goes with your knife' } },
        { id: 'b', name: 'B', url: 'https://s.example/b', reason: { type: 'mystery' } },
        { id: 'c', name: 'C', url: 'javascript:alert(1)', reason: { type: 'accessory' } },
        { id: 'd', name: 'D', reason: { type: 'how-to' }, video: { src: 'https://v.example/d.mp4', title: 'D' } },
      ],
    });
    expect(r!.items.map((i) => i.id)).toEqual(['a', 'd']);
    expect(parseResponse({ nope: 1 })).toBeUndefined();
    expect(parseResponse('<html>')).toBeUndefined();
  });

  it('upgrades: ids are kept like accessories; a mark that names no pricier product of the same category is reported, and never ranked', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const product = (id: string, extra: Record<string, unknown>) => ({ id, name: id, url: `https://shop.example/${id}`, category: 'kettles', currency: 'JPY', ...extra });
    const c = parseCatalog({
      products: [
        product('kettle', { price: 5000, upgrades: ['kettle-pro', 'PRO-SKU', 'kettle-mini', 'mug', 'missing', null, { id: 'x' }] }),
        product('kettle-pro', { sku: 'PRO-SKU', price: 12000 }),
        product('kettle-mini', { price: 3000 }),
        product('mug', { price: 9000, category: 'mugs' }),
        product('odd', { price: 1, upgrades: 'kettle-pro' }),
        product('none', { price: 1, upgrades: ['kettle'], category: 'other' }),
      ],
    });
    const by = Object.fromEntries(c.products.map((p) => [p.id, p]));
    expect(by.kettle!.upgrades).toEqual(['kettle-pro', 'PRO-SKU', 'kettle-mini', 'mug', 'missing']); // null and an object are not ids
    expect(by.odd!.upgrades).toBeUndefined(); // a string, not a list
    const messages = warn.mock.calls.map((args) => args.slice(1).join(' '));
    expect(messages).toEqual([
      'ignored upgrade kettle kettle-mini', // cheaper
      'ignored upgrade kettle mug', // another category
      'ignored upgrade kettle missing', // not in the feed
      'ignored upgrade none kettle', // another category (and cheaper)
    ]);
    const offered = rank({ products: c.products, anchors: ['kettle'], personal: false, now: 0, limit: 20 });
    expect(offered.filter((r) => r.reason === 'upgrade').map((r) => r.product.id)).toEqual(['kettle-pro']);
  });

  it('endpoint items may carry the upgrade reason', () => {
    const r = parseResponse({ items: [{ id: 'p', name: 'Pro', url: 'https://s.example/p', reason: { type: 'upgrade', label: 'A step up from your kettle' } }] });
    expect(r!.items[0]!.reason).toEqual({ type: 'upgrade', label: 'A step up from your kettle' });
  });
});
