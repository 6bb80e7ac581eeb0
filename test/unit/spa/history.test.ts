import { afterEach, describe, expect, it, vi } from 'vitest';
import { autoPagePlugin } from '../../../src/spa/index';
import { watchUrl } from '../../../src/spa/history';
import type { EncoreApi } from '../../../src/types';

const base = () => {
  history.replaceState(null, '', '/start');
  return location.href;
};

describe('watchUrl', () => {
  let stop: (() => void) | undefined;
  afterEach(() => stop?.());

  it('reports pushState, replaceState to a new path, popstate and hashchange once per URL change', () => {
    const start = base();
    const seen: Array<[string, string, string]> = [];
    stop = watchUrl((prev, reason) => seen.push([prev, location.href, reason]));

    history.pushState(null, '', '/a');
    history.pushState(null, '', '/a'); // same URL: nothing
    history.replaceState({ x: 1 }, '', '/a?utm=1'); // same path: silent, but becomes the next referrer
    history.replaceState(null, '', '/b');
    history.pushState(null, '', '/b#top');
    window.dispatchEvent(new Event('hashchange')); // URL did not change since: nothing
    history.pushState(null, '', '/c');
    window.dispatchEvent(new PopStateEvent('popstate')); // no URL change: nothing

    const o = location.origin;
    expect(seen).toEqual([
      [start, `${o}/a`, 'pushState'],
      [`${o}/a?utm=1`, `${o}/b`, 'replaceState'],
      [`${o}/b`, `${o}/b#top`, 'pushState'],
      [`${o}/b#top`, `${o}/c`, 'pushState'],
    ]);
  });

  it('restores history methods on stop, unless someone patched over them', () => {
    base();
    const push = history.pushState;
    const replace = history.replaceState;
    const s1 = watchUrl(() => {});
    expect(history.pushState).not.toBe(push);
    s1();
    expect(history.pushState).toBe(push);
    expect(history.replaceState).toBe(replace);

    const calls: string[] = [];
    const s2 = watchUrl(() => calls.push('ours'));
    const ours = history.pushState;
    const theirs = function (this: History, ...a: Parameters<History['pushState']>) {
      calls.push('theirs');
      return ours.apply(this, a);
    };
    history.pushState = theirs;
    s2();
    expect(history.pushState).toBe(theirs); // their patch survives
    history.pushState(null, '', '/after-stop');
    expect(calls).toEqual(['theirs']); // ours is inert in their chain
    history.pushState = push;
  });
});

describe('autoPagePlugin', () => {
  it('sends an initial page and one per change with the previous URL as referrer, then stops', async () => {
    vi.useFakeTimers();
    try {
      const start = base();
      const page = vi.fn();
      const api = { page } as unknown as EncoreApi;
      const plugin = autoPagePlugin();
      plugin.setup!(api);
      expect(page).toHaveBeenCalledTimes(1);
      history.pushState(null, '', '/p1');
      document.title = 'P1';
      vi.runAllTimers();
      expect(page).toHaveBeenCalledTimes(2);
      const [, , opts] = page.mock.calls[1]!;
      expect(opts.page).toMatchObject({ path: '/p1', referrer: start, title: 'P1' });
      expect(typeof opts.timestamp).toBe('number');

      // A change waiting for its title is sent, not lost, when the plugin stops.
      history.pushState(null, '', '/p2');
      const removed = vi.spyOn(window, 'removeEventListener');
      await plugin.teardown!();
      expect(removed.mock.calls.map((c) => c[0]).sort()).toEqual(['hashchange', 'popstate']);
      removed.mockRestore();
      expect(page).toHaveBeenCalledTimes(3);
      history.pushState(null, '', '/p3');
      vi.runAllTimers();
      expect(page).toHaveBeenCalledTimes(3);
    } finally {
      vi.useRealTimers();
    }
  });
});
