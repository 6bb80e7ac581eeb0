/**
 * Contact details never reach disk in the clear. When an event's traits carry an email or a phone
 * number, the collector replaces them, before the request is journaled, stored or forwarded, with
 * the SHA-256 hashes that ad platforms' customer-list uploads match on, and only when the event
 * says the shopper gave marketing consent. Without that consent the values are dropped unhashed.
 *
 * Normalization, as Google Customer Match and Meta custom audiences require before hashing:
 * - email: trimmed and lower-cased;
 * - phone: E.164 (`+` country code, digits only). A number written without `+` needs the store's
 *   country calling code (`PHONE_COUNTRY_CODE`, e.g. `81`); its trunk `0` is dropped
 *   (`090-1234-5678` → `+819012345678`). Without a country code such a number is dropped.
 * Meta hashes the same digits without the `+`, so both hashes are kept.
 */
import { createHash } from 'node:crypto';

/** Trait keys read as an email or a phone number (Segment's spec names first). */
const EMAIL_KEYS = ['email', 'email_address'];
const PHONE_KEYS = ['phone', 'phone_number', 'mobile'];

/** What replaces them in `traits` (the raw keys are removed). */
export interface HashedContact {
  email_sha256?: string;
  /** SHA-256 of the E.164 form with `+` (Google Customer Match). */
  phone_sha256?: string;
  /** SHA-256 of the E.164 digits without `+` (Meta). */
  phone_digits_sha256?: string;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** A plausible email, trimmed and lower-cased; null when it is not one. */
export function normalizeEmail(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const email = value.trim().toLowerCase();
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) && email.length <= 254 ? email : null;
}

/** E.164 (`+819012345678`), or null when the number cannot be made one. */
export function normalizePhone(value: unknown, countryCode: string | null): string | null {
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  const text = String(value).trim();
  const international = text.startsWith('+') || text.startsWith('00');
  let digits = text.replace(/\D/g, '');
  if (text.startsWith('00')) digits = digits.slice(2);
  if (!international) {
    if (!countryCode) return null;
    digits = countryCode + digits.replace(/^0/, '');
  }
  // E.164: at most 15 digits; 8 is the shortest real number with its country code.
  return digits.length >= 8 && digits.length <= 15 && !digits.startsWith('0') ? `+${digits}` : null;
}

/** The hashes for these traits' email and phone (nothing for values that are not valid). */
export function hashContact(traits: Record<string, unknown>, countryCode: string | null): HashedContact {
  const out: HashedContact = {};
  const email = EMAIL_KEYS.map((k) => normalizeEmail(traits[k])).find(Boolean);
  if (email) out.email_sha256 = sha256(email);
  const phone = PHONE_KEYS.map((k) => normalizePhone(traits[k], countryCode)).find(Boolean);
  if (phone) {
    out.phone_sha256 = sha256(phone);
    out.phone_digits_sha256 = sha256(phone.slice(1));
  }
  return out;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Removes raw contact details from one parsed event, in place, and adds their hashes where the
 * event carries marketing consent. Looks at `traits` (identify) and `context.traits` (any event).
 * Returns whether the event changed.
 */
export function redactContact(event: unknown, countryCode: string | null): boolean {
  if (!isObject(event)) return false;
  const context = isObject(event.context) ? event.context : null;
  const marketing = isObject(context?.consent) && context.consent.marketing === true;
  let changed = false;
  for (const traits of [event.traits, context?.traits]) {
    if (!isObject(traits)) continue;
    const keys = [...EMAIL_KEYS, ...PHONE_KEYS].filter((k) => k in traits);
    if (keys.length === 0) continue;
    const hashes = marketing ? hashContact(traits, countryCode) : {};
    for (const k of keys) delete traits[k];
    Object.assign(traits, hashes);
    changed = true;
  }
  return changed;
}
