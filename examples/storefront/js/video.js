// The product page's category video: declarative markup that Encore attaches to (`autoVideo`),
// HLS through the browser or hls.js (loaded by product.html when present).
import { VIDEO_FALLBACK_SRC, VIDEO_SRC } from './config.js';
import { el } from './dom.js';
import { T } from './strings.js';

/** The first of VIDEO_SRC / VIDEO_FALLBACK_SRC that this server has. */
async function videoSource() {
  try {
    const r = await fetch(VIDEO_SRC, { method: 'HEAD' });
    if (r.ok) return VIDEO_SRC;
  } catch {}
  return VIDEO_FALLBACK_SRC;
}

/** Builds the category video for a product and starts loading it. */
export function categoryVideo(product) {
  const video = el('video', {
    class: 'category-video',
    controls: true,
    muted: true,
    playsinline: true,
    preload: 'metadata',
    'data-encore-video': `category-${product.category}`,
    'data-encore-category': product.category,
    'data-encore-products': product.sku,
    'data-encore-title': `${T.categories[product.category]}: ${T.watch}`,
  });
  video.muted = true;
  void videoSource().then((src) => {
    if (video.canPlayType('application/vnd.apple.mpegurl')) video.src = src;
    else if (window.Hls && window.Hls.isSupported()) {
      const hls = new window.Hls();
      hls.loadSource(src);
      hls.attachMedia(video);
    }
  });
  return el('figure', { class: 'video' }, video, el('figcaption', {}, T.watch));
}
