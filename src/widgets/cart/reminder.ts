/**
 * `renderCartReminder(el, options)` (encore-sdk/cart): on the shopper's next visit, "Still thinking about …?" with
 * the items left in the cart (from {@link cartPlugin}) and the store's optional offer text. Shown at
 * most once per cart and only after the cart has been left alone for `minAgeMinutes`; dismissible
 * with its button or Escape, and it never takes focus (it was not asked for). Text only, under a
 * strict CSP (constructable stylesheet). Tracks `Cart Reminder Shown`, `Cart Reminder Clicked` and
 * `Cart Reminder Dismissed` through the plugin's Encore instance.
 */
import { EncoreConfigError } from '../../core/errors';
import { adoptStyles } from '../shared/adoptStyles';
import { h } from '../shared/h';
import { mergeStrings, pickLang, t, type Lang, type Strings } from '../shared/lang';
import { safeUrl } from '../shared/safeUrl';
import type { Cart, CartPlugin } from './cart';

export interface CartReminderOptions {
  cart: CartPlugin;
  /** Where "Back to my cart" goes: an https URL or one on this origin. */
  cartUrl: string;
  /** The store's offer, shown as text (e.g. "Free shipping until Sunday"). */
  offer?: string;
  /** Only carts left alone at least this long are recalled; default 60. */
  minAgeMinutes?: number;
  lang?: Lang;
  strings?: Strings;
}

export interface CartReminderHandle {
  /** Resolves with the cart shown, or undefined when nothing was shown. */
  ready: Promise<Cart | undefined>;
  close(): void;
}

const STRINGS: Strings = {
  en: { one: 'Still thinking about {name}?', many: 'Still thinking about {name} and {n} more?', cta: 'Back to my cart', dismiss: 'Dismiss', label: 'Your cart' },
  ja: { one: '{name}をお忘れではありませんか？', many: '{name}ほか{n}点をお忘れではありませんか？', cta: 'カートに戻る', dismiss: '閉じる', label: 'カート' },
};

const CSS = `
:host { display: block; }
.reminder { position: relative; padding: var(--encore-cart-padding, 1rem 2.5rem 1rem 1rem); border: 1px solid var(--encore-cart-border, #d0d7de);
  border-radius: var(--encore-cart-radius, 8px); background: var(--encore-cart-background, #fff); color: var(--encore-cart-color, inherit); font: inherit; }
h2 { margin: 0 0 .5rem; font-size: 1.05em; }
ul { margin: 0 0 .5rem; padding-left: 1.2em; }
.offer { margin: 0 0 .75rem; font-weight: 600; color: var(--encore-cart-offer-color, #b3261e); }
.cta { display: inline-block; padding: .5rem 1rem; border-radius: 6px; background: var(--encore-cart-accent, #0b57d0); color: #fff; text-decoration: none; }
.dismiss { position: absolute; top: .5rem; right: .5rem; min-width: 2rem; min-height: 2rem; border: 0; background: transparent; font-size: 1.2em; cursor: pointer; }
.cta:focus-visible, .dismiss:focus-visible { outline: 3px solid var(--encore-cart-focus, #0b57d0); outline-offset: 2px; }
`;

export function renderCartReminder(el: Element, options: CartReminderOptions): CartReminderHandle {
  if (!el || typeof (el as Element).attachShadow !== 'function') throw new EncoreConfigError('renderCartReminder needs an element', 'el', el);
  if (!options || typeof options.cart?.cart !== 'function') throw new EncoreConfigError('cart must be the cartPlugin() given to Encore', 'cart', options?.cart);
  const cartUrl = safeUrl(options.cartUrl);
  if (!cartUrl) throw new EncoreConfigError('cartUrl must be an https URL or a URL on this site', 'cartUrl', options.cartUrl);
  const minAge = options.minAgeMinutes ?? 60;
  if (!(minAge >= 0)) throw new EncoreConfigError('minAgeMinutes must be a number ≥ 0', 'minAgeMinutes', options.minAgeMinutes);
  const strings = mergeStrings(STRINGS, options.strings);
  const root = el.shadowRoot ?? el.attachShadow({ mode: 'open' });
  let closed = false;
  const close = () => {
    closed = true;
    root.replaceChildren();
  };
  const ready = (async () => {
    const plugin = options.cart;
    const api = plugin.api();
    const cart = await plugin.cart();
    if (closed || !api || !cart || Date.now() - cart.updatedAt < minAge * 60_000) return undefined;
    if (!(await plugin.claimReminder(cart.id)) || closed) return undefined;
    const lang = options.lang ?? pickLang(el);
    const first = cart.items[0]!;
    const name = first.name ?? first.product_id;
    const props = { cart_id: cart.id, product_ids: cart.items.map((i) => i.product_id), items: cart.items.reduce((n, i) => n + i.quantity, 0) };
    const title = cart.items.length > 1 ? t(strings, lang, 'many', { name, n: cart.items.length - 1 }) : t(strings, lang, 'one', { name });
    const dismiss = () => {
      close();
      api.track('Cart Reminder Dismissed', props);
    };
    const section = h(
      'section',
      { class: 'reminder', part: 'reminder', role: 'region', 'aria-labelledby': 'encore-cart-title', lang, onkeydown: (e: KeyboardEvent) => e.key === 'Escape' && dismiss() },
      h('h2', { id: 'encore-cart-title', part: 'title' }, title),
      h('ul', { part: 'items', 'aria-label': t(strings, lang, 'label') }, ...cart.items.map((i) => h('li', null, i.quantity > 1 ? `${i.name ?? i.product_id} × ${i.quantity}` : (i.name ?? i.product_id)))),
      options.offer ? h('p', { class: 'offer', part: 'offer' }, String(options.offer).slice(0, 300)) : null,
      h('a', { class: 'cta', part: 'cta', href: cartUrl, onclick: () => api.track('Cart Reminder Clicked', props) }, t(strings, lang, 'cta')),
      h('button', { class: 'dismiss', part: 'dismiss', type: 'button', 'aria-label': t(strings, lang, 'dismiss'), onclick: dismiss }, '×'),
    );
    adoptStyles(root, CSS);
    root.replaceChildren(section);
    api.track('Cart Reminder Shown', props);
    return cart;
  })().catch((e) => {
    options.cart.api()?.report(e, 'cart reminder');
    return undefined;
  });
  return { ready, close };
}
