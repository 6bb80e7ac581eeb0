/**
 * Watches a GTM-style `window.dataLayer` array: every entry already in it when Encore attaches, and
 * every entry added later, each seen exactly once and in order.
 *
 * How it survives Google Tag Manager (and gtag.js) replacing `dataLayer.push` when it loads: `push`
 * becomes an accessor property on the array. Reading it gives a wrapper around the current push;
 * assigning it (what GTM does) stores the new function as the current push, so the wrapper now wraps
 * GTM's. The wrapper calls through first (GTM's processing and return value are untouched), then reads
 * the array from the last entry seen to its end. Reading by index rather than by arguments means it
 * does not matter how many wrappers are stacked (GTM's push calls the push it found, which may be
 * ours): the first one to return sees the new entries, the others find nothing new.
 */

/** Called with each new entry; never throws into the page (the hook catches and reports). */
export type EntryListener = (entry: unknown) => void;

export interface DataLayerHook {
  /** Stops watching; restores the plain push property when no one replaced it since. */
  detach(): void;
}

type PushFn = (...items: unknown[]) => unknown;

/**
 * Watches `globalThis[name]`, creating it as an empty array when missing (as the GTM snippet does).
 * Returns undefined (after reporting) when the dataLayer is not an array or cannot be hooked.
 */
export function watchDataLayer(name: string, listener: EntryListener, report: (e: unknown, where?: string) => void): DataLayerHook | undefined {
  const g = globalThis as unknown as Record<string, unknown>;
  const layer = (g[name] ??= []) as unknown[];
  if (!Array.isArray(layer)) {
    report(TypeError(`window.${name} is not an array`), 'dataLayer');
    return undefined;
  }
  let seen = 0;
  let active = true;
  const readNew = () => {
    if (!active) return;
    // Something truncated the array (some SPAs do, to bound its memory): continue from its end.
    if (layer.length < seen) seen = layer.length;
    while (seen < layer.length) {
      const entry = layer[seen++];
      try {
        listener(entry);
      } catch (e) {
        report(e, 'dataLayer');
      }
    }
  };

  let current = layer.push as PushFn;
  let wrapped: PushFn | undefined;
  let wrappedFor: PushFn | undefined;
  const wrapperOf = (inner: PushFn): PushFn => {
    // The same function on every read, so `dataLayer.push === dataLayer.push` holds.
    if (wrappedFor !== inner || !wrapped) {
      wrappedFor = inner;
      wrapped = function (this: unknown, ...items: unknown[]) {
        try {
          return inner.apply(this, items);
        } finally {
          readNew();
        }
      };
    }
    return wrapped;
  };
  const descriptor: PropertyDescriptor = {
    configurable: true,
    enumerable: false,
    get: () => wrapperOf(current),
    set: (fn: unknown) => {
      if (typeof fn === 'function') current = fn as PushFn;
      else report(TypeError(`${name}.push was set to a non-function`), 'dataLayer');
    },
  };
  try {
    Object.defineProperty(layer, 'push', descriptor);
  } catch (e) {
    report(e, 'dataLayer');
    return undefined;
  }
  readNew();

  return {
    detach() {
      if (!active) return;
      active = false;
      const own = Object.getOwnPropertyDescriptor(layer, 'push');
      // Only if ours is still the property: otherwise another hook stacked on it holds our wrapper,
      // which now just calls through.
      if (own?.get === descriptor.get) {
        if (current === Array.prototype.push) delete (layer as { push?: unknown }).push;
        else Object.defineProperty(layer, 'push', { configurable: true, enumerable: false, writable: true, value: current });
      }
    },
  };
}
