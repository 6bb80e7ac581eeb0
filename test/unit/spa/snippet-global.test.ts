// The script-tag global's replay logic, against a fake instance (the real thing runs in
// test/browser/snippet against dist/encore.iife.js).
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createGlobal, BUFFER_KEY, type Entry } from '../../../src/snippet/index';
import type { Encore } from '../../../src/types';

function fakeInstance() {
  const calls: Array<[string, unknown[]]> = [];
  const handle = { update: vi.fn(), detach: vi.fn() };
  const inst: any = {};
  for (const m of ['track', 'page', 'identify', 'reset', 'consent', 'segments', 'use', 'on', 'off'])
    inst[m] = (...a: unknown[]) => {
      calls.push([m, a]);
      return inst;
    };
  inst.flush = () => Promise.resolve({ sent: 1, failed: 0, remaining: 0 });
  inst.shutdown = () => Promise.resolve();
  inst.attachVideo = (...a: unknown[]) => {
    calls.push(['attachVideo', a]);
    return handle;
  };
  return { inst: inst as Encore, calls, handle };
}

const page = { url: 'http://x/', path: '/', search: '', referrer: '', title: 't' };

describe('createGlobal', () => {
  beforeEach(() => localStorage.clear());

  it('replays stub entries in order with their time, messageId and page; init once', async () => {
    const { inst, calls, handle } = fakeInstance();
    const create = vi.fn(() => inst);
    const hStub: any = { update: () => {}, detach: () => {} };
    let flushed: unknown;
    const q: Entry[] = [
      ['track', ['Early', { a: 1 }], 1000, 'm1', page, null],
      ['init', [{ endpoint: '/v1/batch' }], 1001, 'm2', page, null],
      ['identify', ['u1'], 1002, 'm3', page, null],
      ['attachVideo', ['#v', { videoId: 'v1' }], 1003, 'm4', page, null, hStub],
      ['update', [{ title: 'x' }], 1004, 'm5', page, hStub],
      ['flush', [], 1005, 'm6', page, null, (v: unknown) => (flushed = v)],
      ['page', [null, undefined], 1006, 'm7', page, null, undefined, 1], // kept for the next page: skipped
      ['init', [{ endpoint: '/other' }], 1007, 'm8', page, null],
    ];
    const prior: any = { _q: q, track() {} };
    const g = createGlobal(prior, create);
    expect(create).toHaveBeenCalledTimes(1);
    expect(calls.map((c) => c[0])).toEqual(['track', 'identify', 'attachVideo']);
    expect(calls[0]![1]).toEqual(['Early', { a: 1 }, { timestamp: 1000, messageId: 'm1', page }]);
    expect(handle.update).toHaveBeenCalledWith({ title: 'x' });
    hStub.detach();
    expect(handle.detach).toHaveBeenCalled();
    await Promise.resolve();
    await Promise.resolve();
    expect(flushed).toEqual({ sent: 1, failed: 0, remaining: 0 });
    expect(q.length).toBe(0);

    // Later calls go straight through, also through the old stub object.
    g.track('Later');
    prior.track('Via stub');
    expect(calls.slice(-2).map((c) => c[1][0])).toEqual(['Later', 'Via stub']);
    expect(g.init({ endpoint: '/x' })).toBe(inst);
    expect(create).toHaveBeenCalledTimes(1);
    // A second copy of the library shares the first one's global and instance.
    const again = createGlobal(g, create);
    expect(again).toBe(g);
    expect(again.init({ endpoint: '/y' })).toBe(inst);
    again.track('From the second copy');
    expect(calls.at(-1)![1][0]).toBe('From the second copy');
    expect(create).toHaveBeenCalledTimes(1);
  });

  it('buffers calls made before init and drains what an earlier page kept', () => {
    const kept: Entry[] = [['track', ['Kept'], 500, 'k1', page]];
    localStorage.setItem(BUFFER_KEY, JSON.stringify(kept));
    const { inst, calls } = fakeInstance();
    const g = createGlobal(undefined, () => inst);
    g.track('Before init');
    expect(calls).toEqual([]);
    g.init({ endpoint: '/v1/batch' });
    expect(calls.map((c) => c[1][0])).toEqual(['Kept', 'Before init']);
    expect((calls[0]![1][2] as any).messageId).toBe('k1');
    expect(localStorage.getItem(BUFFER_KEY)).toBeNull();
  });

  it('starts from data-* config and logs (does not throw) an invalid buffered config', () => {
    const err = vi.spyOn(console, 'error').mockImplementation(() => {});
    const g = createGlobal({ _q: [['init', [{}], 1, 'a', page]] }, () => {
      throw new Error('bad config');
    });
    expect(err).toHaveBeenCalled();
    expect(() => g.init({ endpoint: '' })).toThrow('bad config');
    err.mockRestore();
    const { inst } = fakeInstance();
    const create = vi.fn(() => inst);
    createGlobal(undefined, create, { endpoint: '/v1/batch', autoPage: true });
    expect(create).toHaveBeenCalledWith({ endpoint: '/v1/batch', autoPage: true });
  });
});
