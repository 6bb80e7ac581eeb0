/**
 * Shapes of the recommendations widget: the catalog feed it ranks in the browser, the endpoint
 * answer (docs/recommendations.md), and the purchase history it keeps.
 */

/** A how-to video in the catalog feed (per product or per category). */
export interface CatalogVideo {
  id?: string;
  src: string;
  poster?: string;
  title: string;
}

/** One product of the catalog feed, after validation. */
export interface CatalogProduct {
  id: string;
  sku?: string;
  name: string;
  category?: string;
  price?: number;
  currency?: string;
  url: string;
  image?: string;
  /** Product ids (or skus) that go with this product. */
  accessories?: string[];
  /** Product ids (or skus) of better, pricier products of the same category that this one upgrades to. */
  upgrades?: string[];
  /** Categories that complement this product. */
  complements?: string[];
  /** How-to videos for this product. */
  howTo?: CatalogVideo[];
  /** Usage period in days (e.g. 90 for toothbrush heads). */
  replenishDays?: number;
  /** The product to reorder when the usage period ends (id or sku); defaults to the product itself. */
  replenishWith?: string;
  /** Best-seller signal: higher sells more. */
  popularity?: number;
}

/** The catalog feed: products plus how-to videos per category. */
export interface Catalog {
  products: CatalogProduct[];
  /** How-to videos per category. */
  howTo?: Record<string, CatalogVideo[]>;
}

/** Why an item is recommended. `similar` and `popular` are the non-personal fallbacks. */
export type ReasonType = 'cross-sell' | 'accessory' | 'replenishment' | 'how-to' | 'upgrade' | 'affinity' | 'similar' | 'popular';

export interface Reason {
  type: ReasonType;
  /** Shown to the shopper. */
  label: string;
}

/** One recommendation, as the endpoint answers it and as the widget renders it. */
export interface RecItem {
  id: string;
  sku?: string;
  name: string;
  category?: string;
  price?: number;
  currency?: string;
  url?: string;
  image?: string;
  reason: Reason;
  video?: { src: string; poster?: string; title?: string };
  /** Extra context kept by local ranking (not part of the wire shape). */
  product_id?: string;
}

/** `GET {src}` answer. */
export interface RecResponse {
  placement?: string;
  items: RecItem[];
}

/** A product the shopper bought (an `Order Completed` product, or a `recordPurchase()` call). */
export interface PurchasedProduct {
  product_id?: string;
  sku?: string;
  category?: string;
  name?: string;
  quantity?: number;
}

/** One stored purchase. `at` is epoch ms. */
export interface Purchase {
  product_id: string;
  /** The order it came from: an order is recorded once, however often it is seen. */
  order_id?: string;
  sku?: string;
  category?: string;
  at: number;
}

/** A replenishment that is due (or about to be). */
export interface DueReplenishment {
  /** The product bought whose usage period ends. */
  product: CatalogProduct;
  /** The product to reorder. */
  reorder: CatalogProduct;
  lastPurchasedAt: number;
  dueAt: number;
  /** Interval used, days. */
  intervalDays: number;
}
