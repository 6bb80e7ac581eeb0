/**
 * The demo's stand-in for a store's messaging tool (`DEMO_TRIGGERS=1 npm start`): a webhook
 * receiver on 127.0.0.1 that verifies each trigger's signature, as a real receiver must, and logs
 * what the store would send ("checkout_abandoned for user-… : SKU-RUN-SHOES"). The collector's
 * triggers are pointed at it with a fresh secret and a short abandonment time, so leaving a
 * checkout in the demo shop shows a signed webhook in the terminal a few minutes later.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifySignature } from './triggers/sign';

export async function startDemoReceiver(log: (line: string) => void): Promise<{ url: string; secret: string; close(): void }> {
  const secret = randomBytes(24).toString('hex');
  const seen = new Set<string>();
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (d) => (raw += d));
    req.on('end', () => {
      if (!verifySignature(secret, raw, req.headers['encore-signature'] as string | undefined)) {
        log('[demo receiver] refused a webhook with a bad signature');
        return res.writeHead(401).end();
      }
      try {
        const hook = JSON.parse(raw);
        const again = seen.has(hook.trigger_id) ? ' (again: deduped on trigger_id)' : '';
        seen.add(hook.trigger_id);
        const about = [...(hook.products ?? []).map((p: { product_id: string }) => p.product_id), ...(hook.videos ?? []).map((v: { id: string }) => v.id)];
        log(`[demo receiver] ${hook.trigger} for ${hook.customer?.id}${about.length ? `: ${about.join(', ')}` : ''} (signature ok)${again}`);
      } catch {
        log('[demo receiver] a signed webhook that is not JSON');
      }
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hooks/encore`, secret, close: () => server.close() };
}
