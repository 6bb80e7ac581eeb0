// Post-purchase recommendations, refill reminders and up next for the demo shop (encore-sdk/recommendations
// from the ESM build, the SDK from the snippet, global `encore`).
//
// - On every page that loads this script: the purchase-history and attribution plugins, so a followed
//   recommendation's rec_id reaches Product Viewed, Product Added and Order Completed.
// - In an element with `data-encore-recs` (the order confirmation page's recommendations region, or e.g.
//   a "for you" block on the home page): reasoned recommendations; from the collector's demo endpoint
//   when it is there, else ranked here from the catalog below. Return visits show due refills first.
// - A how-to video in the list gets an up-next card that plays the next film in the same player, and a
//   CSAT survey when it ends (survey.js).
import { attachUpNext, attributionPlugin, purchaseHistoryPlugin, recordPurchase, renderRecommendations } from '../../dist/recommendations.js';
import { PRODUCTS } from './js/catalog.js';
import { CURRENCY, VIDEO_FALLBACK_SRC, VIDEO_SRC } from './js/config.js';
import { LANG, nameOf } from './js/strings.js';
import { surveyAfterHowTo } from './survey.js';

const encore = window.encore;

// The shop's own rules for the local ranking (the catalog feed a store would publish as JSON).
const HOW_TO = { en: "How to sharpen a chef's knife", ja: '牛刀の研ぎ方' };
const RULES = {
  'SKU-KNIFE-CHEF': { accessories: ['SKU-SHARPENER'], howTo: [{ id: 'howto-sharpen', src: VIDEO_SRC, title: HOW_TO[LANG] ?? HOW_TO.en }], popularity: 8 },
  'SKU-SHARPENER': { popularity: 5 },
  'SKU-BRUSH-SONIC': { accessories: ['SKU-BRUSH-HEADS'], replenishDays: 90, replenishWith: 'SKU-BRUSH-HEADS', popularity: 6 },
  'SKU-BRUSH-HEADS': { replenishDays: 90, popularity: 4 },
  'SKU-TREK-SHOES': { accessories: ['SKU-TREK-SOCKS'], complements: ['outdoor'], popularity: 7 },
  'SKU-TREK-SOCKS': { popularity: 3 },
  'SKU-TREK-JACKET': { popularity: 2 },
  'SKU-RUN-SHOES': { accessories: ['SKU-RUN-SHIRT'], popularity: 9 },
  'SKU-RUN-SHIRT': { popularity: 1 },
};
const catalog = {
  products: PRODUCTS.map((p) => ({
    id: p.sku,
    sku: p.sku,
    name: nameOf(p),
    category: p.category,
    price: p.price,
    currency: CURRENCY,
    url: `product.html?id=${encodeURIComponent(p.sku)}`,
    ...RULES[p.sku],
  })),
};

// The plugins belong in `encore.init({ plugins: [...] })` so they see every event from the first one;
// a page that does so shares its history as `window.encoreRecs = { history }`. Otherwise they are added
// here, and see the events tracked from now on.
const shared = window.encoreRecs;
const history = shared?.history ?? purchaseHistoryPlugin();
if (!shared) {
  encore.use(history);
  encore.use(attributionPlugin());
}
// The plugin's setup() runs when encore.iife.js has loaded and replayed the snippet's calls.
const started = history.api?.()
  ? Promise.resolve(history.api())
  : new Promise((resolve) => {
      const setup = history.setup;
      history.setup = (api) => {
        setup.call(history, api);
        resolve(api);
      };
    });

const target = document.querySelector('[data-encore-recs]');
if (target) void show(target);

async function show(el) {
  const [api, film] = await Promise.all([started, filmSrc()]);
  for (const p of catalog.products) for (const v of p.howTo ?? []) v.src = film;
  const placement = el.dataset.encoreRecs || 'return-visit';
  const orderId = document.body.dataset.orderId;
  const skus = (document.body.dataset.products ?? '').split(',').filter(Boolean);
  const order = orderId ? { order_id: orderId, products: skus.map((sku) => ({ product_id: sku, sku })) } : undefined;
  // shop.js tracked Order Completed before this plugin was added: record it here (once per order id).
  if (order) await recordPurchase(order, { history });
  const src = order ? `/api/recommendations?placement=${placement}&order=${encodeURIComponent(orderId)}&products=${skus.map(encodeURIComponent).join(',')}` : undefined;
  const onVideo = (video, item, handle) => {
    void withUpNext(video, item, handle, api, film);
    // A CSAT question when the film ends (survey.js).
    surveyAfterHowTo(video, item);
  };
  renderRecommendations(el, { src, catalog, order, history, encore: api, placement, limit: 4, onVideo });
}

/** HLS through the browser or hls.js, then an up-next card for the shop's category film. */
async function withUpNext(video, item, handle, api, film) {
  let hls;
  if (!video.canPlayType('application/vnd.apple.mpegurl')) {
    const src = video.getAttribute('src');
    // Before the browser tries (and fails) to play the playlist itself.
    video.removeAttribute('src');
    try {
      const { default: Hls } = await import('/node_modules/hls.js/dist/hls.mjs');
      if (!Hls.isSupported()) return;
      hls = new Hls();
      hls.loadSource(src);
      hls.attachMedia(video);
    } catch (e) {
      console.info('[recommendations demo] hls.js unavailable:', e.message);
      return;
    }
  }
  attachUpNext(video, {
    seconds: 8,
    encore: api,
    handle,
    next: { src: film, title: LANG === 'ja' ? 'キッチンの道具ができるまで' : 'How our kitchen tools are made', videoId: `category-${item.category ?? 'kitchen'}`, category: item.category },
    load: (v, next) => (hls ? hls.loadSource(next.src) : (v.src = next.src)),
  });
}

/** The films' URL: /media/ on the reference collector, test/fixtures/hls/ on a plain static server. */
async function filmSrc() {
  try {
    if ((await fetch(VIDEO_SRC, { method: 'HEAD' })).ok) return VIDEO_SRC;
  } catch {}
  return VIDEO_FALLBACK_SRC;
}
