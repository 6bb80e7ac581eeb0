/**
 * The global `encore` of the script-tag build. It takes over from the snippet stub: replays the
 * stub's recorded calls in order with their original time, messageId and page context, drains the
 * calls the snippet kept for this page when a previous page was left before the library loaded,
 * and then forwards every call to the single instance created by `init`.
 */
import type { CallOptions, Encore, EncoreConfigInput, FlushResult, VideoHandle } from '../types';
import { BUFFER_KEY, METHODS, type Entry } from './entry';
import { pageContext } from '../core/context';
import { uuid } from '../lib/uuid';

/** The members of the global `encore` that act on the instance. */
export type GlobalEncore = {
  init(config: EncoreConfigInput): Encore | undefined;
} & Omit<Encore, 'version'>;

/** A stub handle as the snippet returns it from `attachVideo` before the library loaded. */
interface HandleStub extends VideoHandle {
  _r?: VideoHandle;
}

const DATA_CALLS = new Set(['track', 'page', 'identify']);
const ZERO: FlushResult = { sent: 0, failed: 0, remaining: 0 };

/**
 * Creates the global API, taking over from `prior` (the snippet stub, or the global of another copy
 * of this library, whose instance is then shared so the page keeps one instance).
 *
 * @param prior - `window.encore` when the library is evaluated.
 * @param create - `createEncore`.
 * @param bootConfig - config from the loading script's `data-*` attributes, if any.
 */
export function createGlobal(
  prior: any,
  create: (config: EncoreConfigInput) => Encore,
  bootConfig?: EncoreConfigInput,
): GlobalEncore {
  if (prior && prior._global) return prior._global as GlobalEncore;

  // Calls made before `init`, in call order. The snippet's own queue is reused so that its
  // page-leave handler also covers calls that reach us before `init`.
  const pending: Entry[] = prior && Array.isArray(prior._q) ? prior._q : [];
  let instance: Encore | undefined;

  const record = (method: string, args: unknown[], target: unknown): Entry => {
    const e: Entry = [method, args, Date.now(), uuid(), pageContext(), target];
    pending.push(e);
    return e;
  };

  const handleStub = (): HandleStub => {
    const h: HandleStub = {
      update: (...a: unknown[]) => void (h._r ? h._r.update(a[0] as never) : record('update', a, h)),
      detach: () => void (h._r ? h._r.detach() : record('detach', [], h)),
    };
    return h;
  };

  /** Points a stub handle at the real one, for calls recorded and for calls to come. */
  const bindHandle = (stub: HandleStub | undefined, real: VideoHandle) => {
    if (!stub || typeof stub !== 'object') return;
    stub._r = real;
    stub.update = (meta) => real.update(meta);
    stub.detach = () => real.detach();
  };

  const replay = (inst: Encore, e: Entry) => {
    const [m, args, timestamp, messageId, page, target, result] = e;
    const a = Array.isArray(args) ? args : [];
    try {
      if (DATA_CALLS.has(m)) {
        const opts: CallOptions = { timestamp, messageId, page, ...(a[2] as CallOptions | undefined) };
        (inst as any)[m](a[0], a[1], opts);
      } else if (m === 'attachVideo') {
        bindHandle(result as HandleStub, inst.attachVideo(a[0] as never, a[1] as never, a[2] as never));
      } else if (m === 'update' || m === 'detach') {
        const real = (target as HandleStub | undefined)?._r;
        if (real) (real as any)[m](...a);
      } else if (m === 'flush' || m === 'shutdown') {
        const done = inst[m]() as Promise<unknown>;
        if (typeof result === 'function') void done.then(result as (v: unknown) => void, () => (result as (v: unknown) => void)(ZERO));
      } else if (m !== 'init' && (METHODS as readonly string[]).includes(m)) {
        (inst as any)[m](...a);
      }
    } catch (err) {
      console.error('[encore] replaying', m, err);
    }
  };

  /** Calls the snippet kept for us when an earlier page was left before the library loaded. */
  const takeKept = (): Entry[] => {
    try {
      const raw = localStorage.getItem(BUFFER_KEY);
      if (raw == null) return [];
      localStorage.removeItem(BUFFER_KEY);
      const list = JSON.parse(raw);
      return Array.isArray(list) ? list.filter((e) => Array.isArray(e) && typeof e[0] === 'string') : [];
    } catch {
      return [];
    }
  };

  const start = (config: EncoreConfigInput, fromReplay: boolean): Encore | undefined => {
    if (instance) return instance;
    try {
      instance = create(config);
    } catch (err) {
      // Development builds throw for an invalid config. A direct call gets the error; a replayed
      // call must not abort the library's evaluation, so it is logged.
      if (!fromReplay) throw err;
      console.error('[encore]', err);
      return undefined;
    }
    const inst = instance;
    for (const e of takeKept()) replay(inst, e);
    // Replay may add entries (a handle stub called from a listener); drain until empty.
    while (pending.length) {
      const e = pending.shift()!;
      if (!e[7]) replay(inst, e);
    }
    return inst;
  };

  /** What a call made before `init` returns: a stub handle, a pending promise, or the global. */
  const early = (m: string, e: Entry): unknown =>
    m === 'attachVideo'
      ? (e[6] = handleStub())
      : m === 'flush' || m === 'shutdown'
        ? new Promise((r) => (e[6] = r))
        : m === 'segments'
          ? []
          : m === 'use' || m === 'on' || m === 'off'
            ? api
            : undefined;

  const api = { init: (config: EncoreConfigInput) => start(config, false) } as GlobalEncore;
  for (const m of METHODS)
    if (m !== 'init')
      (api as any)[m] = (...a: unknown[]) => (instance ? (instance as any)[m](...a) : early(m, record(m, a, api)));

  // The instance may come from the loading tag's data-* attributes, or from a buffered `init`.
  if (bootConfig) start(bootConfig, true);
  else {
    const first = pending.find((e) => e[0] === 'init');
    if (first && Array.isArray(first[1])) start(first[1][0] as EncoreConfigInput, true);
  }

  // Code that kept a reference to the stub keeps working.
  if (prior && typeof prior === 'object' && prior !== api) for (const m of METHODS) prior[m] = (api as any)[m];
  return api;
}
