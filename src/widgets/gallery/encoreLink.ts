/**
 * The gallery's link to the outside world: which Encore instance it uses (the option, a getter, or
 * the script-tag global), events tracked on it, problems and new-content notices told to the page
 * (callback, DOM event, console) and to `encore.on(…)` listeners, and identity changes (which mean
 * the manifest must be fetched again).
 */
import type { Encore } from '../../types';
import type { ExclusiveContentInfo, GalleryOptions } from './types';

/**
 * Notifications that mean "the shopper is someone else now" (`identify()` with a new user, `reset()`):
 * re-fetch the manifest, since the server decides entitlement per identity.
 */
const IDENTITY_NOTIFICATIONS = ['identity'];

/** The plugin-API members the gallery uses to notify `encore.on(…)` listeners. */
type Hooks = {
  report?: (error: unknown, where?: string) => void;
  emit?: (name: string, payload: unknown) => void;
  identity?: () => { userId: string | null; anonymousId: string };
};

/**
 * The hooks of instances that have no `emit` of their own (the script-tag global), got from the
 * gallery's plugin: registered once per instance, however many galleries render on it and however
 * often they re-render (Encore has no way to remove a plugin). `undefined`: registered, setup not
 * run yet. Keyed by instance, so two instances on a page never share hooks; weak, so a dropped
 * instance is not kept alive.
 */
const pluginHooks = /* @__PURE__ */ new WeakMap<Encore, Hooks | undefined>();

/** The instance's notification hooks: its own (`createEncore` instances), else the gallery plugin's. */
function hooksOf(encore: Encore): Hooks | undefined {
  if (typeof (encore as Hooks).emit === 'function') return encore as Hooks;
  if (!pluginHooks.has(encore)) {
    pluginHooks.set(encore, undefined);
    try {
      encore.use({ name: 'encore-gallery', type: 'feature', setup: (api) => void pluginHooks.set(encore, api) });
    } catch {
      /* an instance without plugins: page hooks only */
    }
  }
  return pluginHooks.get(encore);
}

/** Calls a page callback; a throwing one must not break the gallery. */
function callPage<T>(callback: ((value: T) => void) | undefined, value: T) {
  try {
    callback?.(value);
  } catch {
    /* page callback errors stay in the page */
  }
}

const whoKey = (p?: { userId?: string | null; anonymousId?: string } | null) => (p ? `${p.userId ?? ''}|${p.anonymousId ?? ''}` : '');

/** The gallery's side of an Encore instance; `onIdentityChange` runs when the shopper changes. */
export function linkEncore(element: HTMLElement, options: GalleryOptions, onIdentityChange: () => void) {
  const encore = (): Encore | undefined => {
    // undefined: the global script-tag instance if any; null: explicitly none.
    const e = options.encore === undefined ? (globalThis as { encore?: Encore }).encore : options.encore;
    return e && typeof e.track === 'function' ? e : undefined;
  };
  const hooks = () => {
    const e = encore();
    return e && hooksOf(e);
  };

  /** Every problem: console, `onError`, an `encore-gallery-error` DOM event, and `encore.on('error')`. */
  const report = (error: Error) => {
    console.warn('[encore-gallery]', error.message);
    callPage(options.onError, error);
    element.dispatchEvent(new CustomEvent('encore-gallery-error', { detail: error }));
    try {
      const h = hooks();
      if (h?.report) h.report(error); // messages already start with `gallery:`
      else h?.emit?.('error', error);
    } catch {
      /* never throw into the page */
    }
  };

  const track = (event: string, properties: Record<string, unknown>) => {
    try {
      encore()?.track(event, properties);
    } catch (e) {
      report(e as Error);
    }
  };

  /** A newly published item: tracked, and told to `onExclusiveContent`, the DOM and `encore.on`. */
  const announce = (info: ExclusiveContentInfo) => {
    track('Exclusive Content Available', info as unknown as Record<string, unknown>);
    callPage(options.onExclusiveContent, info);
    element.dispatchEvent(new CustomEvent('encore-exclusive-content', { detail: info }));
    try {
      hooks()?.emit?.('exclusive-content', info);
    } catch {
      /* never throw into the page */
    }
  };

  let subscribed: Encore | undefined;
  let who = '';
  // identify() with the same user again changes nothing on the server: skip the re-fetch.
  const onIdentity = (payload: unknown) => {
    const next = whoKey(payload as Parameters<typeof whoKey>[0]) || String(Math.random());
    if (next === who) return;
    who = next;
    onIdentityChange();
  };
  const unfollowIdentity = () => {
    for (const n of IDENTITY_NOTIFICATIONS) subscribed?.off(n, onIdentity);
    subscribed = undefined;
  };
  /** Listens to identity changes of the current instance (moving to a new one if it changed). */
  const followIdentity = () => {
    const h = hooks();
    const e = encore();
    if (e === subscribed) return;
    unfollowIdentity();
    if (typeof e?.on !== 'function') return;
    subscribed = e;
    // Who the manifest is being fetched for, so only a real change re-fetches.
    try {
      who = whoKey(h?.identity?.());
    } catch {
      who = '';
    }
    for (const n of IDENTITY_NOTIFICATIONS) e.on(n, onIdentity);
  };

  return { encore, report, track, announce, followIdentity, unfollowIdentity };
}

export type EncoreLink = ReturnType<typeof linkEncore>;
