// The demo shop's pages. Encore calls go to the snippet stub until encore.iife.js arrives; the
// library replays them with their original time. Event names: Segment e-commerce spec v2.
import { CATEGORIES, PRODUCTS, productBySku, productsIn } from './catalog.js';
import { addToCart, cartLines, clearCart, lastOrder, lineProps, productProps, removeFromCart, saveOrder, totals } from './cart.js';
import { CURRENCY, ENDPOINT } from './config.js';
import { el, money } from './dom.js';
import { LANG, OTHER_LANG, T, nameOf } from './strings.js';
import { categoryVideo } from './video.js';

const encore = window.encore;
encore.init({ endpoint: ENDPOINT, autoVideo: true });

const main = document.querySelector('main');
const price = (n) => money(n, CURRENCY, LANG);
const param = (k) => new URLSearchParams(location.search).get(k);

function header() {
  const count = cartLines().reduce((s, l) => s + l.quantity, 0);
  const otherLang = new URL(location.href);
  otherLang.searchParams.set('lang', OTHER_LANG);
  document.documentElement.lang = LANG;
  document.querySelector('header').replaceChildren(
    el('a', { class: 'brand', href: './' }, T.brand),
    el(
      'nav',
      {},
      el('a', { href: './' }, T.home),
      CATEGORIES.map((c) => el('a', { href: `category.html?c=${c}` }, T.categories[c])),
      el('a', { href: 'members.html' }, T.members),
      el('a', { href: 'cart.html', class: 'cart-link' }, `${T.cart} (${count})`),
      el('a', { href: otherLang.href, class: 'lang' }, T.language),
    ),
  );
}

/**
 * Tracks a link click, then follows the link once the event is handed over (at most 300 ms), like
 * Segment's trackLink: an event tracked in the same task as a navigation can be lost with the page.
 */
function trackLink(e, event, properties) {
  encore.track(event, properties);
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  e.preventDefault();
  const href = e.currentTarget.href;
  const go = () => location.assign(href);
  Promise.race([encore.flush(), new Promise((r) => setTimeout(r, 300))]).then(go, go);
}

function card(p, list, position) {
  const href = `product.html?id=${encodeURIComponent(p.sku)}`;
  return el(
    'li',
    { class: 'card' },
    el('a', { href, onclick: (e) => trackLink(e, 'Product Clicked', productProps(p, { list_id: list, position })) }, el('span', { class: `thumb thumb-${p.category}` }), el('strong', {}, nameOf(p))),
    el('span', { class: 'price' }, price(p.price)),
  );
}

function productList(products, listId, category) {
  encore.track('Product List Viewed', { list_id: listId, category, products: products.map((p, i) => productProps(p, { position: i + 1 })) });
  return el('ul', { class: 'grid' }, products.map((p, i) => card(p, listId, i + 1)));
}

const pages = {
  home() {
    encore.page('Home');
    main.append(el('section', { class: 'hero' }, el('h1', {}, T.heroTitle), el('p', {}, T.heroText)), el('h2', {}, T.featured), productList(PRODUCTS.filter((_, i) => i % 2 === 0), 'home_featured'));
  },

  category() {
    const c = CATEGORIES.includes(param('c')) ? param('c') : CATEGORIES[0];
    document.title = `${T.categories[c]} · ${T.brand}`;
    encore.page('Category', { category: c });
    main.append(el('h1', {}, T.categories[c]), productList(productsIn(c), `category_${c}`, c));
  },

  product() {
    const p = productBySku(param('id')) ?? PRODUCTS[0];
    document.title = `${nameOf(p)} · ${T.brand}`;
    encore.page('Product', { product_id: p.sku, category: p.category });
    encore.track('Product Viewed', productProps(p, { value: p.price }));
    const status = el('p', { class: 'status', role: 'status' });
    main.append(
      el(
        'article',
        { class: 'product' },
        el('h1', {}, nameOf(p)),
        el('p', { class: 'crumb' }, el('a', { href: `category.html?c=${p.category}` }, T.categories[p.category])),
        el('p', { class: 'price' }, price(p.price)),
        el(
          'button',
          {
            id: 'add-to-cart',
            onclick: () => {
              addToCart(p.sku);
              encore.track('Product Added', productProps(p, { quantity: 1, cart_id: 'demo' }));
              status.textContent = T.added;
              header();
            },
          },
          T.addToCart,
        ),
        status,
        categoryVideo(p),
      ),
    );
  },

  cart() {
    encore.page('Cart');
    const render = () => {
      const lines = cartLines();
      const t = totals(lines);
      main.replaceChildren(el('h1', {}, T.cart));
      if (!lines.length) {
        main.append(el('p', {}, T.emptyCart), el('a', { href: './' }, T.continueShopping));
        return lines;
      }
      main.append(
        el(
          'ul',
          { class: 'lines' },
          lines.map((l) =>
            el(
              'li',
              {},
              el('span', {}, nameOf(l.product)),
              el('span', {}, `${T.quantity} ${l.quantity}`),
              el('span', {}, price(l.product.price * l.quantity)),
              el(
                'button',
                {
                  class: 'link',
                  onclick: () => {
                    removeFromCart(l.product.sku);
                    encore.track('Product Removed', productProps(l.product, { quantity: l.quantity, cart_id: 'demo' }));
                    header();
                    render();
                  },
                },
                T.remove,
              ),
            ),
          ),
        ),
        el('p', { class: 'total' }, `${T.subtotal}: ${price(t.subtotal)}`),
        el('a', { class: 'button', id: 'to-checkout', href: 'checkout.html' }, T.checkout),
      );
      return lines;
    };
    const lines = render();
    encore.track('Cart Viewed', { cart_id: 'demo', products: lineProps(lines) });
  },

  checkout() {
    encore.page('Checkout');
    const lines = cartLines();
    const t = totals(lines);
    const checkoutId = `chk-${Date.now().toString(36)}`;
    encore.track('Checkout Started', { checkout_id: checkoutId, value: t.total, revenue: t.subtotal, shipping: t.shipping, tax: t.tax, currency: CURRENCY, products: lineProps(lines) });
    encore.track('Checkout Step Viewed', { checkout_id: checkoutId, step: 1 });
    const field = (name, label, type = 'text') => el('label', {}, label, el('input', { name, type, required: true, autocomplete: 'off' }));
    const form = el(
      'form',
      {
        id: 'checkout',
        onsubmit: (e) => {
          e.preventDefault();
          encore.track('Checkout Step Completed', { checkout_id: checkoutId, step: 1 });
          encore.track('Payment Info Entered', { checkout_id: checkoutId, step: 2, payment_method: 'card' });
          const orderId = `ord-${Date.now().toString(36)}`;
          saveOrder({ order_id: orderId, checkout_id: checkoutId, lines: lines.map((l) => ({ sku: l.product.sku, quantity: l.quantity })), tracked: false });
          clearCart();
          // Give the queue a moment to hand the events over before the page goes (at most 1 s).
          const go = () => location.assign(`confirmation.html?order=${orderId}`);
          Promise.race([encore.flush(), new Promise((r) => setTimeout(r, 1000))]).then(go, go);
        },
      },
      el('fieldset', {}, el('legend', {}, T.shippingStep), field('name', T.fullName), field('address', T.address)),
      el('fieldset', {}, el('legend', {}, T.paymentStep), field('card', T.card, 'tel')),
      el('p', { class: 'total' }, `${T.subtotal} ${price(t.subtotal)} · ${T.shipping} ${price(t.shipping)} · ${T.tax} ${price(t.tax)} · ${T.total} ${price(t.total)}`),
      el('button', { type: 'submit', id: 'place-order', disabled: !lines.length }, T.placeOrder),
    );
    main.append(el('h1', {}, T.checkout), form);
  },

  confirmation() {
    encore.page('Order Confirmation');
    const order = lastOrder();
    const target = main.querySelector('.order') ?? main;
    if (!order) {
      target.append(el('p', {}, T.noOrder));
      return;
    }
    const lines = order.lines.map((l) => ({ product: productBySku(l.sku), quantity: l.quantity })).filter((l) => l.product);
    const t = totals(lines);
    // Once per order, even if the confirmation page is reloaded.
    if (!order.tracked) {
      encore.track('Order Completed', {
        checkout_id: order.checkout_id,
        order_id: order.order_id,
        affiliation: 'Encore demo store',
        subtotal: t.subtotal,
        total: t.total,
        revenue: t.subtotal,
        shipping: t.shipping,
        tax: t.tax,
        discount: 0,
        currency: CURRENCY,
        products: lineProps(lines),
      });
      saveOrder({ ...order, tracked: true });
    }
    // For the post-purchase widgets in the recommendations region.
    document.body.dataset.orderId = order.order_id;
    document.body.dataset.products = lines.map((l) => l.product.sku).join(',');
    target.append(
      el('h1', {}, T.thanks),
      el('p', {}, `${T.orderNumber}: `, el('strong', { id: 'order-id' }, order.order_id)),
      el('ul', { class: 'lines' }, lines.map((l) => el('li', {}, el('span', {}, nameOf(l.product)), el('span', {}, `${T.quantity} ${l.quantity}`)))),
      el('p', { class: 'total' }, `${T.total}: ${price(t.total)}`),
    );
  },
};

header();
pages[document.body.dataset.page]?.();
