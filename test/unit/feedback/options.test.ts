/**
 * Pure logic of encore-sdk/feedback: option validation (one EncoreConfigError naming the option),
 * comment clean-up, the frequency cap and which order a days-after-order survey asks about.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { EncoreConfigError } from '../../../src/core/errors';
import { cleanComment, validateOptions } from '../../../src/widgets/feedback/options';
import { DAY_MS, capKey, dueOrder, forgetCap, isCapped, readCap, recordShown } from '../../../src/widgets/feedback/cap';

const ok = { surveyId: 'order-nps', type: 'nps' as const };
const history = { list: async () => [] };

function errorOf(options: unknown): EncoreConfigError {
  try {
    validateOptions(options);
  } catch (e) {
    expect(e).toBeInstanceOf(EncoreConfigError);
    return e as EncoreConfigError;
  }
  throw new Error('expected an EncoreConfigError');
}

describe('validateOptions', () => {
  it('accepts valid options and fills defaults', () => {
    expect(validateOptions(ok)).toMatchObject({ surveyId: 'order-nps', type: 'nps', periodDays: 90, comment: true });
    expect(validateOptions({ ...ok, type: 'csat', periodDays: 0, comment: false, afterOrderDays: 14, history })).toMatchObject({ periodDays: 0, comment: false });
  });

  it.each([
    [{ ...ok, type: 'stars' }, 'type', /type must be 'nps' or 'csat', got "stars"/],
    [{ type: 'nps' }, 'surveyId', /surveyId must be/],
    [{ ...ok, surveyId: 'has space' }, 'surveyId', /got "has space"/],
    [{ ...ok, periodDays: -1 }, 'periodDays', /0–3650/],
    [{ ...ok, afterOrderDays: 7 }, 'history', /history must be a purchase history/],
    [{ ...ok, afterOrderDays: '7', history }, 'afterOrderDays', /afterOrderDays must be a number/],
    [{ ...ok, afterVideo: 42 }, 'afterVideo', /a <video> element or a CSS selector/],
    [{ ...ok, afterVideo: 'video[' }, 'afterVideo', /a valid CSS selector, got "video\["/],
    [{ ...ok, afterVideo: '#v', manual: true }, 'manual', /one trigger per survey/],
    [{ ...ok, encore: {} }, 'encore', /an Encore instance/],
    [{ ...ok, lang: 'fr' }, 'lang', /'en' or 'ja'/],
    [{ ...ok, comment: 'yes' }, 'comment', /true or false/],
    [{ ...ok, surveyID: 'typo' }, 'surveyID', /a known option/],
    [null, 'options', /options must be an object/],
  ])('rejects %j naming %s', (options, key, message) => {
    const e = errorOf(options);
    expect(e.key).toBe(key);
    expect(e.message).toMatch(message);
  });
});

describe('cleanComment', () => {
  it('trims, drops empty comments and keeps at most 1,000 characters', () => {
    expect(cleanComment('  great knives \n')).toBe('great knives');
    expect(cleanComment('   ')).toBeUndefined();
    expect(cleanComment(undefined)).toBeUndefined();
    expect(cleanComment('x'.repeat(1500))).toHaveLength(1000);
  });

  it('counts characters, not UTF-16 units: an emoji at the limit is kept whole or left out', () => {
    const text = 'あ'.repeat(999) + '🔪🔪';
    const out = cleanComment(text)!;
    expect(Array.from(out)).toHaveLength(1000);
    expect(out.endsWith('🔪')).toBe(true);
    expect(out).not.toMatch(/[\uD800-\uDBFF]$/);
  });
});

describe('frequency cap', () => {
  beforeEach(() => localStorage.clear());
  const now = Date.UTC(2026, 11, 6);

  it('caps within the period, not after it, and not when the period is 0', () => {
    expect(isCapped(undefined, 30, now)).toBe(false);
    recordShown('s1', now);
    const r = readCap('s1');
    expect(r).toEqual({ at: now, orders: [] });
    expect(isCapped(r, 30, now + 29 * DAY_MS)).toBe(true);
    expect(isCapped(r, 30, now + 30 * DAY_MS)).toBe(false);
    expect(isCapped(r, 0, now + 1)).toBe(false);
    // A clock set back before the record does not lock the survey out forever.
    expect(isCapped(r, 30, now - DAY_MS)).toBe(false);
  });

  it('keeps one namespaced record per survey, remembers orders asked about, and forgets on request', () => {
    recordShown('s1', now, 'o-1');
    recordShown('s1', now + 1, 'o-2');
    expect(JSON.parse(localStorage.getItem(capKey('s1'))!)).toEqual({ at: now + 1, orders: ['o-1', 'o-2'] });
    expect(readCap('s2')).toBeUndefined();
    forgetCap('s1');
    expect(readCap('s1')).toBeUndefined();
  });

  it('treats a malformed record as never shown', () => {
    localStorage.setItem(capKey('s1'), '{not json');
    expect(readCap('s1')).toBeUndefined();
    localStorage.setItem(capKey('s1'), JSON.stringify({ at: 'yesterday' }));
    expect(readCap('s1')).toBeUndefined();
  });
});

describe('dueOrder', () => {
  const now = Date.UTC(2026, 11, 6);
  const purchases = [
    { product_id: 'a', order_id: 'o-old', at: now - 40 * DAY_MS, category: 'knives' },
    { product_id: 'b', order_id: 'o-mid', at: now - 15 * DAY_MS, category: 'oral-care' },
    { product_id: 'c', order_id: 'o-new', at: now - 2 * DAY_MS },
  ];

  it('picks the newest order at least N days old that was not asked about', () => {
    expect(dueOrder(purchases, 14, now)).toEqual({ key: 'o-mid', orderId: 'o-mid', category: 'oral-care' });
    expect(dueOrder(purchases, 14, now, ['o-mid'])).toEqual({ key: 'o-old', orderId: 'o-old', category: 'knives' });
    expect(dueOrder(purchases, 60, now)).toBeUndefined();
    expect(dueOrder([], 0, now)).toBeUndefined();
  });

  it('tells orders without an id apart by their time', () => {
    const at = now - 20 * DAY_MS;
    expect(dueOrder([{ at }], 7, now)).toEqual({ key: `at:${at}`, orderId: undefined, category: undefined });
    expect(dueOrder([{ at }], 7, now, [`at:${at}`])).toBeUndefined();
  });
});
