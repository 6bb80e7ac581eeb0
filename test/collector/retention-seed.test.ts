/**
 * The seeded history (`--seed-history`) end to end: a collector started with ENCORE_SEED_HISTORY=1
 * and a fixed ENCORE_SEED_END fills /api/retention with the generator's own truth (seedPlan), and
 * the dashboard's Retention section renders it in real Chromium without errors, comments as text.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedPlan } from '../../collector/retention/seed';
import { launchBrowser, openPage } from '../support/browser';
import { http, makeEvent, postBatch, runCollector, tempDir, type RunningCollector } from './helpers';

const END = '2026-06-01T00:00:00.000Z';
const plan = seedPlan(Date.parse(END));
let c: RunningCollector;
let browser: Browser;
const tmp = tempDir();

beforeAll(async () => {
  [c, browser] = await Promise.all([runCollector({ dir: tmp.dir, env: { ENCORE_SEED_HISTORY: '1', ENCORE_SEED_END: END } }), launchBrowser()]);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await c?.stop();
  tmp.cleanup();
});

/** Polls until the seeded rows are committed (the seed is submitted before the server listens, committed just after). */
async function retention(q = `as_of=${END}`) {
  let body: any;
  await expect
    .poll(async () => {
      body = (await http(c.origin, `/api/retention?${q}`)).json;
      return body?.groups?.find((g: any) => g.split === 'all')?.customers;
    }, { timeout: 30_000, interval: 200 })
    .toBe(plan.customers.length);
  return body;
}

it('the Retention JSON matches the generator truth', async () => {
  const body = await retention();
  const all = body.groups.find((g: any) => g.split === 'all');
  const customers = plan.customers;
  expect(all.customers).toBe(customers.length);
  expect(all.orders).toBe(customers.reduce((n, x) => n + x.orders.length, 0));
  const repeaters = customers.filter((x) => x.orders.length >= 2).length;
  expect(all.repeatRate.count).toBe(repeaters);
  // The planted cohort: 20 customers in the first week, 8 of them order again the next week.
  const first = all.cohorts[0];
  expect(first.size).toBe(20);
  expect(first.periods[0]).toMatchObject({ k: 1, value: 40, count: 8, n: 20 });
  const watched = body.groups.find((g: any) => g.split === 'watched' && g.group === 'watched');
  expect(watched.customers).toBe(customers.filter((x) => x.watched).length);
  const answered = customers.filter((x) => x.nps);
  expect(all.nps.n).toBe(answered.length);
  expect(all.nps.promoters).toBe(answered.filter((x) => x.nps!.score >= 9).length);
  expect(all.nps.detractors).toBe(answered.filter((x) => x.nps!.score <= 6).length);
  // CLV 30: customers whose first order is 30+ days before the end, revenue within 30 days of it.
  const eligible = customers.filter((x) => x.orders[0]!.at + 30 * 864e5 <= Date.parse(END));
  const revenue = eligible.reduce((s, x) => s + x.orders.filter((o) => o.at < x.orders[0]!.at + 30 * 864e5).reduce((t, o) => t + o.total, 0), 0);
  expect(all.clv.d30.n).toBe(eligible.length);
  expect(all.clv.d30.value).toBeCloseTo(revenue / eligible.length, 2);
});

it('the dashboard renders the Retention section from it, comments as text, no console errors', async () => {
  const html = '<img src=x onerror="window.__xss=1">Slow';
  const posted = await postBatch(c.origin, { batch: [makeEvent({ event: 'Survey Responded', anonymousId: 'seed-anon-1', properties: { survey_id: 's', survey_type: 'nps', score: 2, comment: html } })] });
  expect(posted.status).toBe(200);
  const { page, log } = await openPage(browser, `${c.origin}/dashboard`);
  await page.waitForFunction(() => document.getElementById('retention')?.dataset.state === 'ok' && document.querySelectorAll('#cohorts tbody tr').length > 1);
  const customers = await page.locator('[data-retention="customers"]').textContent();
  expect(customers).toBe(plan.customers.length.toLocaleString('en-US'));
  expect(await page.locator('#cohorts tbody tr').count()).toBeGreaterThan(10);
  const curve = JSON.parse((await page.locator('[data-chart="retention-curve"]').getAttribute('data-values'))!);
  expect(curve.series.map((s: any) => s.label)).toEqual(['watched', 'did not watch']);
  expect(curve.series[0].data.filter((v: unknown) => typeof v === 'number').length).toBeGreaterThan(5);
  expect(await page.locator('[data-chart="retention-curve"] canvas').count()).toBe(1);
  expect(await page.locator('#comments li').count()).toBeGreaterThan(0);
  await page.waitForFunction((t) => [...document.querySelectorAll('#comments .comment')].some((e) => e.textContent === t), html);
  expect(await page.locator('#comments img').count()).toBe(0);
  expect(await page.locator('#retention-audiences a').count()).toBe(10);
  // Bars: a readable width however many categories.
  const barPx = Number(await page.locator('[data-chart="startup"]').getAttribute('data-bar-px'));
  expect(barPx).toBeGreaterThanOrEqual(10);
  // Switching to months refetches and redraws.
  await page.selectOption('#retention-controls select[name="period"]', 'month');
  await page.waitForFunction(() => (document.querySelector('#cohorts tbody tr td')?.textContent ?? '').endsWith('-01'));
  expect(log.errors).toEqual([]);
  expect(log.console.filter((m) => m.startsWith('error'))).toEqual([]);
});
