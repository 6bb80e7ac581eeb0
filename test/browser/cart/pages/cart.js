// Test page script for the cart reminder (external: the page runs under a strict CSP).
import * as recs from '/dist/cart.js';

window.recs = recs;
window.cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => window.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));

/** The real client from /dist/encore.iife.js with the cart plugin. */
window.start = () => {
  window.cart = recs.cartPlugin();
  window.enc = encore.createEncore({ endpoint: '/v1/batch', flushIntervalMs: 200, batchSize: 1, webVitals: false, plugins: [window.cart] });
};
window.remind = async (options) => {
  const handle = recs.renderCartReminder(document.querySelector('#reminder'), { cart: window.cart, cartUrl: '/test/browser/cart/pages/cart.html?view=cart', ...options });
  const shown = await handle.ready;
  return shown ? shown.items.map((i) => i.product_id) : null;
};
window.reminderView = () => {
  const root = document.querySelector('#reminder').shadowRoot;
  const section = root?.querySelector('section');
  if (!section) return null;
  return {
    title: section.querySelector('h2').textContent,
    items: [...section.querySelectorAll('li')].map((li) => li.textContent),
    offer: section.querySelector('.offer')?.textContent ?? null,
    href: section.querySelector('a').getAttribute('href'),
    dismissLabel: section.querySelector('button').getAttribute('aria-label'),
    role: section.getAttribute('role'),
    elements: section.querySelectorAll('img, script').length,
  };
};
window.pageReady = true;
