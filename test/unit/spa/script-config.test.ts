import { describe, expect, it } from 'vitest';
import { configFromScript } from '../../../src/snippet/index';

const tag = (attrs: Record<string, string>) => {
  const s = document.createElement('script');
  for (const [k, v] of Object.entries(attrs)) s.setAttribute(k, v);
  return s;
};

describe('configFromScript', () => {
  it('needs data-endpoint', () => {
    expect(configFromScript(tag({ 'data-write-key': 'k' }))).toBeUndefined();
    expect(configFromScript(null)).toBeUndefined();
  });
  it('reads endpoint, write key, consent and flags', () => {
    expect(
      configFromScript(tag({ 'data-endpoint': '/v1/batch', 'data-write-key': 'shop', 'data-consent': 'pending', 'data-auto-page': '', 'data-auto-video': '' })),
    ).toEqual({ endpoint: '/v1/batch', writeKey: 'shop', consent: 'pending', autoPage: true, autoVideo: true });
    expect(configFromScript(tag({ 'data-endpoint': '/e', 'data-auto-page': 'false', 'data-auto-video': 'video.pdp' }))).toEqual({
      endpoint: '/e',
      autoPage: false,
      autoVideo: 'video.pdp',
    });
  });
});
