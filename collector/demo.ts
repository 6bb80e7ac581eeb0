/**
 * Demo endpoints for the widgets: gallery manifests with server-side entitlement and
 * post-purchase recommendations. The demo customer comes from the `encore_demo_customer` cookie
 * (`guest`, `member`, `gold`, `buyer-<SKU>`), so one browser can show locked and unlocked content.
 * Data lives in examples/storefront/server/demo-data.json.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { MediaSigner } from './media';
import { query } from './store';

export const CUSTOMER_COOKIE = 'encore_demo_customer';
const TIERS = ['member', 'gold'];

interface Customer {
  label: string;
  tier: string | null;
  purchases: string[];
}
interface Product {
  name: string;
  category: string;
  price: number;
  keywords: string[];
}
interface GalleryItemData {
  id: string;
  title: string;
  description: string;
  category: string;
  productIds: string[];
  durationSec: number;
  publishedDaysAgo: number;
  access: { tier?: string; purchase?: string; releaseInDays?: number };
}
interface DemoData {
  customers: Record<string, Customer>;
  products: Record<string, Product>;
  rules: Array<{ when: string; recommend: Array<{ sku: string; reason: { type: string; label: string }; video?: { title: string; media: string } }> }>;
  galleries: Record<string, { title: string; items: GalleryItemData[] }>;
}

export function loadDemoData(root: string): DemoData {
  return JSON.parse(readFileSync(join(root, 'examples/storefront/server/demo-data.json'), 'utf8')) as DemoData;
}

/** Reads one cookie from a Cookie header. */
export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) {
      try {
        return decodeURIComponent(part.slice(i + 1).trim());
      } catch {
        return null;
      }
    }
  }
  return null;
}

export class Demo {
  /** Where the storefront pages live, for product URLs. */
  private readonly store = '/examples/storefront';
  private readonly started = Date.now();

  constructor(
    private readonly data: DemoData,
    private readonly signer: MediaSigner,
  ) {}

  /** The customer a cookie value names; unknown `buyer-<SKU>` values are built on the fly. */
  customer(id: string | null): { id: string } & Customer {
    if (id && this.data.customers[id]) return { id, ...this.data.customers[id]! };
    const m = id ? /^buyer-([A-Za-z0-9_.-]{1,60})$/.exec(id) : null;
    if (m) return { id: id!, label: `Bought ${m[1]}`, tier: 'member', purchases: [m[1]!] };
    return { id: 'guest', ...this.data.customers.guest! };
  }

  /** Valid cookie values for the picker. */
  choices(): Array<{ id: string; label: string }> {
    return Object.entries(this.data.customers).map(([id, c]) => ({ id, label: c.label }));
  }

  isValidCustomer(id: string): boolean {
    return !!this.data.customers[id] || /^buyer-[A-Za-z0-9_.-]{1,60}$/.test(id);
  }

  /** The gallery manifest (CONTRACT.md "Gallery manifest") for this customer, or null. */
  gallery(galleryId: string, customerId: string | null): object | null {
    const g = Object.hasOwn(this.data.galleries, galleryId) ? this.data.galleries[galleryId] : undefined;
    if (!g) return null;
    const who = this.customer(customerId);
    const now = Date.now();
    const day = 86_400_000;
    const exp = Math.floor(now / 1000) + this.signer.ttlSec;
    const items = g.items.map((it) => {
      // Release dates are relative to server start, so the demo looks the same any day.
      const publishedAt = new Date(this.started - it.publishedDaysAgo * day).toISOString();
      const base = {
        id: it.id,
        title: it.title,
        description: it.description,
        category: it.category,
        productIds: it.productIds,
        poster: `/media/posters/${encodeURIComponent(it.id)}.svg`,
        durationSec: it.durationSec,
        publishedAt,
      };
      const a = it.access;
      let lock: Record<string, unknown> | null = null;
      if (a.releaseInDays !== undefined && this.started + a.releaseInDays * day > now) {
        lock = { reason: 'release', availableAt: new Date(this.started + a.releaseInDays * day).toISOString(),
          cta: { label: 'Remind me', url: `${this.store}/members.html` } };
      } else if (a.tier && TIERS.indexOf(who.tier ?? '') < TIERS.indexOf(a.tier)) {
        lock = { reason: 'tier', tier: a.tier, cta: { label: `Join ${a.tier}`, url: `${this.store}/members.html#join` } };
      } else if (a.purchase && !who.purchases.includes(a.purchase)) {
        lock = { reason: 'purchase', productId: a.purchase,
          cta: { label: 'Shop the product', url: `${this.store}/product.html?id=${encodeURIComponent(a.purchase)}` } };
      }
      if (lock) return { ...base, locked: true, lock };
      const path = `/media/members/${encodeURIComponent(it.id)}/master.m3u8`;
      return {
        ...base,
        locked: false,
        playback: { src: this.signer.sign(path, exp), type: 'application/vnd.apple.mpegurl', expiresAt: new Date(exp * 1000).toISOString() },
      };
    });
    return { id: galleryId, title: g.title, customer: { id: who.id, tier: who.tier }, items };
  }

  /**
   * Post-purchase recommendations. The purchase comes from `products` (SKUs), else from the
   * `Order Completed` event stored for `order`, else from the demo customer's history.
   */
  async recommendations(
    params: URLSearchParams,
    customerId: string | null,
    read: <T>(fn: (conn: DuckDBConnection) => Promise<T>) => Promise<T>,
  ): Promise<object> {
    const placement = (params.get('placement') ?? 'post-purchase').slice(0, 50);
    const bought: Array<{ sku: string; name: string }> = [];
    for (const s of (params.get('products') ?? '').split(',').map((x) => x.trim()).filter(Boolean).slice(0, 50)) {
      bought.push({ sku: s, name: this.data.products[s]?.name ?? '' });
    }
    const order = params.get('order');
    if (bought.length === 0 && order) {
      const rows = await read((conn) =>
        query(conn, `SELECT properties FROM events WHERE event = 'Order Completed' AND json_extract_string(properties, '$.order_id') = ? LIMIT 1`, [
          order.slice(0, 200),
        ]),
      );
      const props = rows[0]?.properties;
      const products = props ? (JSON.parse(String(props)) as { products?: unknown }).products : undefined;
      if (Array.isArray(products)) {
        for (const p of products as Array<Record<string, unknown>>) {
          const sku = String(p?.sku ?? p?.product_id ?? '');
          bought.push({ sku, name: String(p?.name ?? '') });
        }
      }
    }
    if (bought.length === 0) for (const sku of this.customer(customerId).purchases) bought.push({ sku, name: this.data.products[sku]?.name ?? '' });

    const ownedSkus = new Set(bought.map((b) => b.sku));
    const items: object[] = [];
    const seen = new Set<string>();
    for (const b of bought) {
      const matched = this.matchProduct(b.sku, b.name);
      const rule = matched ? this.data.rules.find((r) => r.when === matched) : undefined;
      if (!rule) continue;
      for (const rec of rule.recommend) {
        const p = this.data.products[rec.sku];
        if (!p || seen.has(rec.sku) || ownedSkus.has(rec.sku)) continue;
        seen.add(rec.sku);
        const item: Record<string, unknown> = {
          id: `rec-${rec.sku}`,
          sku: rec.sku,
          name: p.name,
          category: p.category,
          price: p.price,
          currency: 'USD',
          url: `${this.store}/product.html?id=${encodeURIComponent(rec.sku)}`,
          image: `/media/posters/${encodeURIComponent(rec.sku)}.svg`,
          reason: rec.reason,
        };
        if (rec.video) item.video = { src: `/media/${rec.video.media}`, poster: `/media/posters/${encodeURIComponent(rec.sku)}-video.svg`, title: rec.video.title };
        items.push(item);
      }
    }
    return { placement, ...(order ? { order: order.slice(0, 200) } : {}), items };
  }

  /** Maps a purchased product (by SKU, else by name keywords) to a demo catalog SKU. */
  private matchProduct(sku: string, name: string): string | null {
    if (this.data.products[sku]) return sku;
    const hay = `${sku} ${name}`.toLowerCase();
    for (const [id, p] of Object.entries(this.data.products)) {
      if (p.keywords.some((k) => hay.includes(k))) return id;
    }
    return null;
  }
}

/** A plain placeholder poster, one hue per id (no text from data goes into the SVG). */
export function posterSvg(id: string): string {
  let h = 0;
  for (const ch of id) h = (h * 31 + ch.charCodeAt(0)) % 360;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="360" viewBox="0 0 640 360"><rect width="640" height="360" fill="hsl(${h},45%,35%)"/><path d="M280 130v100l90-50z" fill="#fff" fill-opacity=".85"/></svg>`;
}
