import { describe, expect, it, vi } from 'vitest';
import type { EncoreApi } from '../../../src/types';

// web-vitals needs real paint and layout entries (tested in Chromium); here only the wiring.
const callbacks = vi.hoisted(() => new Map<string, (m: any) => void>());
vi.mock('web-vitals', () => {
  const on = (name: string) => (cb: (m: any) => void) => void callbacks.set(name, cb);
  return { onLCP: on('LCP'), onINP: on('INP'), onCLS: on('CLS'), onFCP: on('FCP'), onTTFB: on('TTFB') };
});
const { vitalsPlugin } = await import('../../../src/vitals');

const metric = (name: string, value: number, id = `v6-${name}`) => ({ name, value, id, rating: 'good', navigationType: 'navigate', delta: value, entries: [] });

describe('vitalsPlugin', () => {
  it('tracks each metric once per id with the contract properties', () => {
    const track = vi.fn();
    const p = vitalsPlugin();
    p.setup!({ track, report: vi.fn() } as unknown as EncoreApi);
    expect([...callbacks.keys()].sort()).toEqual(['CLS', 'FCP', 'INP', 'LCP', 'TTFB']);
    callbacks.get('LCP')!(metric('LCP', 1234.56));
    callbacks.get('CLS')!(metric('CLS', 0.123456));
    callbacks.get('CLS')!(metric('CLS', 0.2)); // a later report of the same metric: ignored
    callbacks.get('LCP')!(metric('LCP', 99, 'v6-restored')); // bfcache restore: a new page
    expect(track.mock.calls).toEqual([
      ['Web Vital', { metric: 'LCP', value: 1235, rating: 'good', id: 'v6-LCP', navigation_type: 'navigate' }],
      ['Web Vital', { metric: 'CLS', value: 0.1235, rating: 'good', id: 'v6-CLS', navigation_type: 'navigate' }],
      ['Web Vital', { metric: 'LCP', value: 99, rating: 'good', id: 'v6-restored', navigation_type: 'navigate' }],
    ]);
  });

  it('reports nothing after teardown', async () => {
    const track = vi.fn();
    const p = vitalsPlugin();
    p.setup!({ track, report: vi.fn() } as unknown as EncoreApi);
    await p.teardown!();
    callbacks.get('FCP')!(metric('FCP', 100));
    expect(track).not.toHaveBeenCalled();
  });

  it('two instances do not share state', () => {
    const a = vi.fn();
    const b = vi.fn();
    vitalsPlugin().setup!({ track: a, report: vi.fn() } as unknown as EncoreApi);
    const first = callbacks.get('TTFB')!;
    vitalsPlugin().setup!({ track: b, report: vi.fn() } as unknown as EncoreApi);
    first(metric('TTFB', 50));
    callbacks.get('TTFB')!(metric('TTFB', 50));
    expect(a).toHaveBeenCalledTimes(1);
    expect(b).toHaveBeenCalledTimes(1);
  });
});
