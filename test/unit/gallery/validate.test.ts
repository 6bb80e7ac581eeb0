import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { validateManifest } from '../../../src/widgets/gallery/validate';
import { good, bad } from './fixtures';

// The manifest contract as a zod schema: the compact validator must accept exactly what this accepts
// (URL safety is an extra rule on top, checked separately).
// ISO 8601 only: Date.parse would also take "soon 1" in V8 (not in Firefox or WebKit).
const date = z.union([z.iso.date(), z.iso.datetime({ offset: true, local: true })]);
const opt = <T extends z.ZodType>(t: T) => t.nullish();
const base = {
  id: z.string().trim().min(1),
  title: z.string().trim().min(1),
  description: opt(z.string()),
  category: opt(z.string()),
  productIds: opt(z.array(z.string())),
  poster: opt(z.string()),
  durationSec: opt(z.number().finite().min(0)),
  publishedAt: opt(date),
};
const Item = z.discriminatedUnion('locked', [
  z.object({
    ...base,
    locked: z.literal(false),
    playback: z.object({ src: z.string().trim().min(1), type: opt(z.string()), expiresAt: opt(date) }),
  }),
  z.object({
    ...base,
    locked: z.literal(true),
    lock: opt(
      z.object({
        reason: opt(z.string()),
        tier: opt(z.string()),
        productId: opt(z.string()),
        productName: opt(z.string()),
        availableAt: opt(date),
        cta: opt(z.object({ label: z.string(), url: z.string() })),
      }),
    ),
  }),
]);

describe('validateManifest', () => {
  it('agrees with the zod schema on every item', () => {
    for (const item of [...good, ...bad]) {
      const zodOk = Item.safeParse(item).success;
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
