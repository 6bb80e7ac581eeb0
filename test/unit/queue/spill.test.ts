import { beforeEach, describe, expect, it } from 'vitest';
import { spill, takeSpilled, unspill } from '../../../src/queue/spill';
import type { EncoreEvent } from '../../../src/types';

const ev = (id: string) => ({ type: 'track', event: 'Web Vital', messageId: id }) as unknown as EncoreEvent;
const ids = (list: EncoreEvent[]) => list.map((e) => e.messageId);

describe('page-hide spill', () => {
  beforeEach(() => localStorage.clear());

  it('keeps what each hide spilled until the next page takes it, then nothing is left', () => {
    spill('shop', [ev('a'), ev('b')]);
    spill('shop', [ev('c')]);
    expect(ids(takeSpilled('shop'))).toEqual(['a', 'b', 'c']);
    expect(takeSpilled('shop')).toEqual([]);
    expect(localStorage.getItem('encore:shop:late')).toBeNull();
  });

  it('forgets events once their write committed, and the entry once it is empty', () => {
    spill('shop', [ev('a'), ev('b')]);
    unspill('shop', ['a']);
    expect(JSON.parse(localStorage.getItem('encore:shop:late')!).map((e: EncoreEvent) => e.messageId)).toEqual(['b']);
    unspill('shop', ['b', 'x']);
    expect(localStorage.getItem('encore:shop:late')).toBeNull();
  });

  it('keeps the newest 100, per namespace', () => {
    spill('shop', Array.from({ length: 130 }, (_, i) => ev(`e${i}`)));
    spill('other', [ev('o')]);
    const kept = ids(takeSpilled('shop'));
    expect(kept).toHaveLength(100);
    expect(kept[0]).toBe('e30');
    expect(ids(takeSpilled('other'))).toEqual(['o']);
  });

  it('ignores a damaged entry instead of throwing', () => {
    localStorage.setItem('encore:shop:late', '{not json');
    expect(takeSpilled('shop')).toEqual([]);
    localStorage.setItem('encore:shop:late', JSON.stringify([null, 7, { messageId: 'ok' }]));
    expect(ids(takeSpilled('shop'))).toEqual(['ok']);
    spill('shop', [ev('a')]);
    expect(ids(takeSpilled('shop'))).toEqual(['a']);
  });
});
