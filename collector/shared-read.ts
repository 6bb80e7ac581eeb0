/**
 * One computation shared by every request within a second: dashboards poll, and several open at
 * once must not each run the same DuckDB queries. Keyed by the arguments (retention options);
 * a failed computation is forgotten at once, so the next request tries again.
 */
const FRESH_MS = 1000;
const MAX_KEYS = 50;

export function sharedPerSecond<A, T>(compute: (args: A) => Promise<T>): (args?: A) => Promise<T> {
  const cache = new Map<string, { at: number; value: Promise<T> }>();
  return (args) => {
    const key = JSON.stringify(args) ?? '';
    const hit = cache.get(key);
    if (hit && Date.now() - hit.at <= FRESH_MS) return hit.value;
    if (cache.size >= MAX_KEYS) cache.clear();
    const value = compute(args as A);
    cache.set(key, { at: Date.now(), value });
    value.catch(() => {
      if (cache.get(key)?.value === value) cache.delete(key);
    });
    return value;
  };
}
