/**
 * The survey's options: their types, their validation at the edge (one `EncoreConfigError` naming
 * the first bad option), and the comment clean-up. Pure logic, unit-tested without a browser.
 */
import { EncoreConfigError } from '../../core/errors';
import type { Encore } from '../../types';
import type { Lang, Strings } from '../shared/lang';

export type SurveyType = 'nps' | 'csat';

/** What the days-after-order trigger reads: a purchase history such as `purchaseHistoryPlugin()` or `localPurchaseHistory()` of encore-sdk/recommendations. */
export interface SurveyPurchaseHistory {
  /** Stored purchases (`at` in epoch ms); `[]` without personalization consent. */
  list(): Promise<Array<{ at: number; order_id?: string; category?: string }>>;
}

/** Options of `renderSurvey` (and properties of `<encore-survey>`). */
export interface SurveyOptions {
  /** Names the survey in events and in the frequency cap (letters, digits, `_ . : -`; at most 100). */
  surveyId: string;
  /** `nps`: 0–10 "how likely to recommend"; `csat`: 1–5 "how satisfied". */
  type: SurveyType;
  /** The Encore instance events go through; default the global `window.encore`. */
  encore?: Encore | null;
  /** Shows when this video (element or selector) fires `ended`. */
  afterVideo?: HTMLVideoElement | string;
  /** Shows on a page load this many days (or more) after an order in `history`, once per order. */
  afterOrderDays?: number;
  /** Purchase history for `afterOrderDays`. */
  history?: SurveyPurchaseHistory;
  /** Shows only when `show()` is called (e.g. from a "Give feedback" button). */
  manual?: boolean;
  /** Shows at most once per this many days per survey on this device; default 90; 0 for no cap. */
  periodDays?: number;
  /** Show the optional comment field; default true. */
  comment?: boolean;
  /** The question, instead of the default one for `type`. Plain text. */
  question?: string;
  /** Sent with every event (defaults: the video's `data-encore-video` / `data-encore-category`). */
  videoId?: string;
  orderId?: string;
  category?: string;
  lang?: Lang;
  /** String overrides per language (keys in strings.ts). */
  strings?: Strings;
  /** Move focus into the survey when it appears; default only when a user action just happened (`navigator.userActivation`). */
  focus?: boolean;
}

/** Options after validation, with defaults. */
export type Survey = SurveyOptions & { periodDays: number; comment: boolean };

export const MAX_COMMENT = 1000;
const ID = /^[\w.:-]{1,100}$/;
const MAX_DAYS = 3650;

const describe = (v: unknown): string => {
  try {
    return (typeof v == 'function' ? 'a function' : JSON.stringify(v) ?? String(v)).slice(0, 60);
  } catch {
    return String(v);
  }
};

const fail = (key: string, expected: string, v: unknown): never => {
  throw new EncoreConfigError(`Illegal survey option: ${key} must be ${expected}, got ${describe(v)}`, key, v);
};

const optStr = (o: Record<string, unknown>, key: string, max = 200) => {
  const v = o[key];
  if (v !== undefined && !(typeof v == 'string' && v.length > 0 && v.length <= max)) fail(key, `a string of 1–${max} characters`, v);
};

const KNOWN = 'surveyId type encore afterVideo afterOrderDays history manual periodDays comment question videoId orderId category lang strings focus'.split(' ');

/** Checks the options; throws one `EncoreConfigError` for the first problem. */
export function validateOptions(input: unknown): Survey {
  if (!input || typeof input != 'object') fail('options', 'an object', input);
  const o = input as Record<string, unknown>;
  for (const k of Object.keys(o)) if (!KNOWN.includes(k)) fail(k, 'a known option (' + KNOWN.join(', ') + ')', o[k]);
  if (!(typeof o.surveyId == 'string' && ID.test(o.surveyId))) fail('surveyId', '1–100 letters, digits, _ . : or -', o.surveyId);
  if (o.type !== 'nps' && o.type !== 'csat') fail('type', "'nps' or 'csat'", o.type);
  const e = o.encore;
  if (e != null && typeof (e as Encore).track != 'function') fail('encore', 'an Encore instance', e);
  const v = o.afterVideo;
  if (v !== undefined && !(typeof v == 'string' ? v.trim() : typeof HTMLVideoElement != 'undefined' && v instanceof HTMLVideoElement))
    fail('afterVideo', 'a <video> element or a CSS selector', v);
  if (typeof v == 'string' && typeof document != 'undefined')
    try {
      document.createDocumentFragment().querySelector(v);
    } catch {
      fail('afterVideo', 'a valid CSS selector', v);
    }
  const d = o.afterOrderDays;
  if (d !== undefined && !(typeof d == 'number' && d >= 0 && d <= MAX_DAYS)) fail('afterOrderDays', `a number of days, 0–${MAX_DAYS}`, d);
  if (d !== undefined && typeof (o.history as SurveyPurchaseHistory | undefined)?.list != 'function')
    fail('history', 'a purchase history ({ list() }) when afterOrderDays is set', o.history);
  const triggers = ['afterVideo', 'afterOrderDays', 'manual'].filter((k) => o[k] !== undefined && o[k] !== false);
  if (triggers.length > 1) fail(triggers[1]!, `left out when ${triggers[0]} is set (one trigger per survey)`, o[triggers[1]!]);
  for (const k of ['manual', 'comment', 'focus']) if (o[k] !== undefined && typeof o[k] != 'boolean') fail(k, 'true or false', o[k]);
  const p = o.periodDays;
  if (p !== undefined && !(typeof p == 'number' && p >= 0 && p <= MAX_DAYS)) fail('periodDays', `a number of days, 0–${MAX_DAYS}`, p);
  optStr(o, 'question', 500);
  for (const k of ['videoId', 'orderId', 'category']) optStr(o, k);
  if (o.lang !== undefined && o.lang !== 'en' && o.lang !== 'ja') fail('lang', "'en' or 'ja'", o.lang);
  if (o.strings !== undefined && (typeof o.strings != 'object' || !o.strings)) fail('strings', 'an object { en?, ja? }', o.strings);
  return { ...(o as unknown as SurveyOptions), periodDays: p === undefined ? 90 : (p as number), comment: o.comment !== false };
}

/** The comment as sent: trimmed, at most 1,000 characters (code points, so no emoji is cut in half); `undefined` when empty. */
export function cleanComment(text: unknown): string | undefined {
  if (typeof text != 'string') return undefined;
  const chars = Array.from(text.trim()).slice(0, MAX_COMMENT);
  return chars.length ? chars.join('').trim() : undefined;
}

/** The score range of a survey type. */
export const scaleOf = (type: SurveyType): [number, number] => (type == 'nps' ? [0, 10] : [1, 5]);
