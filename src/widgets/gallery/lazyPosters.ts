/**
 * Poster images that load only when their card comes near the viewport (300 px ahead), with
 * `loading="lazy"` as well. The URL stays out of the DOM until then.
 */
import { h } from '../shared';

export function lazyPosters() {
  const pending = new Map<Element, string>();
  const show = (img: HTMLImageElement) => {
    const url = pending.get(img);
    if (!url) return;
    pending.delete(img);
    observer?.unobserve(img);
    img.src = url;
  };
  const observer =
    typeof IntersectionObserver === 'function'
      ? new IntersectionObserver(
          (entries) => {
            for (const e of entries) if (e.isIntersecting) show(e.target as HTMLImageElement);
          },
          { rootMargin: '300px' },
        )
      : undefined;

  return {
    /** An `<img>` that fades in once loaded and removes itself if the image fails; null without a URL. */
    poster(url: string | undefined) {
      if (!url) return null;
      const img = h('img', {
        part: 'poster',
        alt: '',
        loading: 'lazy',
        decoding: 'async',
        onload: () => img.classList.add('on'),
        onerror: () => img.remove(),
      });
      pending.set(img, url);
      if (observer) observer.observe(img);
      else show(img);
      return img;
    },
    /** Forgets every poster not shown yet (the cards are being replaced or the gallery destroyed). */
    clear() {
      observer?.disconnect();
      pending.clear();
    },
  };
}
