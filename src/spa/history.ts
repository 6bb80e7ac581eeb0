/**
 * Watches the URL of a single-page app: `pushState`, `replaceState`, `popstate` and `hashchange`.
 * Calls `onChange(previousUrl, reason)` once per real URL change; returns a stop function.
 *
 * `replaceState` counts only when the path changes: routers use it to tidy the query or hash
 * (consent params, tracking ids) without a new view. The URL it leaves becomes the next referrer.
 */
export type ChangeReason = 'pushState' | 'replaceState' | 'popstate' | 'hashchange';

export function watchUrl(win: Window, onChange: (previousUrl: string, reason: ChangeReason) => void): () => void {
  const h = win.history;
  const l = win.location;
  let last = l.href;
  let active = true;

  const check = (reason: string) => {
    const prev = last;
    // `last` is always an absolute URL, so `new URL` cannot throw.
    if (active && prev != (last = l.href) && !(reason == 'replaceState' && new URL(prev).pathname == l.pathname))
      onChange(prev, reason as ChangeReason);
  };
  const onEvent = (e: Event) => check(e.type);
  const listen = (m: 'addEventListener' | 'removeEventListener') => {
    win[m]('popstate', onEvent);
    win[m]('hashchange', onEvent);
  };

  const unwrap = (['pushState', 'replaceState'] as const).map((name) => {
    const original = h[name];
    const ours = function (this: History, ...args: Parameters<History['pushState']>) {
      original.apply(this, args);
      check(name);
    };
    h[name] = ours;
    // Restore only if nobody patched over us; otherwise stay in their chain, inert.
    return () => h[name] == ours && (h[name] = original);
  });
  listen('addEventListener');

  return () => {
    active = false;
    unwrap.map((f) => f());
    listen('removeEventListener');
  };
}
