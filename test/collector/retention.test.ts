/**
 * The Retention section against answers computed by hand: the fixture (retention-fixture.ts) goes
 * through the real collector's /v1/batch into a temp DuckDB, and /api/retention and the retention
 * audiences are compared with the arithmetic written next to each expectation. The SDK's own
 * lifecycle rule (src/segments/scoring.ts) is run on the same events to prove the stage counts agree.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyHistory, lifecycle, observe } from '../../src/segments/scoring';
import type { EncoreEvent } from '../../src/types';
import { http, postBatch, runCollector, tempDir, waitForEvents, type RunningCollector } from './helpers';
import { fixtureEvents } from './retention-fixture';

let c: RunningCollector;
const tmp = tempDir();
const events = fixtureEvents();

beforeAll(async () => {
  c = await runCollector({ dir: tmp.dir });
  const r = await postBatch(c.origin, { batch: events });
  expect(r.status).toBe(200);
  expect(r.json.rejected).toEqual([]);
  await waitForEvents(c.origin, (e) => e.length === events.length);
});
afterAll(async () => {
  await c?.stop();
  tmp.cleanup();
});

const get = async (q: string) => {
  const r = await http(c.origin, `/api/retention?${q}`);
  expect(r.status, r.text).toBe(200);
  return r.json;
};
const group = (body: any, split: string, grp: string) => body.groups.find((g: any) => g.split === split && g.group === grp);

describe('as of 2026-02-10, weekly', () => {
  let body: any;
  beforeAll(async () => (body = await get('as_of=2026-02-10T00:00:00Z&period=week')));

  it('counts customers with identify merging, orders deduplicated on order_id', () => {
    const all = group(body, 'all', 'all');
    // 25 customers (user-05 is one, across two devices); orders 4*3 + 6*2 + 15*1 = 39 (c03's repeat confirmation counts once).
    expect(all.customers).toBe(25);
    expect(all.orders).toBe(39);
    // 25*100 + 10*50 + 4*50 = 3200; AOV 3200 / 39 = 82.05.
    expect(all.revenue).toBe(3200);
    expect(all.aov).toEqual({ value: 82.05, n: 25 });
  });

  it('repeat purchase rate, days to second order, frequency', () => {
    const all = group(body, 'all', 'all');
    expect(all.repeatRate).toEqual({ value: 40, n: 25, count: 10 });
    expect(all.medianDaysToSecondOrder).toEqual({ value: null, n: 10 }); // 10 repeaters < 20: withheld
    expect(all.purchaseFrequency).toEqual({ value: 1.56, n: 25 }); // 39 / 25
  });

  it('historical CLV counts only customers whose window has elapsed', () => {
    const all = group(body, 'all', 'all');
    // Within 30 days: 4*(100+50+50) + 6*(100+50) + 15*100 = 3200 over 25 = 128. 90 days from Jan 5 is April 5: nobody yet.
    expect(all.clv.d30).toEqual({ value: 128, n: 25 });
    expect(all.clv.d90).toEqual({ value: null, n: 0 });
    expect(all.clv.d365).toEqual({ value: null, n: 0 });
  });

  it('dormant threshold defaults to twice the median gap between orders', () => {
    // Gaps: 8 of c01-c04 and 6 of c05-c10, all 10 days: median 10, dormant after 20, at risk after 10.
    expect(body.medianDaysBetweenOrders).toBe(10);
    expect(body.dormantDays).toBe(20);
    expect(body.dormantDaysSource).toBe('median');
    const all = group(body, 'all', 'all');
    // Last orders: c01-c04 Jan 25 (16 days: at risk), c05-c10 Jan 15 (26), c11-c25 Jan 5 (36): dormant 6 + 15.
    expect(all.dormant).toBe(21);
    expect(all.atRisk).toBe(4);
  });

  it('weekly cohort table: 40 % order again the next week, 16 % the week after', () => {
    const all = group(body, 'all', 'all');
    expect(all.cohorts).toHaveLength(1);
    const cohort = all.cohorts[0];
    expect(cohort.cohort).toBe('2026-01-05');
    expect(cohort.size).toBe(25);
    // Jan 15 is in week 1, Jan 25 (a Sunday) in week 2; weeks up to Feb 9's begin: k = 1..5.
    expect(cohort.periods.map((p: any) => [p.k, p.value, p.count])).toEqual([[1, 40, 10], [2, 16, 4], [3, 0, 0], [4, 0, 0], [5, 0, 0]]);
  });

  it('NPS and CSAT from Survey Responded, customers only', () => {
    const all = group(body, 'all', 'all');
    // 8 promoters, 6 passives, 6 detractors of 20: (8 - 6) / 20 = 10.
    expect(all.nps).toEqual({ value: 10, n: 20, promoters: 8, detractors: 6 });
    expect(all.csat).toEqual({ value: 4, n: 20 }); // (10*5 + 10*3) / 20
    expect(body.respondentsWithoutOrder).toBe(1);
    expect(body.comments.map((x: any) => x.comment).sort()).toEqual(['<img src=x onerror="window.__xss=1">Too slow', 'Love the videos']);
  });

  it('splits: watched past startup after the first order, interest at first order, first-order category; n < 20 withholds', () => {
    const watched = group(body, 'watched', 'watched');
    const not = group(body, 'watched', 'not watched');
    // c01-c12 (c13 left before start, c14 watched before ordering).
    expect(watched.customers).toBe(12);
    expect(not.customers).toBe(13);
    expect(watched.repeatRate).toEqual({ value: null, n: 12 });
    expect(not.nps).toEqual({ value: null, n: 8 }); // c13-c20 answered
    expect(watched.dormant).toBe(8); // c05-c10 and c11-c12; c01-c04 are at risk
    expect(group(body, 'segment', 'interest:running').customers).toBe(12);
    expect(group(body, 'segment', 'interest:yoga').customers).toBe(13);
    expect(group(body, 'category', 'running').customers).toBe(15);
    expect(group(body, 'category', 'yoga').customers).toBe(10);
    expect(body.groups.some((g: any) => g.group === 'lifecycle:new')).toBe(false);
  });

  it('an explicit dormant_days moves the threshold', async () => {
    const b = await get('as_of=2026-02-10T00:00:00Z&dormant_days=30');
    expect(b.dormantDays).toBe(30);
    expect(b.dormantDaysSource).toBe('param');
    const all = group(b, 'all', 'all');
    expect(all.dormant).toBe(15); // 36 days > 30
    expect(all.atRisk).toBe(10); // over 10 days, at most 30
    expect((await http(c.origin, '/api/retention?dormant_days=-1')).status).toBe(400);
    expect((await http(c.origin, '/api/retention?period=year')).status).toBe(400);
  });
});

/** The SDK's rule on the same events, per customer (events of an identified anonymousId merged into its userId). */
function sdkStages(asOf: number): Record<string, number> {
  const map = new Map<string, string>();
  for (const e of events) if (e.type === 'identify') map.set(e.anonymousId, e.userId);
  const byCustomer = new Map<string, any[]>();
  for (const e of [...events].sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp))) {
    if (Date.parse(e.timestamp) > asOf) continue;
    const id = e.userId ?? map.get(e.anonymousId) ?? e.anonymousId;
    byCustomer.set(id, [...(byCustomer.get(id) ?? []), e]);
  }
  const counts: Record<string, number> = {};
  for (const list of byCustomer.values()) {
    const h = emptyHistory();
    for (const e of list) observe(h, e as EncoreEvent);
    const stage = lifecycle(h, asOf);
    counts[stage] = (counts[stage] ?? 0) + 1;
  }
  return counts;
}

describe('lifecycle stages agree with the SDK rule', () => {
  for (const asOf of ['2026-02-10T00:00:00Z', '2026-06-01T00:00:00Z']) {
    it(`as of ${asOf}`, async () => {
      const body = await get(`as_of=${asOf}`);
      const server = group(body, 'all', 'all').lifecycle;
      const sdk = sdkStages(Date.parse(asOf));
      expect(server).toEqual(sdk);
      if (asOf.startsWith('2026-02')) expect(sdk).toEqual({ loyal: 4, repeat: 6, 'first-purchase': 15, engaged: 1, new: 2 });
      // By June nobody was active for 90 days but c24, who came back after 90+ days and did not order: dormant all the same.
      else expect(sdk).toEqual({ dormant: 25, engaged: 1, new: 2 });
    });
  }
});

describe('retention audiences (ids only)', () => {
  const members = async (name: string) => {
    const r = await http(c.origin, `/audiences/retention/${name}.json?as_of=2026-02-10T00:00:00Z`);
    expect(r.status).toBe(200);
    return r.json.customers.map((m: any) => m.customerId).sort();
  };
  const ids = (...n: number[]) => n.map((i) => (i === 5 ? 'user-05' : `r-anon-${String(i).padStart(2, '0')}`)).sort();

  it('dormant repeat buyers, past usual reorder time, promoters, detractors, watchers without a second order', async () => {
    expect(await members('dormant-repeat-buyers')).toEqual(ids(5, 6, 7, 8, 9, 10));
    expect(await members('past-reorder-time')).toEqual(ids(1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
    expect(await members('promoters')).toEqual(ids(1, 2, 3, 4, 5, 6, 7, 8));
    expect(await members('detractors')).toEqual(ids(15, 16, 17, 18, 19, 20));
    expect(await members('watchers-not-reordered')).toEqual(ids(11, 12));
  });

  it('CSV carries the ids, with the merged customer’s userId and latest anonymousId', async () => {
    const r = await http(c.origin, '/audiences/retention/dormant-repeat-buyers.csv?as_of=2026-02-10T00:00:00Z');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toMatch(/text\/csv/);
    const lines = r.text.trim().split('\n');
    expect(lines[0]).toBe('customerId,userId,anonymousId');
    expect(lines).toContain('user-05,user-05,r-anon-05b');
    expect(lines).toContain('r-anon-06,,r-anon-06');
    expect(lines).toHaveLength(7);
    const json = await http(c.origin, '/audiences/retention/dormant-repeat-buyers.json?as_of=2026-02-10T00:00:00Z');
    expect(json.json.customers.find((m: any) => m.customerId === 'user-05').anonymousIds.sort()).toEqual(['r-anon-05', 'r-anon-05b']);
    expect((await http(c.origin, '/audiences/retention/nobody.csv')).status).toBe(404);
  });
});
