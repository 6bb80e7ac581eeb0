/**
 * The loader snippet (built to `dist/snippet.min.js`, ≤ 800 B gzipped). It defines `window.encore`
 * with every public method as a stub that records the call, then loads `encore.iife.js` async.
 *
 * Each recorded call is an entry (see `entry.ts` for the layout the library reads):
 * `[method, args, callTimeMs, messageId, pageContext, target, result, sent]`.
 * The library replays entries in order with their original time, messageId and page context.
 *
 * If the page is hidden before the library arrives, buffered data calls (`track`, `page`,
 * `identify`, `reset`) that consent allows are kept in localStorage (`entry.ts`'s key, newest
 * `BUFFER_MAX`) and marked kept; the library queues them on the next page that loads it.
 *
 * Library URL: `data-src` on the snippet's `<script>` tag, else the literal below (edit it when
 * pasting). `data-integrity` adds SRI to the loaded script; the script's nonce is copied so a
 * nonce-based CSP allows it. `_q` (the recorded calls) and `_r` (the real instance) are shared with
 * `src/snippet/global.ts`, which replays them; the build never shortens them (they do not end in `_`).
 */
import { BUFFER_KEY as KEY, BUFFER_MAX as MAX } from './entry';

const w = window as any;
const d = document;

if (!w.encore) {
  const q: any[][] = [];
  const cs = d.currentScript as HTMLScriptElement | null;
  const ds = cs ? cs.dataset : ({} as DOMStringMap);
  const c = crypto;
  const uuid = (): string => (c.randomUUID ? c.randomUUID() : Date.now().toString(36) + Math.random().toString(36).slice(2));
  const loc = location;
  const api: any = { _q: q };
  const stub = (target: any, names: string) =>
    names.split(' ').map((m) => {
      target[m] = (...a: unknown[]) => {
        const e: any[] = [m, a, Date.now(), uuid(), { url: loc.href, path: loc.pathname, search: loc.search, referrer: d.referrer, title: d.title }, target];
        q.push(e);
        return m == 'attachVideo'
          ? (e[6] = stub({}, 'update detach'))
          : m == 'flush' || m == 'shutdown'
            ? new Promise((r) => (e[6] = r))
            : m == 'segments'
              ? []
              : target;
      };
      return target;
    })[0];
  w.encore = stub(api, 'init track page identify reset consent flush attachVideo segments use on off shutdown');

  // Leaving before the library loaded: keep the buffered data calls for the next page (the library
  // drains `encore:buffer` when it starts) and mark them, so this page's library skips them.
  const leave = () => {
    let ok: unknown;
    const keep = q.filter((e) => {
      const [m, a] = e;
      const cfg: any = a[0] || 0;
      if (m == 'init') ok = !cfg.consent || cfg.consent == 'granted' || cfg.consent.analytics;
      if (m == 'consent' && cfg.analytics != null) ok = cfg.analytics;
      return ok && !e[7] && /^(tr|pa|id|re)/.test(m);
    });
    if (keep.length)
      try {
        const ls = localStorage;
        ls.setItem(KEY, JSON.stringify(JSON.parse(ls.getItem(KEY) || '[]').concat(keep.map((e) => e.slice(0, 5))).slice(-MAX)));
        keep.map((e) => (e[7] = 1));
      } catch {}
  };
  addEventListener('pagehide', leave);
  d.addEventListener('visibilitychange', () => d.visibilityState == 'hidden' && leave());

  const s = d.createElement('script');
  // Scripts added from script are async already.
  s.src = ds.src || '/encore.iife.js';
  s.nonce = (cs && cs.nonce) || '';
  s.integrity = ds.integrity || '';
  if (ds.integrity) s.crossOrigin = '';
  d.head.append(s);
}
