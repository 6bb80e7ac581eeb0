import type { NotificationName, Notifications } from '../types';

type AnyListener = (payload: any) => void;

/**
 * SDK notifications (`on('error')`, `on('flush')`…). A throwing listener is isolated so that one
 * page handler cannot break delivery or other listeners.
 */
export function createEmitter(onListenerError: (e: unknown) => void) {
  const map = new Map<string, Set<AnyListener>>();
  return {
    on(name: string, fn: AnyListener) {
      if (typeof fn !== 'function') return;
      let set = map.get(name);
      if (!set) map.set(name, (set = new Set()));
      set.add(fn);
    },
    off(name: string, fn: AnyListener) {
      map.get(name)?.delete(fn);
    },
    emit<K extends NotificationName>(name: K, payload: Notifications[K]) {
      const set = map.get(name);
      if (!set) return;
      for (const fn of [...set]) {
        try {
          fn(payload);
        } catch (e) {
          if (name !== 'error') onListenerError(e);
        }
      }
    },
    clear() {
      map.clear();
    },
  };
}
export type Emitter = ReturnType<typeof createEmitter>;
