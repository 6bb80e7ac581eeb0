import type { PlayerEvents } from './types';

/**
 * Every player event, with the position of its optional time argument (`at`, the last one). A
 * complete record, so the compiler says when PlayerEvents gains a call this does not hold.
 */
const AT_INDEX: Record<keyof PlayerEvents, number> = {
  playIntent: 0, autoplayBlocked: 0, firstFrame: 0, stallStart: 0, stallEnd: 0, seekStart: 0, seekEnd: 0,
  pause: 0, resume: 0, ended: 0, rendition: 1, error: 1, sourceChange: 1,
};

/**
 * Player events that wait, with their times, until Encore's video engine attaches. `attachVideo`
 * loads the engine lazily, and an exclusive adapter has no element capture to fall back on: a
 * `play()` or an error in that window (an autoplaying player, a source failing at once) would be lost.
 */
export function bufferedEvents(): { events: PlayerEvents; deliver(to: PlayerEvents): void } {
  let target: PlayerEvents | undefined;
  const waiting: Array<[keyof PlayerEvents, unknown[]]> = [];
  const events = {} as Record<keyof PlayerEvents, (...args: unknown[]) => void>;
  for (const name of Object.keys(AT_INDEX) as Array<keyof PlayerEvents>)
    events[name] = (...args) => {
      if (target) return (target[name] as (...a: unknown[]) => void)(...args);
      const i = AT_INDEX[name];
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
