// Every text of the shop, in English and Japanese. The language comes from ?lang=, then the last
// choice, then the browser.

const STRINGS = {
  en: {
    brand: 'Encore Run & Cook',
    home: 'Home',
    cart: 'Cart',
    members: "Members' films",
    language: '日本語',
    heroTitle: 'Gear that earns its place',
    heroText: 'Running, trekking, kitchen and care essentials, with short films on how to use them.',
    featured: 'Featured',
    shopCategory: 'Shop the category',
    addToCart: 'Add to cart',
    added: 'Added to your cart',
    watch: 'Watch how it is made',
    emptyCart: 'Your cart is empty.',
    remove: 'Remove',
    quantity: 'Qty',
    subtotal: 'Subtotal',
    shipping: 'Shipping',
    tax: 'Tax',
    total: 'Total',
    checkout: 'Checkout',
    continueShopping: 'Continue shopping',
    shippingStep: 'Shipping',
    paymentStep: 'Payment',
    fullName: 'Full name',
    address: 'Address',
    card: 'Card number (demo: any digits)',
    placeOrder: 'Place order',
    thanks: 'Thank you for your order!',
    orderNumber: 'Order number',
    noOrder: 'No recent order found.',
    recommended: 'Picked for your purchase',
    categories: { running: 'Running', outdoor: 'Trekking', kitchen: 'Kitchen', 'personal-care': 'Personal care' },
  },
  ja: {
    brand: 'アンコール ラン＆クック',
    home: 'ホーム',
    cart: 'カート',
    members: '会員限定動画',
    language: 'English',
    heroTitle: '長く使える道具を',
    heroText: 'ランニング、トレッキング、キッチン、ケア用品。使い方の短い動画つき。',
    featured: 'おすすめ',
    shopCategory: 'カテゴリを見る',
    addToCart: 'カートに入れる',
    added: 'カートに追加しました',
    watch: 'できるまでを見る',
    emptyCart: 'カートは空です。',
    remove: '削除',
    quantity: '数量',
    subtotal: '小計',
    shipping: '送料',
    tax: '税',
    total: '合計',
    checkout: 'ご購入手続きへ',
    continueShopping: '買い物を続ける',
    shippingStep: 'お届け先',
    paymentStep: 'お支払い',
    fullName: 'お名前',
    address: 'ご住所',
    card: 'カード番号（デモ：任意の数字）',
    placeOrder: '注文を確定する',
    thanks: 'ご注文ありがとうございます！',
    orderNumber: '注文番号',
    noOrder: '最近のご注文はありません。',
    recommended: 'ご購入商品に合わせたおすすめ',
    categories: { running: 'ランニング', outdoor: 'トレッキング', kitchen: 'キッチン', 'personal-care': 'パーソナルケア' },
  },
};

const LANG_KEY = 'encore-demo:lang';

function pickLang() {
  const q = new URLSearchParams(location.search).get('lang');
  if (q === 'en' || q === 'ja') {
    try {
      localStorage.setItem(LANG_KEY, q);
    } catch {}
    return q;
  }
  try {
    const saved = localStorage.getItem(LANG_KEY);
    if (saved === 'en' || saved === 'ja') return saved;
  } catch {}
  return (navigator.language || 'en').startsWith('ja') ? 'ja' : 'en';
}

export const LANG = pickLang();
export const T = STRINGS[LANG];
/** The other language, for the switch link. */
export const OTHER_LANG = LANG === 'ja' ? 'en' : 'ja';

/** A product's name in the page language. */
export const nameOf = (p) => p.name[LANG] ?? p.name.en;
