// A tiny DOM builder: text only through textContent, never HTML from data.

/** `el('a', { href: 'x', class: 'btn' }, 'text', child)` */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) if (c !== undefined && c !== null) node.append(typeof c === 'string' || typeof c === 'number' ? String(c) : c);
  return node;
}

export const money = (n, currency = 'USD', lang = 'en') =>
  new Intl.NumberFormat(lang === 'ja' ? 'ja-JP' : 'en-US', { style: 'currency', currency }).format(n);
