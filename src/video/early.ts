import type { PlayerEvents } from './types';

/** Which argument of each call is its time (`at`, optional, last). */
const AT_INDEX: Partial<Record<keyof PlayerEvents, number>> = { rendition: 1, error: 1, sourceChange: 1 };
const NAMES: Array<keyof PlayerEvents> = [
  'playIntent', 'autoplayBlocked', 'firstFrame', 'stallStart', 'stallEnd', 'seekStart', 'seekEnd',
  'pause', 'resume', 'rendition', 'error', 'sourceChange', 'ended',
];

/**
 * Player events that wait, with their times, until Encore's video engine attaches. `attachVideo`
 * loads the engine lazily, and an exclusive adapter has no element capture to fall back on: a
 * `play()` or an error in that window (an autoplaying player, a source failing at once) would be lost.
 */
export function bufferedEvents(): { events: PlayerEvents; deliver(to: PlayerEvents): void } {
  let target: PlayerEvents | undefined;
  const waiting: Array<[keyof PlayerEvents, unknown[]]> = [];
  const events = {} as Record<keyof PlayerEvents, (...args: unknown[]) => void>;
  for (const name of NAMES)
    events[name] = (...args) => {
      if (target) return (target[name] as (...a: unknown[]) => void)(...args);
      const i = AT_INDEX[name] ?? 0;
      if (args[i] === undefined) args[i] = performance.now();
      waiting.push([name, args]);
    };
  return {
    events: events as unknown as PlayerEvents,
    deliver(to) {
      target = to;
      for (const [name, args] of waiting.splice(0)) (to[name] as (...a: unknown[]) => void)(...args);
    },
  };
}
