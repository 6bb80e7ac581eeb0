/**
 * Validation of feed data at the edge. Anything a merchant's feed or endpoint sends is untrusted:
 * items without a usable id, name or safe URL are skipped with one `console.warn` each; unsafe
 * optional URLs (image, video poster) are dropped; an `upgrades` mark that names no pricier product
 * of the same category is reported with a warning (the ranking never offers it). Nothing here throws.
 */
import { safeUrl } from '../shared/safeUrl';
import { productIndex } from './replenish';
import { isUpgrade } from './upgrade';
import { warn } from './warn';
import type { Catalog, CatalogProduct, CatalogVideo, RecItem, RecResponse, ReasonType } from './types';

const REASONS: ReasonType[] = ['cross-sell', 'accessory', 'replenishment', 'how-to', 'upgrade', 'affinity', 'similar', 'popular'];

const str = (v: unknown, max = 500): string | undefined =>
  typeof v === 'string' && v.trim() ? v.trim().slice(0, max) : typeof v === 'number' && Number.isFinite(v) ? String(v) : undefined;
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const strList = (v: unknown): string[] | undefined => {
  if (!Array.isArray(v)) return undefined;
  const out = v.map((x) => str(x, 200)).filter((x): x is string => !!x);
  return out.length ? out : undefined;
};
const obj = (v: unknown): Record<string, unknown> | undefined =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;


/** Fields products and endpoint items share. */
function common(o: Record<string, unknown>, id: string, name: string, url: string | undefined, base?: string) {
  return {
    id,
    sku: str(o.sku, 200),
    name,
    category: str(o.category, 200),
    price: num(o.price),
    currency: typeof o.currency === 'string' && /^[A-Za-z]{3}$/.test(o.currency) ? o.currency.toUpperCase() : undefined,
    url: url!,
    image: safeUrl(o.image, base) ?? undefined,
  };
}

/** A video needs a safe `src`; the poster is dropped when unsafe. */
export function parseVideo(v: unknown, base?: string): CatalogVideo | undefined {
  const o = obj(v);
  const src = o && safeUrl(o.src, base);
  if (!o || !src) {
    if (v !== undefined) warn('skipped video', v);
    return undefined;
  }
  const poster = safeUrl(o.poster, base) ?? undefined;
  return { id: str(o.id ?? o.videoId, 200), src, poster, title: str(o.title) ?? '' };
}

const videos = (v: unknown, base?: string): CatalogVideo[] | undefined => {
  const list = (Array.isArray(v) ? v : v ? [v] : []).map((x) => parseVideo(x, base)).filter((x): x is CatalogVideo => !!x);
  return list.length ? list : undefined;
};

/** Parses one catalog product; `undefined` (and a warning) when it cannot be shown safely. */
export function parseProduct(v: unknown, base?: string): CatalogProduct | undefined {
  const o = obj(v);
  const id = o && str(o.id ?? o.product_id, 200);
  const name = o && str(o.name);
  const url = o && safeUrl(o.url, base);
  if (!o || !id || !name || !url) {
    warn('skipped product', v);
    return undefined;
  }
  const days = num(o.replenishDays);
  return {
    ...common(o, id, name, url, base),
    accessories: strList(o.accessories),
    upgrades: strList(o.upgrades),
    complements: strList(o.complements),
    howTo: videos(o.howTo, base),
    replenishDays: days && days > 0 ? days : undefined,
    replenishWith: str(o.replenishWith, 200),
    popularity: num(o.popularity),
  };
}

/** Parses a catalog feed (`{ products, howTo }` or a bare product array). */
export function parseCatalog(v: unknown, base?: string): Catalog {
  const o = obj(v);
  const raw = Array.isArray(v) ? v : Array.isArray(o?.products) ? (o!.products as unknown[]) : [];
  const products = raw.map((p) => parseProduct(p, base)).filter((p): p is CatalogProduct => !!p);
  reportBadUpgrades(products);
  const howTo: Record<string, CatalogVideo[]> = {};
  const byCat = obj(o?.howTo);
  if (byCat) for (const k in byCat) {
    const list = videos(byCat[k], base);
    if (list) howTo[k] = list;
  }
  return { products, howTo };
}

/**
 * One `ignored upgrade <product> <upgrade>` warning for each mark that names no pricier product of
 * the same category in the feed. Only a report: `rank()` applies the same rule (`isUpgrade`) to
 * every catalog, parsed here or not, so such a mark is never offered.
 */
function reportBadUpgrades(products: CatalogProduct[]): void {
  const index = productIndex(products);
  for (const p of products) for (const id of p.upgrades ?? []) if (!isUpgrade(p, index.get(id))) warn('ignored upgrade', p.id, id);
}

/** Parses one endpoint item; the reason type must be known and the label is plain text. */
export function parseItem(v: unknown, base?: string): RecItem | undefined {
  const o = obj(v);
  const id = o && str(o.id, 200);
  const name = o && str(o.name);
  const r = obj(o?.reason);
  const type = r && (REASONS as unknown[]).includes(r.type) ? (r.type as ReasonType) : undefined;
  const url = o?.url === undefined ? undefined : safeUrl(o.url, base);
  const video = o?.video === undefined ? undefined : parseVideo(o.video, base);
  // A link or a video is what makes an item actionable; an unsafe one invalidates the item.
  if (!o || !id || !name || !type || url === null || (o.video !== undefined && !video) || (!url && !video)) {
    warn('skipped item', v);
    return undefined;
  }
  return {
    ...common(o, id, name, url ?? undefined, base),
    reason: { type, label: str(r!.label) ?? '' },
    video: video && { src: video.src, poster: video.poster, title: video.title },
  };
}

/** Parses `GET {src}`; a malformed answer gives `undefined` (the caller falls back quietly). */
export function parseResponse(v: unknown, base?: string): RecResponse | undefined {
  const o = obj(v);
  if (!o || !Array.isArray(o.items)) return undefined;
  return {
    placement: str(o.placement, 100),
    items: o.items.map((i) => parseItem(i, base)).filter((i): i is RecItem => !!i),
  };
}
