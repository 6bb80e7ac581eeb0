/**
 * Static files from an allow-list of repository folders (never the whole tree: the database,
 * sources and secrets stay private).
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import type { ServerResponse } from 'node:http';

export const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.m3u8': 'application/vnd.apple.mpegurl',
  '.ts': 'video/mp2t',
  '.m4s': 'video/iso.segment',
  '.mp4': 'video/mp4',
  '.vtt': 'text/vtt; charset=utf-8',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.d.ts': 'text/plain; charset=utf-8',
};

/** Resolves `rel` inside `dir`, or null when it escapes it. */
export function safeJoin(dir: string, rel: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rel);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const base = resolve(dir);
  const file = resolve(join(base, decoded));
  return file === base || file.startsWith(base + sep) ? file : null;
}

/** Sends a file (index.html for folders), honouring a single byte `Range`; false when there is none. */
export async function sendFile(
  res: ServerResponse,
  file: string,
  headers: Record<string, string> = {},
  method = 'GET',
  range?: string,
): Promise<boolean> {
  let path = file;
  try {
    let s = await stat(path);
    if (s.isDirectory()) {
      path = join(path, 'index.html');
      s = await stat(path);
    }
    if (!s.isFile()) return false;
    const type = MIME[extname(path)] ?? 'application/octet-stream';
    const base = { 'content-type': type, 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff', 'accept-ranges': 'bytes', ...headers };
    let start = 0;
    let end = s.size - 1;
    let status = 200;
    const m = range ? /^bytes=(\d*)-(\d*)$/.exec(range.trim()) : null;
    if (m && (m[1] || m[2])) {
      if (m[1]) {
        start = Number(m[1]);
        if (m[2]) end = Math.min(end, Number(m[2]));
      } else start = Math.max(0, s.size - Number(m[2]));
      if (start > end || start >= s.size) {
        res.writeHead(416, { 'content-range': `bytes */${s.size}` }).end();
        return true;
      }
      status = 206;
      Object.assign(base, { 'content-range': `bytes ${start}-${end}/${s.size}` });
    }
    res.writeHead(status, { ...base, 'content-length': String(s.size === 0 ? 0 : end - start + 1) });
    if (method === 'HEAD' || s.size === 0) {
      res.end();
      return true;
    }
    await new Promise<void>((done) => {
      const stream = createReadStream(path, { start, end });
      stream.on('error', () => {
        res.destroy();
        done();
      });
      stream.on('end', () => done());
      stream.pipe(res);
    });
    return true;
  } catch {
    return false;
  }
}
