/**
 * HTTP handler of the Feature results section: `GET /api/features` (the dashboard's JSON).
 * Mounted by server.ts; same (absent) auth as /api/stats. Reads run through `store.read`, one at
 * a time, and dashboards polling at once share one computation per second.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Store } from '../store';
import { sharedPerSecond } from '../shared-read';
import { computeFeatures } from './compute';

type Json = (res: ServerResponse, status: number, body: unknown, headers?: Record<string, string>) => void;

export function featureRoutes(store: Store, json: Json) {
  const features = sharedPerSecond(() => store.read((conn) => computeFeatures(conn)));

  /** Answers the request if it is a feature-results route; false otherwise. */
  return async function handle(_req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    if (url.pathname !== '/api/features') return false;
    json(res, 200, await features());
    return true;
  };
}
