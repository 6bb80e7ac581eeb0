/**
 * Signed media URLs for members' videos. A URL is valid for one path until `exp` (unix seconds):
 * `sig = HMAC-SHA256(secret, path + "\n" + exp)`, base64url. Playlists are rewritten on the way
 * out so every variant playlist and segment they name carries its own signature (players fetch
 * those by relative URL and would otherwise lose the query string).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { posix } from 'node:path';

export class MediaSigner {
  constructor(
    private readonly secret: string,
    readonly ttlSec: number,
  ) {}

  private mac(path: string, exp: number): string {
    return createHmac('sha256', this.secret).update(`${path}\n${exp}`).digest('base64url');
  }

  /** A signed same-origin URL for `path` (which must start with "/"). */
  sign(path: string, exp = Math.floor(Date.now() / 1000) + this.ttlSec): string {
    return `${path}?exp=${exp}&sig=${this.mac(path, exp)}`;
  }

  /** Why a request for `path` with these params is refused, or null when it is valid. */
  check(path: string, params: URLSearchParams, nowSec = Date.now() / 1000): string | null {
    const expRaw = params.get('exp');
    const sig = params.get('sig');
    if (!expRaw || !sig) return 'unsigned';
    const exp = Number(expRaw);
    if (!Number.isInteger(exp)) return 'bad exp';
    const want = Buffer.from(this.mac(path, exp));
    const got = Buffer.from(sig);
    if (want.length !== got.length || !timingSafeEqual(want, got)) return 'bad signature';
    if (exp < nowSec) return 'expired';
    return null;
  }

  /** Rewrites the URIs of an HLS playlist at `playlistPath` into signed URLs with the same expiry. */
  signPlaylist(text: string, playlistPath: string, exp: number): string {
    const dir = posix.dirname(playlistPath);
    const signUri = (uri: string) => {
      if (/^[a-z]+:/i.test(uri) || uri.startsWith('//')) return uri; // absolute elsewhere: leave alone
      const abs = posix.normalize(uri.startsWith('/') ? uri.split('?')[0]! : posix.join(dir, uri.split('?')[0]!));
      return this.sign(abs, exp);
    };
    return text
      .split('\n')
      .map((line) => {
        const t = line.trim();
        if (!t) return line;
        if (t.startsWith('#')) return line.replace(/URI="([^"]+)"/g, (_m, u: string) => `URI="${signUri(u)}"`);
        return signUri(t);
      })
      .join('\n');
  }
}
