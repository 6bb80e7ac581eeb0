import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { validateManifest } from '../../../src/widgets/gallery/validate';
import type { GalleryItem, GalleryLock, GalleryManifest, GalleryPlayback } from '../../../src/widgets/gallery/types';
import { itemSchema, lockSchema, manifestSchema, playbackSchema } from './manifestSchema';
import { good, bad } from './fixtures';

/** A schema's output as the validator gives it: null means absent. */
type Validated<T> = { [K in keyof T]: Exclude<T[K], null> };
type Assignable<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** true when A and B have the same fields (optional ones too) with the same types; `tsc`, which covers the tests, checks the calls below. */
type Same<A, B> = Assignable<A, B> extends true ? Assignable<keyof A, keyof B> : false;
const same = <T extends true>(_: T) => {};

describe('the manifest contract (manifestSchema.ts)', () => {
  it('has the fields and field types of the validated types in types.ts', () => {
    same<Same<Validated<z.output<typeof playbackSchema>>, GalleryPlayback>>(true);
    same<Same<Validated<z.output<typeof lockSchema>>, Omit<GalleryLock, 'cta'> & { cta?: GalleryLock['cta'] }>>(true);
    type Item = z.output<typeof itemSchema>;
    // types.ts flattens the two kinds of item into one interface with both optional.
    type Flat = Validated<Omit<Extract<Item, { locked: false }>, 'playback'>> & { locked: boolean; playback?: GalleryPlayback; lock?: GalleryLock };
    same<Same<Omit<Flat, 'locked'>, Omit<GalleryItem, 'locked'>>>(true);
    same<Same<keyof Validated<z.output<typeof manifestSchema>>, keyof GalleryManifest>>(true);
  });

  it('keeps no field of a valid item that the contract does not define', () => {
    const fields = new Set([...Object.keys(itemSchema.options[0].shape), ...Object.keys(itemSchema.options[1].shape)]);
    for (const item of validateManifest({ id: 'g', items: good }, 'https://shop.example.com/').manifest!.items) {
      for (const key of Object.keys(item)) expect(fields, key).toContain(key);
    }
  });
});

describe('validateManifest', () => {
  it('agrees with the zod schema on every item', () => {
    for (const item of [...good, ...bad]) {
      const zodOk = itemSchema.safeParse(item).success;
      const ours = validateManifest({ id: 'g', items: [item] }).manifest!.items.length === 1;
      expect(ours, JSON.stringify(item)).toBe(zodOk);
    }
  });

  it('skips invalid items and keeps the rest, describing each problem', () => {
    const { manifest, problems } = validateManifest({ id: 'g', title: 'T', items: [...bad, ...good] }, 'https://shop.example.com/api/gallery/g');
    expect(manifest!.items.map((i) => i.id)).toEqual(good.map((i) => i.id));
    expect(problems.filter((p) => p.includes('skipped'))).toHaveLength(bad.length);
  });

  it('rejects a document that is not a manifest', () => {
    for (const doc of [null, [], 'x', { id: 'g' }, { items: [] }, { id: 1, items: [] }]) {
      expect(validateManifest(doc).manifest).toBeNull();
    }
  });

  it('caps a runaway manifest at 500 items', () => {
    const items = Array.from({ length: 600 }, (_, i) => ({ id: `i${i}`, title: 't', locked: true }));
    const { manifest, problems } = validateManifest({ id: 'g', items });
    expect(manifest!.items).toHaveLength(500);
    expect(problems).toEqual(['only the first 500 of 600 items are shown']);
  });

  it('skips duplicate ids', () => {
    const { manifest, problems } = validateManifest({ id: 'g', items: [good[1], good[1]] });
    expect(manifest!.items).toHaveLength(1);
    expect(problems[0]).toMatch(/duplicate/);
  });

  it('never keeps playback on a locked item', () => {
    const { manifest, problems } = validateManifest({ id: 'g', items: [good[6]] });
    expect(manifest!.items[0]!.playback).toBeUndefined();
    expect(JSON.stringify(manifest)).not.toContain('leak');
    expect(problems[0]).toMatch(/discarded/);
  });

  it('resolves relative URLs against the manifest URL and drops unsafe ones', () => {
    const src = 'https://shop.example.com/api/gallery/g';
    const items = [
      { id: 'a', title: 'a', locked: true, poster: 'javascript:alert(1)', lock: { reason: 'tier', tier: 'gold', cta: { label: 'x', url: 'javascript:alert(1)' } } },
      { id: 'b', title: 'b', locked: false, playback: { src: 'javascript:alert(1)' } },
      { id: 'c', title: 'c', locked: false, poster: 'data:image/png;base64,AAAA', playback: { src: '/m/c.mp4' } },
      { id: 'd', title: 'd', locked: true, poster: 'http://evil.example/x.jpg', lock: { cta: { label: 'go', url: '../join' } } },
    ];
    const { manifest, problems } = validateManifest({ id: 'g', items }, src);
    const [a, c, d] = manifest!.items;
    expect(manifest!.items.map((i) => i.id)).toEqual(['a', 'c', 'd']);
    expect(a!.poster).toBeUndefined();
    expect(a!.lock!.cta).toBeUndefined();
    expect(c!.poster).toBeUndefined();
    expect(c!.playback!.src).toBe('https://shop.example.com/m/c.mp4');
    expect(d!.poster).toBeUndefined();
    expect(d!.lock!.cta!.url).toBe('https://shop.example.com/api/join');
    expect(problems.join('\n')).toMatch(/playback.src/);
  });
});
