/**
 * Local ranking, pure: from a catalog, the products the shopper just bought (anchors) and, with
 * personalization consent only, their purchase history and interest scores. Rules, strongest first:
 * due replenishments, accessories of the anchors, how-to videos for them, complementary categories,
 * the anchors' marked upgrades (pricier, same category), the shopper's interest categories; without
 * consent or history the non-personal fallbacks are the anchors' own category and best sellers.
 */
import { dueReplenishments, productIndex } from './replenish';
import type { CatalogProduct, CatalogVideo, Purchase, ReasonType } from './types';
import { isUpgrade } from './upgrade';

export interface RankInput {
  products: CatalogProduct[];
  /** How-to videos per category. */
  howTo?: Record<string, CatalogVideo[]>;
  /** Ids or skus of products the recommendations are for (the order just completed, the product on the page). */
  anchors?: string[];
  /** True only with personalization consent; otherwise `purchases` and `interests` are ignored. */
  personal: boolean;
  purchases?: Purchase[];
  /** Category → interest score (from `segments()` `interest:<category>`). */
  interests?: Record<string, number>;
  now: number;
  leadDays?: number;
  limit?: number;
}

/** One ranked entry; `about` fills the reason label ("Goes with your {about}"). */
export interface Ranked {
  reason: ReasonType;
  score: number;
  about: string;
  /** The product recommended (for how-to: the product the video is about). */
  product: CatalogProduct;
  video?: CatalogVideo;
  /** For replenishment: when it is due and when it was last bought (epoch ms). */
  dueAt?: number;
  lastPurchasedAt?: number;
}

const BASE: Record<ReasonType, number> = {
  replenishment: 100,
  accessory: 80,
  'how-to': 70,
  'cross-sell': 60,
  upgrade: 50,
  affinity: 40,
  similar: 30,
  popular: 10,
};

/** Ranks recommendations. Never throws on well-typed input; returns at most `limit` (6) entries. */
export function rank(input: RankInput): Ranked[] {
  const { products, personal, now } = input;
  const index = productIndex(products);
  const purchases = personal ? input.purchases ?? [] : [];
  // Segments key interests by trimmed, lower-cased category; catalogs may spell them otherwise.
  const norm = (c?: string) => c?.trim().toLowerCase() ?? '';
  const interests: Record<string, number> = {};
  if (personal) for (const k in input.interests) interests[norm(k)] = input.interests[k]!;
  const maxInterest = Math.max(0, ...Object.values(interests).filter((n) => Number.isFinite(n)));
  const interestOf = (c?: string) => (maxInterest > 0 ? Math.max(0, interests[norm(c)] ?? 0) / maxInterest : 0);
  const maxPop = Math.max(0, ...products.map((p) => p.popularity ?? 0));
  const popOf = (p: CatalogProduct) => (maxPop > 0 ? Math.max(0, p.popularity ?? 0) / maxPop : 0);

  const anchors = (input.anchors ?? []).map((a) => index.get(a)).filter((p): p is CatalogProduct => !!p);
  // Personal: the most recent purchases also anchor "goes with your …" when nothing was just bought.
  if (personal && !anchors.length) {
    for (const p of [...purchases].sort((a, b) => b.at - a.at).slice(0, 3)) {
      const prod = index.get(p.product_id) ?? (p.sku ? index.get(p.sku) : undefined);
      if (prod && !anchors.includes(prod)) anchors.push(prod);
    }
  }
  const ownedKeys = new Set<string | undefined>();
  for (const a of anchors) ownedKeys.add(a.id).add(a.sku);
  for (const x of purchases) ownedKeys.add(x.product_id).add(x.sku);
  ownedKeys.delete(undefined);
  const owned = (p: CatalogProduct) => ownedKeys.has(p.id) || ownedKeys.has(p.sku);

  const best = new Map<string, Ranked>();
  const offer = (r: Ranked) => {
    // Things just bought or already owned are not offered again, except as a due refill.
    if (r.reason !== 'replenishment' && r.reason !== 'how-to' && owned(r.product)) return;
    // Interest orders items within and across rules without overturning the rule order.
    r.score += 15 * interestOf(r.product.category) + popOf(r.product);
    const key = r.video ? `video:${r.video.src}` : r.product.id;
    const prev = best.get(key);
    if (!prev || prev.score < r.score) best.set(key, r);
  };

  if (personal) {
    for (const d of dueReplenishments(products, purchases, now, input.leadDays)) {
      const overdueDays = Math.max(0, (now - d.dueAt) / 86_400_000);
      offer({
        reason: 'replenishment',
        score: BASE.replenishment + Math.min(10, overdueDays),
        about: d.reorder.name,
        product: d.reorder,
        dueAt: d.dueAt,
        lastPurchasedAt: d.lastPurchasedAt,
      });
    }
  }

  for (const a of anchors) {
    for (const id of a.accessories ?? []) {
      const p = index.get(id);
      if (p) offer({ reason: 'accessory', score: BASE.accessory, about: a.name, product: p });
    }
    const videos = [...(a.howTo ?? []), ...((a.category && input.howTo?.[a.category]) || [])];
    const video = videos[0];
    if (video) offer({ reason: 'how-to', score: BASE['how-to'], about: a.name, product: a, video });
    for (const cat of a.complements ?? []) {
      for (const p of products) if (p.category === cat) offer({ reason: 'cross-sell', score: BASE['cross-sell'], about: a.name, product: p });
    }
    for (const id of a.upgrades ?? []) {
      const p = index.get(id);
      if (isUpgrade(a, p)) offer({ reason: 'upgrade', score: BASE.upgrade, about: a.name, product: p });
    }
    if (a.category) {
      for (const p of products) {
        if (p !== a && p.category === a.category) offer({ reason: 'similar', score: BASE.similar, about: a.category, product: p });
      }
    }
  }

  for (const cat in interests) {
    if (!(interests[cat]! > 0)) continue;
    for (const p of products) if (norm(p.category) === cat) offer({ reason: 'affinity', score: BASE.affinity, about: p.category!, product: p });
  }

  for (const p of products) if ((p.popularity ?? 0) > 0) offer({ reason: 'popular', score: BASE.popular, about: '', product: p });

  return [...best.values()].sort((a, b) => b.score - a.score).slice(0, input.limit ?? 6);
}
