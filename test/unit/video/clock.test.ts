import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { clockFor, createClock, type ClockMember } from '../../../src/video/clock';
import { cleanMeta } from '../../../src/video/meta';

const member = (active = false) => {
  const m = { on: active, ticks: 0, hides: [] as boolean[], gone: 0 };
  const cm: ClockMember = {
    active: () => m.on,
    tick: () => void m.ticks++,
    hidden: (_, h) => void m.hides.push(h),
    pagehide: () => void m.gone++,
  };
  return { m, cm };
};

describe('page clock', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs one interval only while some member is active', () => {
    const c = createClock();
    const a = member(false);
    const b = member(false);
    c.add(a.cm);
    c.add(b.cm);
    expect(vi.getTimerCount()).toBe(0);
    a.m.on = true;
    c.update();
    b.m.on = true;
    c.update();
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(3000);
    expect(a.m.ticks).toBe(3);
    expect(b.m.ticks).toBe(3);
    a.m.on = b.m.on = false;
    c.update();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('forwards visibility and pagehide while members exist, and removes its listeners after', () => {
    const c = createClock();
    const a = member(true);
    c.add(a.cm);
    document.dispatchEvent(new Event('visibilitychange'));
    window.dispatchEvent(new Event('pagehide'));
    expect(a.m.hides.length).toBe(1);
    expect(a.m.gone).toBe(1);
    c.remove(a.cm);
    expect(vi.getTimerCount()).toBe(0);
    document.dispatchEvent(new Event('visibilitychange'));
    window.dispatchEvent(new Event('pagehide'));
    expect(a.m.hides.length).toBe(1);
    expect(a.m.gone).toBe(1);
  });

  it('is one per instance: two Encore instances never share a clock', () => {
    const one = {};
    const two = {};
    expect(clockFor(one)).toBe(clockFor(one));
    expect(clockFor(one)).not.toBe(clockFor(two));
  });
});

describe('video meta', () => {
  it('keeps valid fields', () => {
    const errors: Error[] = [];
    expect(cleanMeta({ videoId: 'v', title: 't', category: 'c', productIds: ['a', 'b'], live: true, custom: { x: 1 } }, (e) => errors.push(e))).toEqual({
      videoId: 'v',
      title: 't',
      category: 'c',
      productIds: ['a', 'b'],
      live: true,
      custom: { x: 1 },
    });
    expect(errors).toEqual([]);
  });

  it('reports and drops invalid fields, never throws', () => {
    const errors: Error[] = [];
    const m = cleanMeta({ videoId: 7, category: 3, productIds: ['ok', 5, ''], live: 'yes' }, (e) => errors.push(e));
    expect(m).toEqual({ videoId: 'unknown', productIds: ['ok'] });
    expect(errors.map((e) => e.message).join(' ')).toMatch(/videoId.*category.*productIds.*live/s);
    expect(cleanMeta(null, () => {}).videoId).toBe('unknown');
  });
});
