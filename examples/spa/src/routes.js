// Routes of the SPA example: path pattern, title and a view built with textContent only.
export const BASE = '/examples/spa/';

const PRODUCTS = {
  'SKU-RUN-SHOES': { name: 'Road running shoes', category: 'running', price: 129 },
  'SKU-TREK-SOCKS': { name: 'Merino trekking socks', category: 'outdoor', price: 24 },
};

const h = (tag, text, attrs = {}) => {
  const n = document.createElement(tag);
  if (text) n.textContent = text;
  for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, v);
  return n;
};
const link = (href, text) => h('a', text, { href: BASE + href, 'data-link': '' });

export const routes = [
  {
    match: /^$/,
    title: () => 'Home · SPA shop',
    render: () => [h('h1', 'SPA shop'), h('ul'), ...Object.entries(PRODUCTS).map(([sku, p]) => h('p').appendChild(link(`products/${sku}`, p.name)).parentNode)],
  },
  {
    match: /^products\/([\w-]+)$/,
    title: (sku) => `${PRODUCTS[sku]?.name ?? 'Unknown'} · SPA shop`,
    render: (encore, sku) => {
      const p = PRODUCTS[sku];
      if (!p) return [h('p', 'Unknown product')];
      encore.track('Product Viewed', { product_id: sku, sku, name: p.name, category: p.category, price: p.price, currency: 'USD', value: p.price });
      const add = h('button', 'Add to cart', { id: 'add' });
      add.addEventListener('click', () => encore.track('Product Added', { product_id: sku, sku, name: p.name, category: p.category, price: p.price, quantity: 1 }));
      return [h('h1', p.name), add, h('p').appendChild(h('a', 'Reviews', { href: '#reviews', id: 'reviews-link' })).parentNode, link('cart', 'Go to cart'), h('h2', 'Reviews', { id: 'reviews' })];
    },
  },
  {
    match: /^cart$/,
    title: () => 'Cart · SPA shop',
    render: (encore) => {
      encore.track('Cart Viewed', { cart_id: 'spa' });
      return [h('h1', 'Cart'), link('', 'Home')];
    },
  },
];
