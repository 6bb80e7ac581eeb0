/**
 * GA4 e-commerce events to the Segment E-commerce spec v2 names Encore uses (shared/EVENTS.md).
 * Pure: `mapEcommerce(name, params)` returns the track calls to make, `[]` for events Encore does
 * not map, or a `reason` when a mapped event is malformed. Field by field mapping: docs/integrations.md.
 */
import { isRecord } from './commands';

export type Tracked = { event: string; properties: Record<string, unknown> };
export type Mapped = { calls: Tracked[] } | { reason: string };

/** GA4 caps an event at 200 items; so does Encore. */
export const MAX_ITEMS = 200;

/** GA4 event → Segment event. Cart changes become one event per product, as the Segment spec has them. */
export const GA4_TO_SEGMENT: Record<string, string> = {
  view_item_list: 'Product List Viewed',
  select_item: 'Product Clicked',
  view_item: 'Product Viewed',
  add_to_cart: 'Product Added',
  remove_from_cart: 'Product Removed',
  view_cart: 'Cart Viewed',
  begin_checkout: 'Checkout Started',
  add_shipping_info: 'Checkout Step Completed',
  add_payment_info: 'Payment Info Entered',
  purchase: 'Order Completed',
  refund: 'Order Refunded',
};

/** A finite number, also from a numeric string ("19.99"); undefined otherwise. */
export function toNumber(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

const text = (v: unknown): string | undefined =>
  typeof v === 'string' && v !== '' ? v.slice(0, 200) : typeof v === 'number' && Number.isFinite(v) ? String(v) : undefined;

/** Copies the defined values only, so the event carries no `undefined` keys. */
function defined(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k in o) if (o[k] !== undefined) out[k] = o[k];
  return out;
}

/** A GA4 item as a Segment product; undefined when it has neither `item_id` nor `item_name` (GA4 requires one). */
export function toProduct(item: unknown): Record<string, unknown> | undefined {
  if (!isRecord(item)) return undefined;
  const id = text(item.item_id);
  const name = text(item.item_name);
  if (id === undefined && name === undefined) return undefined;
  return defined({
    product_id: id,
    sku: id,
    name,
    category: text(item.item_category),
    brand: text(item.item_brand),
    variant: text(item.item_variant),
    price: toNumber(item.price),
    quantity: toNumber(item.quantity),
    coupon: text(item.coupon),
    position: toNumber(item.index),
    discount: toNumber(item.discount),
  });
}

/** The items as products; `reason` when `items` is there but not a list, or an item is unusable. */
function products(params: Record<string, unknown>, required: boolean): { list: Record<string, unknown>[] } | { reason: string } {
  const items = params.items;
  if (items === undefined && !required) return { list: [] };
  if (!Array.isArray(items)) return { reason: 'items is not an array' };
  if (required && !items.length) return { reason: 'items is empty' };
  const list: Record<string, unknown>[] = [];
  for (const [i, item] of items.slice(0, MAX_ITEMS).entries()) {
    const p = toProduct(item);
    if (!p) return { reason: `items[${i}] has neither item_id nor item_name` };
    list.push(p);
  }
  return { list };
}

/** Order-level fields shared by checkout, purchase and refund. */
function order(params: Record<string, unknown>): Record<string, unknown> {
  const value = toNumber(params.value);
  const tax = toNumber(params.tax);
  const shipping = toNumber(params.shipping);
  return defined({
    order_id: text(params.transaction_id),
    affiliation: text(params.affiliation),
    // GA4's value excludes tax and shipping, which is Segment's revenue; total adds them back.
    revenue: value,
    total: value === undefined ? undefined : value + (tax ?? 0) + (shipping ?? 0),
    tax,
    shipping,
    coupon: text(params.coupon),
    currency: text(params.currency),
  });
}

const listFields = (params: Record<string, unknown>) => defined({ list_id: text(params.item_list_id), list_name: text(params.item_list_name) });

/** Maps one GA4 event. Unknown names give no calls; mapped names with unusable parameters give a reason. */
export function mapEcommerce(name: string, params: Record<string, unknown> | undefined): Mapped {
  const event = GA4_TO_SEGMENT[name];
  if (!event) return { calls: [] };
  if (!params) return { reason: `${name} has no parameters (no ecommerce object)` };
  const one = (properties: Record<string, unknown>): Mapped => ({ calls: [{ event, properties }] });
  const needsItems = !['purchase', 'refund', 'begin_checkout', 'view_cart', 'add_shipping_info', 'add_payment_info'].includes(name);
  const got = products(params, needsItems);
  if ('reason' in got) return { reason: `${name}: ${got.reason}` };
  const items = got.list;
  const currency = text(params.currency);
  const value = toNumber(params.value);

  switch (name) {
    case 'view_item_list':
      return one({ ...listFields(params), products: items });
    case 'select_item':
      return one(defined({ ...listFields(params), ...items[0] }));
    case 'view_item':
      return one(defined({ ...items[0], currency, value }));
    case 'add_to_cart':
    case 'remove_from_cart':
      return { calls: items.map((p) => ({ event, properties: defined({ ...p, currency }) })) };
    case 'view_cart':
      return one(defined({ currency, value, products: items }));
    case 'add_shipping_info':
      return one(defined({ ...order(params), shipping_method: text(params.shipping_tier), products: items }));
    case 'add_payment_info':
      return one(defined({ ...order(params), payment_method: text(params.payment_type), products: items }));
    default: {
      // begin_checkout, purchase, refund
      const fields = order(params);
      if (name !== 'begin_checkout' && fields.order_id === undefined) return { reason: `${name} has no transaction_id` };
      if (name === 'begin_checkout') fields.value = value;
      return one(name === 'refund' && !items.length ? fields : { ...fields, products: items });
    }
  }
}
