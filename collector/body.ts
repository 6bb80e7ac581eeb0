/**
 * Reads a request body with a hard size cap. Over the cap it stops reading at once (the rest of
 * the upload is never buffered) and the caller answers 413. Gzip bodies are inflated, with the same cap.
 */
import type { IncomingMessage } from 'node:http';
import { gunzipSync } from 'node:zlib';

export type BodyResult = { ok: true; text: string } | { ok: false; reason: 'too_large' | 'aborted' | 'bad_encoding' };

export function readBody(req: IncomingMessage, maxBytes: number): Promise<BodyResult> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.resolve({ ok: false, reason: 'too_large' });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (r: BodyResult) => {
      if (done) return;
      done = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('aborted', onError);
      resolve(r);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        req.pause();
        finish({ ok: false, reason: 'too_large' });
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      const raw = Buffer.concat(chunks, size);
      const encoding = String(req.headers['content-encoding'] ?? '').toLowerCase();
      if (encoding !== 'gzip') return finish({ ok: true, text: raw.toString('utf8') });
      // Gzip (some Segment-compatible libraries send it), capped after decompression too.
      try {
        finish({ ok: true, text: gunzipSync(raw, { maxOutputLength: maxBytes }).toString('utf8') });
      } catch (error) {
        finish({ ok: false, reason: (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' ? 'too_large' : 'bad_encoding' });
      }
    };
    const onError = () => finish({ ok: false, reason: 'aborted' });
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('aborted', onError);
  });
}
