// The cart and the last order, in localStorage; and product properties as the Segment e-commerce
// spec names them.
import { BRAND, productBySku } from './catalog.js';
import { CURRENCY, SHIPPING, TAX_RATE } from './config.js';

const CART_KEY = 'encore-demo:cart';
const ORDER_KEY = 'encore-demo:last-order';

const read = (key, fallback) => {
  try {
    return JSON.parse(localStorage.getItem(key) ?? 'null') ?? fallback;
  } catch {
    return fallback;
  }
};
const write = (key, value) => {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {}
};

/** `Product Viewed` / `Product Added` / list item properties. */
export function productProps(p, extra = {}) {
  return {
    product_id: p.sku,
    sku: p.sku,
    category: p.category,
    name: p.name.en,
    brand: BRAND,
    price: p.price,
    currency: CURRENCY,
    url: new URL(`product.html?id=${encodeURIComponent(p.sku)}`, location.href).href,
    ...extra,
  };
}

/** Cart lines with their products (unknown SKUs dropped). */
export function cartLines() {
  return read(CART_KEY, [])
    .map((l) => ({ product: productBySku(l.sku), quantity: l.quantity }))
    .filter((l) => l.product && l.quantity > 0);
}

export function addToCart(sku, quantity = 1) {
  const lines = read(CART_KEY, []);
  const line = lines.find((l) => l.sku === sku);
  if (line) line.quantity += quantity;
  else lines.push({ sku, quantity });
  write(CART_KEY, lines);
}

export function removeFromCart(sku) {
  write(
    CART_KEY,
    read(CART_KEY, []).filter((l) => l.sku !== sku),
  );
}

export const clearCart = () => write(CART_KEY, []);

/** Totals of a list of lines, rounded to cents. */
export function totals(lines) {
  const r = (n) => Math.round(n * 100) / 100;
  const subtotal = r(lines.reduce((s, l) => s + l.product.price * l.quantity, 0));
  const shipping = lines.length ? SHIPPING : 0;
  const tax = r(subtotal * TAX_RATE);
  return { subtotal, shipping, tax, total: r(subtotal + shipping + tax) };
}

export const lineProps = (lines) => lines.map((l, i) => productProps(l.product, { quantity: l.quantity, position: i + 1 }));

export const saveOrder = (order) => write(ORDER_KEY, order);
export const lastOrder = () => read(ORDER_KEY, null);
