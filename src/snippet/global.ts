/**
 * The global `encore` of the script-tag build. It takes over from the snippet stub: replays the
 * stub's recorded calls in order with their original time, messageId and page context, drains the
 * calls the snippet kept for this page when a previous page was left before the library loaded,
 * and then forwards every call to the single instance created by `init`.
 */
import type { Encore, EncoreConfigInput } from '../types';
import { BUFFER_KEY, METHODS, type Entry } from './entry';
import { pageContext } from '../lib/page-context';
import { uuid } from '../lib/uuid';

/** The members of the global `encore` that act on the instance. */
export type GlobalEncore = {
  init(config: EncoreConfigInput): Encore | undefined;
} & Omit<Encore, 'version'>;

/**
 * A stub: the global itself, or a video handle returned before `init`. Its methods forward to
 * `_r` (the instance, the real handle) once there is one, and are recorded until then.
 */
type Stub = Record<string, any> & { _r?: any };

/**
 * Creates the global API, taking over from `prior`: the snippet stub, or the global of another copy
 * of this library. That object becomes the global (its methods redefined here), so code that kept a
 * reference to it keeps working, and a second copy of the library shares the first one's queue and
 * instance: the page keeps one instance.
 *
 * @param prior - `window.encore` when the library is evaluated.
 * @param create - `createEncore`.
 * @param bootConfig - config from the loading script's `data-*` attributes, if any.
 */
export function createGlobal(prior: any, create: (config: EncoreConfigInput) => Encore, bootConfig?: EncoreConfigInput): GlobalEncore {
  // Calls made before `init`, in call order. The snippet's own queue is reused so that its
  // page-leave handler also covers calls that reach us before `init`.
  const api: Stub = prior?._q ? prior : { _q: [] };
  const pending: Entry[] = api._q;

  /** Defines `names` on `t`: forwarded to `t._r`, else recorded, returning what the snippet's stubs return. */
  const stub = (t: Stub, names: readonly string[]) => {
    for (const m of names)
      t[m] = (...a: unknown[]) => {
        if (t._r) return t._r[m](...a);
        const e: Entry = [m, a, Date.now(), uuid(), pageContext(), t];
        pending.push(e);
        return m == 'attachVideo'
          ? (e[6] = stub({}, ['update', 'detach']))
          : m == 'flush' || m == 'shutdown'
            ? new Promise((r) => (e[6] = r))
            : m == 'segments'
              ? []
              : t;
      };
    return t;
  };

  const replay = (e: Entry) => {
    try {
      const [m, a, timestamp, messageId, page, t, r] = e;
      // Entries of the global (ours or the snippet's, or kept without a target) go to the
      // instance; a handle stub's to its real handle, bound when its attachVideo was replayed.
      const x = ((t as Stub)?._r || api._r)[m](...(/^(tr|pa|id)/.test(m) ? [a[0], a[1], { timestamp, messageId, page, ...(a[2] as object) }] : a));
      if (m == 'attachVideo') stub(r as Stub, ['update', 'detach'])._r = x;
      // flush/shutdown: settle the promise the stub returned.
      else if (r) x.then(r, r);
    } catch (err) {
      console.error('[encore]', err);
    }
  };

  /** `init`: development builds throw for an invalid config, and so does this. */
  const start = (config: EncoreConfigInput): Encore => {
    if (!api._r) {
      api._r = create(config);
      // First the calls the snippet kept for us when an earlier page was left before the library loaded.
      try {
        const raw = localStorage.getItem(BUFFER_KEY);
        localStorage.removeItem(BUFFER_KEY);
        pending.unshift(...(JSON.parse(raw!) || []));
      } catch {
        /* storage unavailable or unreadable: nothing kept */
      }
      // Replay may add entries (a handle stub called from a listener): the loop sees them too.
      // Entries kept for the next page (flag 7) are delivered from there.
      for (const e of pending) if (!e[7] && e[0] != 'init') replay(e);
      pending.length = 0;
    }
    return api._r;
  };

  stub(api, METHODS).init = start;
  // The instance may come from the loading tag's data-* attributes, or from a buffered `init`. That
  // call must not abort the library's evaluation: an invalid config is logged.
  const config = bootConfig || pending.find((e) => e[0] == 'init')?.[1][0];
  try {
    if (config) start(config as EncoreConfigInput);
  } catch (err) {
    console.error('[encore]', err);
  }
  return api as GlobalEncore;
}
