/**
 * encore-sdk/cart: the shopper's open cart kept locally (`cartPlugin`) and the on-site reminder of
 * a cart left behind (`renderCartReminder`). Nothing runs at import time.
 */
export { cartPlugin, nextCart } from './cart';
export type { Cart, CartItem, CartPlugin } from './cart';
export { renderCartReminder } from './reminder';
export type { CartReminderOptions, CartReminderHandle } from './reminder';
export type { Lang, Strings } from '../shared/lang';
