/**
 * Serves the committed HLS/MP4 fixtures (test/fixtures/hls) and the DASH one (test/fixtures/dash,
 * under `dash/`) through the test server with faults
 * injected per scenario: a chosen segment delayed, failed with a status, or dropped; an MP4 whose
 * body pauses part-way (a progressive-download stall).
 *
 * URLs: `/media/<scenario>/master.m3u8`, `/media/<scenario>/r0/seg3.m4s`, `/media/<scenario>/clip.mp4`,
 * `/media/<scenario>/dash/manifest.mpd`, `/media/<scenario>/dash/r1-seg4.m4s`.
 * The scenario is part of the path so the relative segment URLs inside the playlists keep it;
 * `/media/master.m3u8?scenario=<name>` also works (its variant URLs are rewritten into that path).
 * `/media/plain/...` (or any unknown scenario) serves the fixtures untouched.
 */
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import type { ServerResponse } from 'node:http';
import { ROOT, type TestServer } from './server';
import { letTimePass } from './wait';

export const FIXTURES = join(ROOT, 'test/fixtures/hls');
const DASH_FIXTURES = join(ROOT, 'test/fixtures/dash');

export interface MediaRule {
  /** A fixture path (`r0/seg3.m4s`), or a pattern tested against it (`/seg3\.m4s$/` = every rendition). */
  match: string | RegExp;
  /** Answer this much later. */
  delayMs?: number;
  /** Answer with this status and no body (404, 500...). */
  status?: number;
  /** Destroy the connection without an answer. */
  drop?: boolean;
  /** For a file: send this share (0..1) of the body, then pause `pauseMs` before the rest. */
  pauseAt?: number;
  pauseMs?: number;
  /** Apply to the first N matching requests only (default: all). */
  times?: number;
}

export interface MediaRequest {
  scenario: string;
  path: string;
  /** Date.now() on arrival. */
  at: number;
  /** The rule applied, if any. */
  rule?: MediaRule;
}

export interface MediaServer {
  /** Registers a scenario; returns the master playlist path for it. */
  scenario(name: string, rules: MediaRule[]): string;
  /** Every media request, in arrival order. */
  requests: MediaRequest[];
  /** Path of the master playlist of a scenario. */
  master(name?: string): string;
  /** Path of the MP4 of a scenario. */
  mp4(name?: string): string;
  /** Path of the DASH manifest of a scenario (register its rules with `scenario()` first). */
  mpd(name?: string): string;
}

const TYPES: Record<string, string> = {
  '.m3u8': 'application/vnd.apple.mpegurl',
  '.m4s': 'video/iso.segment',
  '.mp4': 'video/mp4',
  '.mpd': 'application/dash+xml',
};

/** Adds the `/media/` route to a test server. */
export function serveMedia(server: TestServer, prefix = '/media/'): MediaServer {
  const scenarios = new Map<string, Array<MediaRule & { used: number }>>();
  const requests: MediaRequest[] = [];

  server.route(prefix, async (req, res: ServerResponse) => {
    const rest = req.path.slice(prefix.length);
    // `/media/master.m3u8?scenario=x`: the master playlist with its variant URLs pointed at scenario x.
    const picked = new URL(req.url, 'http://x').searchParams.get('scenario');
    if (picked && !rest.includes('/')) {
      const text = await readFile(join(FIXTURES, 'master.m3u8'), 'utf8');
      const body = text.replace(/^(?!#)(\S+)$/gm, `${prefix}${picked}/$1`);
      requests.push({ scenario: picked, path: 'master.m3u8', at: Date.now() });
      return { status: 200, headers: { 'content-type': TYPES['.m3u8']! }, body };
    }
    const slash = rest.indexOf('/');
    const name = rest.slice(0, slash);
    const path = normalize(rest.slice(slash + 1)).replace(/^([/\\])+/, '');
    const root = path.startsWith('dash/') ? DASH_FIXTURES : FIXTURES;
    const file = join(root, root == FIXTURES ? path : path.slice('dash/'.length));
    if (slash < 0 || !file.startsWith(root)) return { status: 404, body: 'bad media path' };
    const rule = scenarios
      .get(name)
      ?.find((r) => (typeof r.match == 'string' ? r.match == path : r.match.test(path)) && (r.times === undefined || r.used < r.times));
    if (rule) rule.used++;
    requests.push({ scenario: name, path, at: Date.now(), rule });
    if (rule?.delayMs) await letTimePass(rule.delayMs); // the injected slow first byte
    if (rule?.drop) return { status: 0, drop: true };
    if (rule?.status) return { status: rule.status, body: `injected ${rule.status}` };
    let data: Buffer;
    try {
      data = await readFile(file);
    } catch {
      return { status: 404, body: 'not found' };
    }
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'content-length': String(data.length),
      'cache-control': 'no-store',
      'access-control-allow-origin': '*',
      // No byte ranges: the browser downloads progressively, so a pause in the body is a real stall.
      'accept-ranges': 'none',
    });
    if (rule?.pauseAt !== undefined) {
      const cut = Math.floor(data.length * rule.pauseAt);
      res.write(data.subarray(0, cut));
      await letTimePass(rule.pauseMs ?? 0); // the injected pause in the download
      if (!res.destroyed) res.end(data.subarray(cut));
    } else res.end(data);
  });

  return {
    requests,
    scenario(name, rules) {
      scenarios.set(
        name,
        rules.map((r) => ({ ...r, used: 0 })),
      );
      return `${prefix}${name}/master.m3u8`;
    },
    master: (name = 'plain') => `${prefix}${name}/master.m3u8`,
    mp4: (name = 'plain') => `${prefix}${name}/clip.mp4`,
    mpd: (name = 'plain') => `${prefix}${name}/dash/manifest.mpd`,
  };
}
