// Members' gallery demo: the gallery widget from the ESM build, the SDK from the script tag
// (global `encore`). Switching the demo customer changes the store's session cookie, then tells the
// SDK who the shopper is; the gallery hears the SDK's identity notification and asks the server again.
import { defineGalleryElement } from '/dist/gallery.js';
import { hlsAdapter } from '/dist/hls.js';

const gallery = document.getElementById('gallery');
// Options first, then define: the element renders once, with them.
gallery.options = {
  // No bundler here, so the bare `hls.js` specifier cannot resolve: say where hls.js is. It is only
  // downloaded when a video needs it and the browser cannot play HLS natively.
  loadHls: () => import('/node_modules/hls.js/dist/hls.mjs'),
  // With hls.js, measure renditions and hls.js errors too (encore-sdk/hls, 0.5 KB).
  hlsAdapter,
  onError: (error) => console.info('[members demo] gallery:', error.message),
};
defineGalleryElement();
gallery.addEventListener('encore-exclusive-content', (e) => console.info('[members demo] new exclusive content:', e.detail));

const who = document.getElementById('who');
const picker = document.getElementById('customer');
const langPicker = document.getElementById('lang');

async function customer(set) {
  const url = set ? `/api/demo/customer?set=${encodeURIComponent(set)}` : '/api/demo/customer';
  const res = await fetch(url, { credentials: 'include' });
  if (!res.ok) throw new Error(`demo customer: ${res.status}`);
  return res.json();
}

function show({ customer: c, choices }) {
  picker.replaceChildren(
    ...choices.map((choice) => {
      const option = document.createElement('option');
      option.value = choice.id;
      option.textContent = choice.label;
      option.selected = choice.id === c.id;
      return option;
    }),
  );
  who.textContent = `Signed in as: ${c.label}`;
}

picker.addEventListener('change', async () => {
  const next = await customer(picker.value);
  show(next);
  // The store's login/logout: the SDK learns the identity and notifies the gallery.
  if (next.customer.id === 'guest') window.encore?.reset();
  else window.encore?.identify(`demo-${next.customer.id}`, { tier: next.customer.tier });
});

langPicker.value = document.documentElement.lang.startsWith('ja') ? 'ja' : 'en';
langPicker.addEventListener('change', () => {
  document.documentElement.lang = langPicker.value;
  gallery.setAttribute('lang', langPicker.value);
});

customer().then(show, (error) => {
  who.textContent = 'Demo customer API unavailable';
  console.warn(error);
});
