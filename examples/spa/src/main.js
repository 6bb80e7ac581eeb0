// A small single-page shop: client-side routing with the History API, no router library.
// Encore's `autoPage` sends one page view per URL change with the previous URL as referrer.
import { createEncore } from 'encore-sdk';
import { routes, BASE } from './routes.js';

const encore = createEncore({ endpoint: '/v1/batch', autoPage: true, flushIntervalMs: 1000 });
// For the console and the tests.
window.encoreApp = encore;

const view = document.getElementById('view');

function render() {
  const path = location.pathname.startsWith(BASE) ? location.pathname.slice(BASE.length) : '';
  for (const r of routes) {
    const m = r.match.exec(path);
    if (m) {
      document.title = r.title(...m.slice(1));
      view.replaceChildren(...r.render(encore, ...m.slice(1)));
      return;
    }
  }
  document.title = 'Not found · SPA shop';
  view.replaceChildren(Object.assign(document.createElement('p'), { textContent: 'Not found' }));
}

/** Links marked data-link navigate in place. */
document.addEventListener('click', (e) => {
  const a = e.target instanceof Element ? e.target.closest('a[data-link]') : null;
  if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey) return;
  e.preventDefault();
  history.pushState({}, '', a.getAttribute('href'));
  render();
});
addEventListener('popstate', render);

render();
