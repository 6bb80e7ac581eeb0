/**
 * The test merchant's manifests: what each customer (`anon`, `gold`, `buyer`) is entitled to, with
 * signed, expiring playback URLs, and the broken variants the tests ask for through `GalleryState`
 * (expired URLs, leaked playback on locked items, invalid items, XSS payloads in every field).
 */
import { createHash } from 'node:crypto';
import type { GalleryState } from './support';

const SECRET = 'gallery-test-secret';
const POSTERS = '/test/browser/gallery/fixtures';

/** The media route's token for `file` (the master playlist or MP4) of `customer`, valid until `exp`. */
export const sign = (customer: string, file: string, exp: number) => createHash('sha256').update(`${SECRET}|${customer}|${file}|${exp}`).digest('hex').slice(0, 20);

/** Next December 1st, 03:00 UTC (noon in Tokyo), always in the future. */
export function nextDecember1(now = new Date()): Date {
  const d = new Date(Date.UTC(now.getUTCFullYear(), 11, 1, 3));
  if (d.getTime() <= now.getTime()) d.setUTCFullYear(d.getUTCFullYear() + 1);
  return d;
}

export function manifestFor(customer: string, state: GalleryState) {
  const now = Date.now();
  const expired = state.expiredNext > 0;
  if (expired) state.expiredNext--;
  const exp = expired ? now - 60_000 : now + 10 * 60_000;
  const playback = (file: string, type: string) => ({
    src: `/media/gallery/${file}?c=${customer}&exp=${exp}&token=${sign(customer, file, exp)}`,
    type,
    expiresAt: new Date(exp).toISOString(),
  });
  const leak = state.leak ? { playback: { src: '/media/gallery/clip.mp4?LEAK=1', type: 'video/mp4' } } : {};
  const gold = customer === 'gold';
  const buyer = customer === 'buyer' || gold;
  const items: any[] = [
    {
      id: 'intro',
      title: 'Welcome to the Run Club',
      description: 'Meet the coaches behind our training plans.',
      category: 'running',
      productIds: ['SKU1'],
      poster: `${POSTERS}/intro.svg`,
      durationSec: 12,
      publishedAt: new Date(now - 2 * 864e5).toISOString(),
      locked: false,
      playback: playback('clip.mp4', 'video/mp4'),
    },
    gold
      ? { id: 'bts-01', title: 'Inside the Trail Runner 3 lab', description: 'Prototypes, testing rigs and the people who run them.', category: 'running', productIds: ['SKU9'], poster: `${POSTERS}/lab.svg`, durationSec: 12, publishedAt: new Date(now - 40 * 864e5).toISOString(), locked: false, playback: playback('master.m3u8', 'application/vnd.apple.mpegurl') }
      : { id: 'bts-01', title: 'Inside the Trail Runner 3 lab', description: 'Prototypes, testing rigs and the people who run them.', poster: `${POSTERS}/lab.svg`, durationSec: 12, locked: true, lock: { reason: 'tier', tier: 'gold', cta: { label: 'Join Gold', url: '/members/join' } }, ...leak },
    buyer
      ? { id: 'howto-01', title: 'Lacing for long runs', description: 'Three lacing patterns for your Trail Runner 3.', category: 'running', productIds: ['SKU9'], poster: `${POSTERS}/lacing.svg`, durationSec: 12, locked: false, playback: playback('clip.mp4', 'video/mp4') }
      : { id: 'howto-01', title: 'Lacing for long runs', description: 'Three lacing patterns for your Trail Runner 3.', poster: `${POSTERS}/lacing.svg`, locked: true, lock: { reason: 'purchase', productId: 'SKU9', productName: 'Trail Runner 3', cta: { label: 'Shop Trail Runner 3', url: '/products/SKU9' } }, ...leak },
    {
      id: 'drop-01',
      title: 'First look: the spring colorway',
      poster: `${POSTERS}/spring.svg`,
      publishedAt: new Date(now - 864e5).toISOString(),
      locked: true,
      lock: { reason: 'release', availableAt: nextDecember1().toISOString(), cta: { label: 'Notify me', url: '/notify' } },
      ...leak,
    },
  ];
  if (state.invalidItems) items.splice(1, 0, { id: 'broken', locked: false }, { id: 'bad-url', title: 'x', locked: false, playback: { src: 'javascript:alert(1)' } });
  if (state.xss) return xssManifest();
  return { id: 'members-running', title: 'Members’ running films', items };
}

const X = '<img src=x onerror="window.__xss=1">';
function xssManifest() {
  const js = 'javascript:window.__xss=1';
  const item = (id: string, locked: boolean, extra: object) => ({
    id: `${id}"><img src=x onerror="window.__xss=1">`,
    title: `${X} ${id}`,
    description: `<script>window.__xss=1</script> ${id}`,
    category: `<svg onload="window.__xss=1">`,
    productIds: [`"><svg onload="window.__xss=1">`],
    poster: js,
    publishedAt: new Date().toISOString(),
    locked,
    ...extra,
  });
  return {
    id: `members"><img src=x onerror="window.__xss=1">`,
    title: `<b onmouseover="window.__xss=1">Gallery</b>${X}`,
    items: [
      item('t', true, { lock: { reason: 'tier', tier: X, cta: { label: X, url: js } } }),
      item('p', true, { lock: { reason: 'purchase', productId: X, productName: `<svg onload="window.__xss=1">`, cta: { label: X, url: 'data:text/html,<script>parent.__xss=1</script>' } } }),
      // (availableAt must be an ISO date: text there skips the item in every engine; unit-tested.)
      item('r', true, { lock: { reason: X, availableAt: nextDecember1().toISOString(), cta: { label: X, url: '//evil.example/x' } } }),
      item('u', false, { poster: 'javascript:alert(1)', playback: { src: '/media/gallery/clip.mp4?t=1', type: X, expiresAt: new Date(Date.now() + 6e5).toISOString() } }),
      item('j', false, { playback: { src: js, type: 'video/mp4' } }),
    ],
  };
}
