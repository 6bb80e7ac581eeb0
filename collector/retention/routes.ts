/**
 * HTTP handlers of the Retention section: `GET /api/retention` (the dashboard's JSON) and
 * `GET /audiences/retention/<name>.csv|.json` (ids only). Mounted by server.ts; same (absent)
 * auth as /api/stats and /audiences. Reads run through `store.read`, one at a time.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Store } from '../store';
import { sharedPerSecond } from '../shared-read';
import { AUDIENCE_NAMES, audienceMembers, computeRetention, type Period, type RetentionOptions } from './compute';

type Json = (res: ServerResponse, status: number, body: unknown, headers?: Record<string, string>) => void;

/** Options from the query string and env; a string error for bad input. */
export function parseOptions(url: URL, env: NodeJS.ProcessEnv = process.env): RetentionOptions | string {
  const period = url.searchParams.get('period') ?? 'week';
  if (period !== 'week' && period !== 'month') return 'period must be week or month';
  const opts: RetentionOptions = { period: period as Period };
  const param = url.searchParams.get('dormant_days');
  const fromEnv = env.ENCORE_DORMANT_DAYS?.trim();
  const raw = param ?? (fromEnv || null);
  if (raw !== null && raw !== '') {
    const days = Number(raw);
    if (!Number.isFinite(days) || days <= 0 || days > 3650) return 'dormant_days must be a number of days, 0-3650';
    opts.dormantDays = days;
    opts.dormantSource = param !== null ? 'param' : 'env';
  }
  const asOf = url.searchParams.get('as_of');
  if (asOf !== null) {
    if (Number.isNaN(new Date(asOf).getTime())) return 'as_of must be an ISO date';
    opts.asOf = asOf;
  }
  return opts;
}

/** CSV cell: quoted when needed, spreadsheet formulas defused (as in stats.ts). */
const cell = (v: unknown) => {
  const s = v === null || v === undefined ? '' : String(v);
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export function retentionRoutes(store: Store, json: Json) {
  // Dashboards polling share one computation per second per option set.
  const retention = sharedPerSecond((opts: RetentionOptions) => store.read((conn) => computeRetention(conn, opts)));

  /** Answers the request if it is a retention route; false otherwise. */
  return async function handle(_req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    const p = url.pathname;
    if (p === '/api/retention') {
      const opts = parseOptions(url);
      if (typeof opts === 'string') return json(res, 400, { error: opts }), true;
      json(res, 200, await retention(opts));
      return true;
    }
    const m = /^\/audiences\/retention\/([a-z-]+)\.(csv|json)$/.exec(p);
    if (!m) {
      if (p.startsWith('/audiences/retention/')) return json(res, 404, { error: 'no such audience', audiences: AUDIENCE_NAMES }), true;
      return false;
    }
    const opts = parseOptions(url);
    if (typeof opts === 'string') return json(res, 400, { error: opts }), true;
    const [, name, format] = m;
    const members = await store.read((conn) => audienceMembers(conn, name!, opts));
    if (!members) return json(res, 404, { error: 'no such audience', audiences: AUDIENCE_NAMES }), true;
    if (format === 'json') {
      json(res, 200, { audience: name, count: members.length, customers: members });
      return true;
    }
    const csv = ['customerId,userId,anonymousId', ...members.map((r) => [r.customerId, r.userId, r.anonymousId].map(cell).join(','))].join('\n') + '\n';
    res.writeHead(200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="retention-${name}.csv"`,
      'cache-control': 'no-store',
    });
    res.end(csv);
    return true;
  };
}
