/** Manifest items used by the unit tests: valid ones, and bad ones that must be skipped. */
export const good = [
  {
    id: 'bts-01',
    title: 'Behind the scenes',
    description: 'How the shoe is made',
    category: 'running',
    productIds: ['SKU1'],
    poster: 'https://cdn.example.com/p.jpg',
    durationSec: 95,
    publishedAt: '2026-11-20T10:00:00Z',
    locked: false,
    playback: { src: 'https://cdn.example.com/m.m3u8?token=a', type: 'application/vnd.apple.mpegurl', expiresAt: '2026-11-25T10:00:00Z' },
  },
  { id: 'rel-1', title: 'Preview', locked: true, lock: { reason: 'release', availableAt: '2026-12-01T03:00:00Z' } },
  { id: 'tier-1', title: 'Gold', poster: '/p/t.jpg', locked: true, lock: { reason: 'tier', tier: 'gold', cta: { label: 'Join', url: '/join' } } },
  { id: 'buy-1', title: 'How-to', locked: true, lock: { reason: 'purchase', productId: 'SKU9' } },
  { id: 'mp4', title: 'MP4', locked: false, playback: { src: '/media/a.mp4' }, description: null },
  { id: 'bare-lock', title: 'No lock object', locked: true },
  { id: 'pb-on-locked', title: 'Leaky', locked: true, playback: { src: 'https://cdn.example.com/leak.m3u8' } },
];

export const bad = [
  null,
  'string',
  { title: 'no id', locked: false, playback: { src: 'https://x/y.mp4' } },
  { id: '', title: 'empty id', locked: true },
  { id: 'no-title', locked: true },
  { id: 'no-locked', title: 'x' },
  { id: 'locked-string', title: 'x', locked: 'false' },
  { id: 'no-playback', title: 'x', locked: false },
  { id: 'pb-no-src', title: 'x', locked: false, playback: {} },
  { id: 'bad-dur', title: 'x', locked: true, durationSec: -1 },
  { id: 'bad-dur2', title: 'x', locked: true, durationSec: '95' },
  { id: 'bad-date', title: 'x', locked: true, publishedAt: 'yesterday' },
  // V8's Date.parse reads free text with a number in it as a date; the contract says ISO 8601.
  { id: 'bad-date-v8', title: 'x', locked: true, lock: { reason: 'release', availableAt: 'from December 1' } },
  { id: 'bad-products', title: 'x', locked: true, productIds: [1, 2] },
  { id: 'bad-lock', title: 'x', locked: true, lock: 'gold' },
  { id: 'bad-cta', title: 'x', locked: true, lock: { reason: 'tier', cta: { label: 'x' } } },
  { id: 'bad-title', title: 42, locked: true },
];
