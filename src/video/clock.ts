/**
 * One clock per Encore instance for all its players: a 1 s interval that runs only while some view
 * is active (heartbeats, scale sampling), plus the page lifecycle listeners (hidden time, page
 * hidden for good). Nothing is scheduled and no listener remains when nothing is tracked.
 */

/** What a tracked player exposes to the clock. */
export interface ClockMember {
  active(): boolean;
  tick(now: number): void;
  hidden(at: number, hidden: boolean): void;
  /** The page is going away: end the view synchronously so the queue's beacon carries it. */
  pagehide(at: number): void;
}

export interface Clock {
  add(m: ClockMember): void;
  remove(m: ClockMember): void;
  /** Re-evaluates whether the interval should run (call after any state change). */
  update(): void;
}

/** Creates a clock (one per instance: see `clockFor`). */
export function createClock(): Clock {
  const members = new Set<ClockMember>();
  let timer: ReturnType<typeof setInterval> | undefined;
  const each = (f: (m: ClockMember) => unknown) => members.forEach(f);
  const onVisibility = (e: Event) => each((m) => m.hidden(e.timeStamp, document.visibilityState == 'hidden'));
  const onPagehide = (e: Event) => each((m) => m.pagehide(e.timeStamp));
  // Capture phase: runs before the queue's own pagehide flush, so the summary rides along.
  const listen = (k: 'addEventListener' | 'removeEventListener') => {
    document[k]('visibilitychange', onVisibility, true);
    window[k]('pagehide', onPagehide, true);
  };
  const clock: Clock = {
    add(m) {
      members.size || listen('addEventListener');
      members.add(m);
      clock.update();
    },
    remove(m) {
      members.delete(m);
      members.size || listen('removeEventListener');
      clock.update();
    },
    update() {
      const any = [...members].some((m) => m.active());
      if (any) timer ||= setInterval(() => each((m) => m.tick(performance.now())), 1000);
      else {
        clearInterval(timer);
        timer = undefined;
      }
    },
  };
  return clock;
}

// Keyed by instance so two Encore instances on a page never share a clock.
const clocks = new WeakMap<object, Clock>();

/** The clock of an Encore instance. */
export function clockFor(owner: object): Clock {
  let c = clocks.get(owner);
  if (!c) clocks.set(owner, (c = createClock()));
  return c;
}
