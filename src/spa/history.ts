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
  let last = win.location.href;
  let active = true;

  const check = (reason: ChangeReason) => {
    if (!active) return;
    const now = win.location.href;
    if (now === last) return;
    const prev = last;
    last = now;
    if (reason === 'replaceState' && pathOf(prev) === win.location.pathname) return;
    onChange(prev, reason);
  };

  const wrap = (name: 'pushState' | 'replaceState') => {
    const original = h[name];
    const ours = function (this: History, ...args: Parameters<History['pushState']>) {
      const r = original.apply(this, args);
      check(name);
      return r;
    };
    h[name] = ours;
    return () => {
      // Restore only if nobody patched over us; otherwise stay in their chain, inert.
      if (h[name] === ours) h[name] = original;
    };
  };

  const onPop = () => check('popstate');
  const onHash = () => check('hashchange');
  const unwrapPush = wrap('pushState');
  const unwrapReplace = wrap('replaceState');
  win.addEventListener('popstate', onPop);
  win.addEventListener('hashchange', onHash);

  return () => {
    if (!active) return;
    active = false;
    unwrapPush();
    unwrapReplace();
    win.removeEventListener('popstate', onPop);
    win.removeEventListener('hashchange', onHash);
  };
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}
