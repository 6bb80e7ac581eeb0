/**
 * Watches the page's URL in a single-page app: `pushState`, `replaceState`, `popstate` and
 * `hashchange`. Calls `onChange(previousUrl, reason)` once per real URL change; returns a stop function.
 *
 * `replaceState` counts only when the path changes: routers use it to tidy the query or hash
 * (consent params, tracking ids) without a new view. The URL it leaves becomes the next referrer.
 */
export type ChangeReason = 'pushState' | 'replaceState' | 'popstate' | 'hashchange';

export function watchUrl(onChange: (previousUrl: string, reason: ChangeReason) => void): () => void {
  let last = location.href;

  /** Called with the method's name, or with the `popstate`/`hashchange` event. */
  const check = (reason: any) => {
    const prev = last;
    reason = reason.type || reason;
    // `last` is always an absolute URL, so `new URL` cannot throw.
    if (prev != (last = location.href) && !(reason == 'replaceState' && new URL(prev).pathname == location.pathname))
      onChange(prev, reason);
  };
  const listen = (m: 'addEventListener' | 'removeEventListener') => {
    window[m]('popstate', check);
    window[m]('hashchange', check);
  };

  const unwrap = (['pushState', 'replaceState'] as const).map((name) => {
    const original = history[name];
    const ours = function (this: History, ...args: Parameters<History['pushState']>) {
      original.apply(this, args);
      check(name);
    };
    history[name] = ours;
    // Restore only if nobody patched over us; otherwise stay in their chain, inert.
    return () => history[name] == ours && (history[name] = original);
  });
  listen('addEventListener');

  return () => {
    // A wrapper left in someone else's chain goes inert.
    onChange = () => {};
    unwrap.map((f) => f());
    listen('removeEventListener');
  };
}
