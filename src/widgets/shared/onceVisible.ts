/**
 * Calls `cb` once, the first time `el` is at least `threshold` visible in the viewport, and stops
 * observing. Returns a function that stops observing early (call it from `destroy()`). Without
 * IntersectionObserver the callback runs in a microtask.
 */
export function onceVisible(el: Element, cb: () => void, threshold = 0.25): () => void {
  let done = false;
  if (typeof IntersectionObserver !== 'function') {
    queueMicrotask(() => {
      if (!done) {
        done = true;
        cb();
      }
    });
    return () => {
      done = true;
    };
  }
  const io = new IntersectionObserver(
    (entries) => {
      if (done) return;
      if (entries.some((e) => e.isIntersecting && e.intersectionRatio >= threshold)) {
        done = true;
        io.disconnect();
        cb();
      }
    },
    { threshold },
  );
  io.observe(el);
  return () => {
    done = true;
    io.disconnect();
  };
}
